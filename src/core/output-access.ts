/**
 * Who may read what export and disc build write outside the vault (archive sets, disc images,
 * registers): the service user and the group of the role the act was done in, never anyone else.
 * Pure: the group's id and the process's ids are looked up by the caller (adapters/os-group.ts).
 */
import type { Role } from './types.js';

/** Files written for people to read: owner read/write, group read, nothing for others. */
export const OUTPUT_FILE_MODE = 0o640;
/** Files sealed read-only (exported originals): owner and group read, nothing else. */
export const OUTPUT_SEALED_MODE = 0o440;
/** Folders: owner all, group may enter and list, nothing for others. */
export const OUTPUT_DIR_MODE = 0o750;
/** The umask tools that create output files themselves (xorriso, Chromium) run under, at least. */
export const OUTPUT_UMASK = 0o027;

/** The OS group of each role (scripts/sudoers-roles.example). */
export const ROLE_GROUPS: Readonly<Record<Role, string>> = {
  custodian: 'evidence-custodian',
  archivist: 'evidence-archivist',
  auditor: 'evidence-auditor',
  approver: 'evidence-approver',
  admin: 'evidence-admin',
};

export function roleGroupName(role: string | null): string | null {
  return role !== null && Object.hasOwn(ROLE_GROUPS, role) ? ROLE_GROUPS[role as Role] : null;
}

export interface ProcessIds {
  uid: number;
  gid: number;
  groups: readonly number[];
}

export interface OutputGroup {
  /** The group to give outputs; null: keep the process's own group. */
  gid: number | null;
  /** The role's group name, when the role has one. */
  name: string | null;
  /** One line saying which group is used and why. */
  note: string;
}

/**
 * The group outputs get: the role's group when it exists here and the process may chgrp to it (root,
 * or a member); otherwise the process's own group. Modes carry no world bits either way.
 */
export function outputGroup(role: string | null, roleGid: number | null, ids: ProcessIds): OutputGroup {
  const name = roleGroupName(role);
  const own = `the process's own group (gid ${ids.gid})`;
  if (name === null) return { gid: null, name: null, note: `outputs keep ${own}: ${role === null ? 'no role was checked' : `role ${role} has no group`}` };
  if (roleGid === null) return { gid: null, name, note: `outputs keep ${own}: group ${name} does not exist on this machine` };
  const member = ids.uid === 0 || ids.gid === roleGid || ids.groups.includes(roleGid);
  if (!member) return { gid: null, name, note: `outputs keep ${own}: uid ${ids.uid} is not a member of ${name} (gid ${roleGid})` };
  return { gid: roleGid, name, note: `outputs get group ${name} (gid ${roleGid}) of role ${role}` };
}

/** An output's owner, group and permission bits as the file system reports them. */
export interface OutputStat {
  mode: number;
  uid: number;
  gid: number;
}

/**
 * File systems that keep no Unix owners or modes: the mount gives every file one owner, group and
 * mode (FAT, exFAT, NTFS through FUSE, the FUSE FAT driver).
 */
export function keepsNoOwners(fsType: string): boolean {
  return /^(vfat|msdos|exfat|ntfs|fuseblk|fuse\.(fusefat|exfat|exfat-fuse|ntfs-3g))$/.test(fsType);
}

/**
 * A FUSE mount open to every account (`allow_other`) whose kernel does not check the modes it shows
 * (no `default_permissions`): the FUSE FAT driver shows root 0700 and lets anyone read.
 */
export function fuseOpenToAll(fsType: string, superOptions: readonly string[]): boolean {
  return /^fuse(blk|\.|$)/.test(fsType) && superOptions.includes('allow_other') && !superOptions.includes('default_permissions');
}

/**
 * Who, beyond the service's account, root and the outputs' group, could use an output as a file system
 * that keeps no owners or modes gives it (its mount's owner, group and mode): `others` (world bits),
 * `group` (a group's bits, of another group, or the group's write: a sealed original is never
 * writable), `owner` (the owner's bits, another account); null when nobody.
 */
export function strangersIn(st: OutputStat, ids: Pick<ProcessIds, 'uid' | 'gid'>, outputGid: number | null): 'others' | 'group' | 'owner' | null {
  const mode = st.mode & 0o777;
  if (mode & 0o007) return 'others';
  if (mode & 0o020) return 'group';
  if (mode & 0o070 && ![outputGid ?? ids.gid, ids.gid, 0].includes(st.gid)) return 'group';
  if (mode & 0o700 && ![ids.uid, 0].includes(st.uid)) return 'owner';
  return null;
}
