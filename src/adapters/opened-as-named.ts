/**
 * A recorder's file, once opened, is the one its name names, reached through no link. The scan lists a
 * volume without following links, and the open refuses a link in the file's own place (O_NOFOLLOW);
 * but a folder on the way, swapped for a link since the scan, would be followed anywhere on the PC
 * the service may read, and that file stored as the recorder's. The kernel says where the open went
 * (/proc/self/fd): anywhere but the name itself is refused.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

export function openedAsNamed(fd: number, name: string): void {
  let real: string;
  try {
    real = fs.readlinkSync(`/proc/self/fd/${fd}`);
  } catch {
    return; // no /proc to ask (not Linux): the open's own O_NOFOLLOW is all there is
  }
  if (real !== path.resolve(name)) {
    throw Object.assign(new Error(`${name} leads through a link to ${real} (a folder swapped since the scan?): not copied`), { code: 'ELOOP' });
  }
}

/** What changes when anyone writes a file: its size and modify time, its change time (from its open handle). */
export interface WriteMark {
  size: bigint;
  mtimeNs: bigint;
  ctimeNs: bigint;
  nlink: bigint;
}
export const writeMark = (st: fs.BigIntStats): WriteMark => ({ size: st.size, mtimeNs: st.mtimeNs, ctimeNs: st.ctimeNs, nlink: st.nlink });

/**
 * A source written while it was copied (a file rewritten in place, at the same size, in a drop folder)
 * would be stored as a mix of bytes no file ever held: refused, left where it is, taken again later.
 * The change time catches a write whose modify time was set back; it also moves when the name is
 * removed or linked (the link count says so), which leaves the bytes as they were and is not refused.
 */
export function unchangedSince(file: string, before: WriteMark, after: WriteMark): void {
  const written = before.size !== after.size || before.mtimeNs !== after.mtimeNs || (before.ctimeNs !== after.ctimeNs && before.nlink === after.nlink);
  if (written) throw Object.assign(new Error(`${file} was written to while it was copied: not stored (it is taken again once it no longer changes)`), { code: 'ECHANGED' });
}

/** What a name swapped since the scan for something else than a regular file (a FIFO, a device) gets. */
export const notRegular = (file: string, verb: string): Error =>
  Object.assign(new Error(`${file} is not a regular file (swapped since the scan?): not ${verb}`), { code: 'EINVAL' });

/**
 * `file` opened to be read, refused unless it is a regular file. O_NONBLOCK: a name swapped for a
 * FIFO since it was listed opens at once (and is refused) instead of blocking the worker for ever;
 * on a regular file the flag changes nothing. O_NOFOLLOW: a link in the file's own place is refused.
 */
export async function openRegular(file: string, verb: string): Promise<fsp.FileHandle> {
  const fh = await fsp.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  try {
    if (!(await fh.stat()).isFile()) throw notRegular(file, verb);
    return fh;
  } catch (err) {
    await fh.close().catch(() => undefined);
    throw err;
  }
}
