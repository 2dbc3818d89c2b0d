/**
 * The last steps of storing a file: link the fsynced temp file into place (never over another),
 * fsync the folder, read the copy back from the disk and compare it with what was copied.
 * Runs inside the copy workers (file-worker.ts), after durable-file.ts's copy.
 */
import fs from 'node:fs';
import path from 'node:path';
import { digestFromDisk, hashFromDisk, hashFromDiskSync, type DiskReadResult } from './disk-read.js';
import { FsyncError } from './fsync-error.js';
import { xxh3Digest, type Expected } from './read-check.js';

/**
 * A stored copy as the disk gave it back: its size, whether every byte came from the device (false
 * where the file system has no direct I/O), which digest was compared, and whether it matched the copy's.
 */
export interface ReadBack {
  size: number;
  fromDisk: boolean;
  by: 'sha256' | 'xxh3-64';
  matches: boolean;
}

export type PlaceResult = { placed: true; readBack: ReadBack } | { placed: false; reason: 'taken' };

/**
 * Link a complete, fsynced temp file to `target` without ever replacing an existing file (link(2)
 * fails on EEXIST where rename(2) would overwrite), make the directory durable, then read the stored
 * copy back from the disk (not the page cache: disk-read.ts) and compare it with `expected`: the
 * caller acts on `matches`. The temp name stays (the same inode) until the caller removes it after
 * the catalogue commit: while both names exist, a check can tell a copy being placed from a file
 * nothing catalogued (copies-in-flight.ts). `onBytes` hears of the read-back's bytes: a large file's
 * read-back takes seconds (8 GB: about 20), and a worker whose job says nothing for long is taken
 * for stuck (file-workers.ts).
 */
export async function placeFile(tmp: string, target: string, expected: Expected, opts: { syncDir?: boolean; onBytes?: (n: number) => void; chunk?: number } = {}): Promise<PlaceResult> {
  // Synchronous calls (this runs in a file worker, one job at a time): a small file's read-back is
  // one read, and a round trip through the I/O thread pool per call cost more than the call.
  try {
    fs.linkSync(tmp, target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { placed: false, reason: 'taken' };
    throw err;
  }
  // A caller that commits copies in groups syncs each folder once for the group, before its commit.
  if (opts.syncDir !== false) fsyncDirSync(path.dirname(target));
  return { placed: true, readBack: await readBack(target, expected, opts.onBytes, opts.chunk) };
}

/**
 * A small file (one read) is compared by its SHA-256. A large one by the XXH3 its copy made
 * (read-check.ts), where the copy made one and the disk takes direct reads; else by its SHA-256.
 */
async function readBack(target: string, expected: Expected, onBytes?: (n: number) => void, chunk?: number): Promise<ReadBack> {
  const small = hashFromDiskSync(target, SMALL_READ_BACK);
  if (small) return bySha256(small, expected);
  const digest = expected.check && (await xxh3Digest(expected.check.seed));
  if (expected.check && digest) {
    const read = await digestFromDisk(target, digest, onBytes, chunk);
    if (read) return { size: read.size, fromDisk: true, by: 'xxh3-64', matches: read.hex === expected.check.xxh3 };
  }
  return bySha256(await hashFromDisk(target, onBytes, chunk), expected);
}

const bySha256 = (r: DiskReadResult, expected: Expected): ReadBack => ({ size: r.size, fromDisk: r.fromDisk, by: 'sha256', matches: r.sha256 === expected.sha256 });

/** Read-backs up to this size are one synchronous read; larger ones are pipelined. */
const SMALL_READ_BACK = 8 * 1024 * 1024;

function fsyncDirSync(dir: string): void {
  const fd = fs.openSync(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
  try {
    fs.fsyncSync(fd);
  } catch (err) {
    throw new FsyncError(dir, err);
  } finally {
    fs.closeSync(fd);
  }
}
