/**
 * What a copy written with O_DIRECT needs (durable-file.ts): the file opened direct where the file
 * system's direct I/O can be trusted, and a last chunk padded to whole pages.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { FsyncError } from './fsync-error.js';
import { PAGE } from './io-rings.js';

/** `slot`'s first `n` bytes and zeros up to the next page boundary (a direct write's length). */
export function padded(slot: Buffer, n: number): Buffer {
  const end = Math.ceil(n / PAGE) * PAGE;
  slot.fill(0, n, end);
  return slot.subarray(0, end);
}

/**
 * File systems on a local block device whose direct I/O is the kernel's own: ext4, XFS, Btrfs,
 * F2FS. Any other goes through the cache, without being asked: what a FUSE daemon makes of direct
 * writes is its own (fusefat refused every write with EPERM once a file had been written and cut
 * back, as a probe of direct writes did), tmpfs's "direct" writes are its cache anyway, and a
 * network file system's are its server's business.
 */
const DIRECT_WRITE_FS = new Set([0xef53, 0x58465342, 0x9123683e, 0xf2f52010]);

/** Whether copies into a folder on a file system of this statfs type are written directly. */
export const writesDirect = (type: number): boolean => DIRECT_WRITE_FS.has(type);

/**
 * Create `dst` (O_EXCL) for the copy, direct when asked and its folder's file system is one of
 * DIRECT_WRITE_FS; one that refuses the flag anyway (EINVAL) gets the file through the cache. Linux
 * creates the file before it refuses the flag: O_EXCL made it this call's, so it goes first.
 */
export async function openCopy(dst: string, wantDirect: boolean): Promise<{ fh: fsp.FileHandle; direct: boolean }> {
  const create = fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_NOFOLLOW;
  if (wantDirect && writesDirect((await fsp.statfs(path.dirname(dst))).type)) {
    try {
      return { fh: await fsp.open(dst, create | fs.constants.O_DIRECT, 0o600), direct: true };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
      await fsp.rm(dst, { force: true });
    }
  }
  return { fh: await fsp.open(dst, create, 0o600), direct: false };
}

/**
 * A direct write that failed on the device (EIO) is what a failed fsync says of a write through the
 * cache, where the same fault shows only at the flush: the data may not be on disk, and the copy is
 * redone from the source, never written again in place. Any other error (ENOSPC …) stays itself.
 */
export function directWriteFailure(dst: string, err: unknown): unknown {
  return (err as NodeJS.ErrnoException).code === 'EIO' ? new FsyncError(dst, err) : err;
}
