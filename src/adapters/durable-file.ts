/**
 * Durable file operations: the only code that writes footage into the vault.
 * Temp file → fsync → link into place (never overwrites) → fsync directory → read back.
 * Runs inside the copy workers; every function streams through fixed buffers (memory stays flat).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { openedAsNamed, openRegular, unchangedSince, writeMark } from './opened-as-named.js';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { ahead } from './promise-ahead.js';
import { beating } from './job-heartbeat.js';
import { DEPTH, giveRing, LARGE_CHUNK, PAGE, takeRing, type Ring } from './io-rings.js';
import { directWriteFailure, openCopy, padded } from './direct-copy.js';
import { FsyncError } from './fsync-error.js';
import { newCheck, type ReadCheck } from './read-check.js';

export { FsyncError };

export interface HashResult {
  sha256: string;
  size: number;
}

/** A copy's hash, and the check its read-back is compared with (read-check.ts; none where the addon cannot be loaded). */
export type CopyHash = HashResult & { check?: ReadCheck };

/** Flush written data this often during a copy, so the closing fsync has little left to wait for. */
const FLUSH_EVERY = 64 * 1024 * 1024;
/** Read until `buf` is full or the file ends (a FUSE volume may return short reads mid-file). */
async function readFull(fh: fsp.FileHandle, buf: Buffer, position: number): Promise<number> {
  let got = 0;
  while (got < buf.length) {
    const { bytesRead } = await fh.read(buf, got, buf.length - got, position + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return got;
}

/** How a copy is made: `onBytes` its progress; `chunkBytes` its ring's chunk; `named` the source must be the
 * file its name showed (not a link put there since); `check` false: no XXH3 for the read-back (below). */
export interface CopyOptions {
  onBytes?: (n: number) => void;
  chunkBytes?: number;
  named?: boolean;
  check?: boolean;
}

/**
 * Copy `src` to a new file `dst` (must not exist) and hash the bytes in the same pass (refused if
 * `src` is written to meanwhile). A ring of chunks keeps reads ahead and writes behind the hashing.
 *
 * Written with O_DIRECT where the file system's direct I/O can be trusted (direct-copy.ts): no
 * page-cache copy, no write-back for the fsync to wait on (1.2 GB from tmpfs: 2.8 s and 2.9 s of
 * system time through the cache, 1.7 s and 0.35 s direct). The fsync stays (size, blocks, the
 * device's cache). Elsewhere the copy goes through the cache, with a data flush in the background
 * every 64 MiB so the disk writes while the source is still read.
 */
export async function copyAndHash(src: string, dst: string, { onBytes, chunkBytes = LARGE_CHUNK, named = false, check = true }: CopyOptions = {}): Promise<CopyHash> {
  const hash = createHash('sha256');
  // The read-back's check, made from the same bytes in the same pass (read-check.ts); `check` false: a
  // copy read back by its SHA-256 anyway (an access copy, an export, a repair) spends no CPU on one.
  const xxh3 = check ? await newCheck() : null;
  const input = await openRegular(src, 'copied');
  let output: fsp.FileHandle | undefined;
  let size = 0;
  let ring: Ring | undefined;
  try {
    ring = takeRing(chunkBytes);
    if (named) openedAsNamed(input.fd, src);
    const mark = writeMark(await input.stat({ bigint: true }));
    const aligned = ring.writeSlots();
    const { fh: out, direct } = await openCopy(dst, aligned !== null);
    output = out;
    const slots = direct ? aligned! : ring.slots();
    const step = ring.chunk;
    // A slot can be read into again once the write of its previous chunk is done.
    const written: Promise<void>[] = slots.map(() => Promise.resolve());
    let lastWrite: Promise<void> = Promise.resolve();
    // Reads run ahead of the hashing but one after another, in order: a recorder's file system reads
    // ahead for a sequential reader, and a FUSE one (fusefat) walks the file's cluster chain again
    // for a read out of order (a 120 MiB file: 125 s with four reads at once, 37 s for cat).
    let lastRead = Promise.resolve(0);
    const inOrder = (buf: Buffer, position: number) => (lastRead = ahead(lastRead.then(() => readFull(input, buf, position))));
    const reads = slots.map((buf, i) => inOrder(buf, i * step));
    let flushing: Promise<void> = Promise.resolve();
    let unflushed = 0;
    try {
      for (let seq = 0; ; seq++) {
        const slot = seq % DEPTH;
        const n = await reads[slot]!;
        if (n === 0) break;
        const chunk = slots[slot]!.subarray(0, n);
        hash.update(chunk);
        xxh3?.digest.update(chunk);
        // A direct write is whole pages: the last chunk goes out padded with zeros, cut back below.
        const bytes = direct ? padded(slots[slot]!, n) : chunk;
        // One write at a time: writes to one file serialize on its inode lock anyway, and parallel
        // ones only make the I/O threads queue on it.
        const position = seq * step;
        written[slot] = lastWrite = ahead(lastWrite.then(() => writeFully(out, bytes, position).catch((err) => Promise.reject(direct ? directWriteFailure(dst, err) : err))));
        size += n;
        unflushed += n;
        onBytes?.(n);
        if (n < step) break;
        reads[slot] = ahead(written[slot]!.then(() => inOrder(slots[slot]!, (seq + DEPTH) * step)));
        if (!direct && unflushed >= FLUSH_EVERY) {
          unflushed = 0;
          // Flushes queue one after another; any flush error fails the copy (redone from the source).
          const upTo = written[slot]!;
          flushing = ahead(flushing.then(() => upTo).then(() => out.datasync().catch((err) => Promise.reject(new FsyncError(dst, err)))));
        }
      }
      await Promise.all(written);
      await flushing;
      unchangedSince(src, mark, writeMark(await input.stat({ bigint: true })));
      if (direct && size % PAGE !== 0) await out.truncate(size);
    } finally {
      // Reads started ahead of the end: settle them before the handles close (and the ring is reused).
      await Promise.allSettled([...reads, ...written, flushing]);
    }
    try {
      // Every source byte is read: the job waits on the vault's disk alone (job-heartbeat.ts).
      await beating(out.sync(), onBytes);
    } catch (err) {
      throw new FsyncError(dst, err);
    }
  } catch (err) {
    // Remove only a file this call created: on EEXIST `dst` belongs to someone else.
    if (output) {
      await output.close().catch(() => undefined);
      output = undefined;
      await fsp.rm(dst, { force: true }).catch(() => undefined);
    }
    throw err;
  } finally {
    if (ring) giveRing(ring);
    await input.close().catch(() => undefined);
    await output?.close();
  }
  return { sha256: hash.digest('hex'), size, check: xxh3?.check() };
}

async function writeFully(fh: fsp.FileHandle, chunk: Buffer, position: number): Promise<void> {
  let off = 0;
  while (off < chunk.length) {
    const { bytesWritten } = await fh.write(chunk, off, chunk.length - off, position + off);
    off += bytesWritten;
  }
}

/** Hash a file by streaming it, with reads running ahead of the hashing. Symlinks and FIFOs are refused. */
export async function hashFile(file: string, onBytes?: (n: number) => void, chunkBytes = LARGE_CHUNK): Promise<HashResult> {
  const fh = await openRegular(file, 'read');
  try {
    return await hashOpenFile(fh, onBytes, chunkBytes);
  } finally {
    await fh.close();
  }
}

/** Hash what an open handle reads, from its start: the caller has already checked what it opened. */
export async function hashOpenFile(fh: fsp.FileHandle, onBytes?: (n: number) => void, chunkBytes = LARGE_CHUNK): Promise<HashResult> {
  const hash = createHash('sha256');
  const ring = takeRing(chunkBytes);
  const slots = ring.slots();
  const step = ring.chunk;
  const reads: Promise<number>[] = slots.map((buf, i) => ahead(readFull(fh, buf, i * step)));
  let size = 0;
  try {
    for (let seq = 0; ; seq++) {
      const slot = seq % DEPTH;
      const n = await reads[slot]!;
      if (n === 0) break;
      hash.update(slots[slot]!.subarray(0, n));
      size += n;
      onBytes?.(n);
      if (n < step) break;
      // hash.update has consumed the slot synchronously: read the chunk DEPTH ahead into it.
      reads[slot] = ahead(readFull(fh, slots[slot]!, (seq + DEPTH) * step));
    }
    return { sha256: hash.digest('hex'), size };
  } finally {
    await Promise.allSettled(reads);
    giveRing(ring);
  }
}

export async function fsyncDir(dir: string): Promise<void> {
  const fh = await fsp.open(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
  try {
    await fh.sync();
  } catch (err) {
    throw new FsyncError(dir, err);
  } finally {
    await fh.close();
  }
}

/**
 * mkdir -p under `root`, fsyncing each parent that gained an entry, so the folder survives a crash.
 * A component found in place must be a real folder: a symlink there (to a folder outside the vault)
 * would put what is stored below it outside the vault, under a vault path.
 */
export async function ensureDirDurable(root: string, relDir: string): Promise<string> {
  let current = root;
  for (const part of relDir.split('/').filter(Boolean)) {
    const next = path.join(current, part);
    try {
      await fsp.mkdir(next, { mode: 0o755 });
      await fsyncDir(current);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const st = await fsp.lstat(next);
      if (!st.isDirectory()) {
        const what = st.isSymbolicLink() ? 'a symlink' : 'not a folder';
        throw Object.assign(new Error(`${next} is ${what}, not a real folder of the vault: nothing is stored through it`), { code: 'ENOTDIR' });
      }
    }
    current = next;
  }
  return current;
}

/**
 * fsync a folder of the vault that copies were linked into, once it is checked to be there still as a
 * real folder on every level below `root`: one deleted meanwhile (its copies gone with it) or swapped
 * for a symlink (its copies outside the vault) fails, and so do the copies named there.
 */
export async function syncVaultFolder(root: string, relDir: string): Promise<void> {
  let current = root;
  for (const part of relDir.split('/').filter(Boolean)) {
    current = path.join(current, part);
    const st = await fsp.lstat(current);
    if (!st.isDirectory()) {
      throw Object.assign(new Error(`${current} is ${st.isSymbolicLink() ? 'a symlink' : 'not a folder'}, not a real folder of the vault: the copies placed there are not stored`), { code: 'ENOTDIR' });
    }
  }
  await fsyncDir(current);
}

/**
 * For each pair, whether both names are one file (same inode on the same device); false when either
 * is gone. Blocking lstats, two a pair: for a group's hundreds of copies, cheaper than as many round
 * trips through the I/O threads.
 */
export function sameFiles(pairs: readonly (readonly [string, string])[]): boolean[] {
  return pairs.map(([a, b]) => {
    const x = fs.lstatSync(a, { throwIfNoEntry: false });
    const y = x?.isFile() ? fs.lstatSync(b, { throwIfNoEntry: false }) : undefined;
    return Boolean(x && y && x.ino === y.ino && x.dev === y.dev);
  });
}

/** Read-only for everyone: originals never change. */
export async function sealFile(file: string): Promise<void> {
  await fsp.chmod(file, 0o444);
}

/** Remove a copy that was placed but failed its read-back: never sealed, never catalogued, not evidence yet. */
export async function removeUnsealed(file: string): Promise<void> {
  await fsp.rm(file, { force: true });
}

/** fsync a whole file another program wrote (xorriso, a copy), `first` done on it before: an error means the copy cannot be trusted. */
export async function syncWrittenFile(file: string, first?: (fh: fsp.FileHandle) => Promise<void>): Promise<void> {
  const fh = await openRegular(file, 'synced');
  try {
    await first?.(fh);
    await fh.sync();
  } catch (err) {
    throw new FsyncError(file, err);
  } finally {
    await fh.close();
  }
}
