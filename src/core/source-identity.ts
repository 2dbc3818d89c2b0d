/**
 * Which source an ingest reads, as one key: the recorder volume's own identity when it has one (USB
 * serial, FAT volume id and label), else the folder's real path. One session per key at a time, and
 * a file already stored from the same key is never stored again, whatever recorder number is typed.
 * Only a FAT volume counts as a volume here: folders on the PC's own disks are known by their path.
 * The tag names the source's own quarantine folder: label, else volume id, else the folder's name.
 */
import path from 'node:path';
import { checkFileName } from './vault-layout.js';

export interface SourceFacts {
  /** The source folder, symlinks resolved. */
  realPath: string;
  /** The mount point the folder lies on, if known. */
  mountPoint: string | null;
  usbSerial: string | null;
  label: string | null;
  uuid: string | null;
}

export interface SourceIdentity {
  key: string;
  tag: string;
}

const usableTag = (t: string | null | undefined): string | null => {
  if (!t) return null;
  const c = checkFileName(t.trim());
  return c.ok ? c.name : null;
};

export function sourceIdentityOf(f: SourceFacts): SourceIdentity {
  // A FAT volume id marks a recorder's (or card's) volume; a system disk has none, so its folders are told apart by path.
  if (f.uuid) {
    const key = `volume:${f.usbSerial ?? '-'}:${f.uuid ?? '-'}:${f.label ?? '-'}`;
    return { key, tag: usableTag(f.label) ?? usableTag(f.uuid) ?? usableTag(f.usbSerial) ?? 'volume' };
  }
  return { key: `path:${f.realPath}`, tag: usableTag(path.basename(f.realPath)) ?? usableTag(f.mountPoint && path.basename(f.mountPoint)) ?? 'unknown' };
}
