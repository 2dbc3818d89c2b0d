/**
 * The kernel's mount table (/proc/self/mountinfo), parsed and compared. Pure: the poller reads the
 * text, this decides what appeared and what went. A mount is known by its id and mount point: the
 * same volume mounted again gets a new id, which is a new dock.
 */
import path from 'node:path';

export interface MountEntry {
  mountId: number;
  /** Where it is mounted (octal escapes undone). */
  mountPoint: string;
  fsType: string;
  /** The mount source: a block device (/dev/sdb1), or a name such as "fusefat". */
  source: string;
  readOnly: boolean;
}

/** mountinfo escapes space, tab, newline and backslash as \ooo. */
function unescapeOctal(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
}

/** Each line's fields before the ` - ` separator and after it (the optional fields make their number vary). */
function* mountLines(text: string): Generator<{ left: string[]; right: string[] }> {
  for (const line of text.split('\n')) {
    const sep = line.indexOf(' - ');
    if (sep < 0) continue;
    yield { left: line.slice(0, sep).split(' '), right: line.slice(sep + 3).split(' ') };
  }
}

export function parseMountInfo(text: string): MountEntry[] {
  const entries: MountEntry[] = [];
  for (const { left, right } of mountLines(text)) {
    if (left.length < 6 || right.length < 2) continue;
    entries.push({
      mountId: Number(left[0]),
      mountPoint: unescapeOctal(left[4]!),
      fsType: right[0]!,
      source: unescapeOctal(right[1]!),
      readOnly: left[5]!.split(',').includes('ro'),
    });
  }
  return entries;
}

/** Mounts strictly below one of the media roots (the root itself is not a recorder). */
export function mountsUnder(entries: readonly MountEntry[], roots: readonly string[]): MountEntry[] {
  const resolved = roots.map((r) => path.resolve(r));
  return entries.filter((e) => resolved.some((r) => e.mountPoint.startsWith(r + path.sep)));
}

export function mountKey(e: MountEntry): string {
  return `${e.mountId}:${e.mountPoint}`;
}

export interface MountChanges {
  added: MountEntry[];
  removed: MountEntry[];
}

export function diffMounts(before: readonly MountEntry[], after: readonly MountEntry[]): MountChanges {
  const was = new Set(before.map(mountKey));
  const is = new Set(after.map(mountKey));
  return { added: after.filter((e) => !was.has(mountKey(e))), removed: before.filter((e) => !is.has(mountKey(e))) };
}

/** What the mount table says of the file system with device number `major:minor`. */
export interface MountOfDevice {
  fsType: string;
  /** The file system's own options (the last field: `user_id=0,allow_other`, `fmask=0022`, …). */
  superOptions: string[];
}

/** The mount of the file system whose device is `major:minor` (the stat's), or null; the last one wins, as the kernel's view. */
export function mountOfDevice(text: string, major: number, minor: number): MountOfDevice | null {
  const want = `${major}:${minor}`;
  let found: MountOfDevice | null = null;
  for (const { left, right } of mountLines(text)) {
    if (left[2] !== want || right.length < 3) continue;
    found = { fsType: right[0]!, superOptions: right[2]!.split(',') };
  }
  return found;
}
