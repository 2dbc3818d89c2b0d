/**
 * The one adapter for the machine's groups: a group's id by name (getent, so NSS sources count;
 * /etc/group where getent is missing) and the ids of this process.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { ProcessIds } from '../core/output-access.js';

/** The gid of `name` in group(5) text, or null. */
export function gidInGroupFile(text: string, name: string): number | null {
  for (const line of text.split('\n')) {
    const [group, , gid] = line.split(':');
    if (group === name && gid !== undefined && /^\d+$/.test(gid.trim())) return Number(gid.trim());
  }
  return null;
}

/** The id of group `name` on this machine, or null when there is no such group. */
export function groupId(name: string, groupFile = '/etc/group'): number | null {
  const r = spawnSync('getent', ['group', name], { encoding: 'utf8' });
  if (!r.error) return r.status === 0 ? gidInGroupFile(r.stdout, name) : null; // status 2: no such group
  try {
    return gidInGroupFile(fs.readFileSync(groupFile, 'utf8'), name);
  } catch {
    return null;
  }
}

export function processIds(): ProcessIds {
  return { uid: process.geteuid?.() ?? -1, gid: process.getegid?.() ?? -1, groups: process.getgroups?.() ?? [] };
}
