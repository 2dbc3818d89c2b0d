/** The facts about a source folder the kernel and the volume tell: its mount, USB serial, FAT id and label. */
import fs from 'node:fs';
import path from 'node:path';
import { parseMountInfo } from '../core/mount-table.js';
import { sourceIdentityOf, type SourceFacts, type SourceIdentity } from '../core/source-identity.js';
import { readFatIdentity, usbSerialOfBlockDevice } from './volume-identity.js';

export function identifySource(realPath: string, mountInfoPath = '/proc/self/mountinfo'): SourceIdentity & { facts: SourceFacts } {
  let mounts: ReturnType<typeof parseMountInfo> = [];
  try {
    mounts = parseMountInfo(fs.readFileSync(mountInfoPath, 'utf8'));
  } catch {
    // No mount table (not Linux): the real path is the identity.
  }
  const within = (m: string) => realPath === m || realPath.startsWith(m.endsWith(path.sep) ? m : m + path.sep);
  const mount = mounts.filter((m) => within(m.mountPoint)).sort((a, b) => b.mountPoint.length - a.mountPoint.length)[0];
  const block = mount?.source.startsWith('/dev/') ? mount.source : null;
  const fat = block ? readFatIdentity(block) : null;
  const facts: SourceFacts = {
    realPath,
    mountPoint: mount?.mountPoint ?? null,
    usbSerial: block ? usbSerialOfBlockDevice(block) : null,
    label: fat?.label ?? null,
    uuid: fat?.uuid ?? null,
  };
  return { ...sourceIdentityOf(facts), facts };
}
