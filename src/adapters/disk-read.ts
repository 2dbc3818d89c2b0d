/**
 * Reading a file back from the disk itself, not from the page cache. After `fsync` the pages just
 * written are still cached; hashing them again proves only the copy in memory. Opened with O_DIRECT,
 * every read goes to the device (the kernel writes back and drops any cached pages of the range
 * first), so a matching hash says the bytes are on the medium.
 *
 * Node has no posix_fadvise and no way to ask for an aligned buffer, and O_DIRECT needs the buffer's
 * address aligned to the device's block size: the rings (io-rings.ts) find their aligned start.
 * Where a file system has no direct I/O (tmpfs, FUSE), the read falls back to the cache and says so.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { hashFile, type HashResult } from './durable-file.js';
import { notRegular } from './opened-as-named.js';
import { ahead } from './promise-ahead.js';
import { DEPTH, giveRing, LARGE_CHUNK, PAGE, SHARED_CHUNK, takeRing, type Ring } from './io-rings.js';
import { sha256Digest, type Digest } from './read-check.js';

/**
 * Opened for a direct read. O_NONBLOCK: a name swapped for a FIFO opens at once, and is then refused
 * (regularSize), where it held the read for ever (a `verify` that never ended); on a regular file it
 * changes nothing. O_NOFOLLOW: a link in the file's own place is refused.
 */
const DIRECT = fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_DIRECT | fs.constants.O_NONBLOCK;

/** The size of what was opened (its fstat), refused unless it is a regular file (the fd is the caller's to close). */
function regularSize(st: fs.Stats, file: string): number {
  if (!st.isFile()) throw Object.assign(notRegular(file, 'read back'), { code: 'EFTYPE' });
  return st.size;
}

export interface DiskReadResult extends HashResult {
  /** True when every byte came from the device; false when the file system offers no direct I/O. */
  fromDisk: boolean;
}

/**
 * SHA-256 of `file` as the disk holds it. Reads run up to DEPTH chunks ahead of the hashing, as in
 * `hashFile`, each asking only for what the file's size needs (directReadLength); a read shorter
 * than asked is the end of the file (O_DIRECT reads whole blocks).
 */
export async function hashFromDisk(file: string, onBytes?: (n: number) => void, chunkBytes = LARGE_CHUNK): Promise<DiskReadResult> {
  const read = await digestFromDisk(file, sha256Digest(), onBytes, chunkBytes);
  return read ? { sha256: read.hex, size: read.size, fromDisk: true } : cached(file, onBytes);
}

/**
 * `digest` of `file` as the disk holds it (read-check.ts: a copy's XXH3), or null where the file
 * system offers no direct I/O (the digest, which may have taken some bytes, is then no use): the
 * caller reads the file another way.
 */
export async function digestFromDisk(file: string, digest: Digest, onBytes?: (n: number) => void, chunkBytes = LARGE_CHUNK): Promise<{ hex: string; size: number } | null> {
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(file, DIRECT);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EINVAL') return null;
    throw err;
  }
  let ring: Ring | null = null;
  try {
    const size = regularSize(await fh.stat(), file);
    if (size === 0) return { hex: digest.hex(), size: 0 };
    ring = takeRing(chunkBytes);
    const slots = ring.directSlots(fh.fd);
    if (!slots) return null;
    return await readRing(fh, slots, size, digest, onBytes);
  } catch (err) {
    // A file system that accepts the flag and then refuses the reads: the caller reads it the
    // ordinary way, with a digest of its own (this one may have taken some bytes).
    if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
    ring?.forgetAlignment();
    return null;
  } finally {
    if (ring) giveRing(ring);
    await fh.close();
  }
}

/**
 * The reads of digestFromDisk through the ring, chunk `seq` in slot seq % DEPTH. None is started past
 * the chunk that holds the file's end (fstat's `size`): a small file is one read of its own pages,
 * where a whole chunk asked for, and reads ahead of it, had the kernel zero megabytes as a hole.
 * Every chunk but the last is full, so chunk `seq` starts at seq × the ring's chunk size.
 */
async function readRing(fh: fsp.FileHandle, ring: Buffer[], size: number, digest: Digest, onBytes?: (n: number) => void): Promise<{ hex: string; size: number }> {
  const chunk = ring[0]!.length;
  const last = Math.floor(size / chunk);
  const inFlight: (Promise<{ n: number; want: number }> | undefined)[] = [];
  let next = 0;
  const start = () => {
    const seq = next++;
    const want = directReadLength(size, seq * chunk, chunk);
    inFlight[seq % DEPTH] = ahead(fh.read(ring[seq % DEPTH]!, 0, want, seq * chunk).then((r) => ({ n: r.bytesRead, want })));
  };
  while (next < DEPTH && next <= last) start();
  let total = 0;
  try {
    for (let seq = 0; ; seq++) {
      const slot = seq % DEPTH;
      const { n, want } = await inFlight[slot]!;
      inFlight[slot] = undefined;
      if (n > 0) {
        digest.update(ring[slot]!.subarray(0, n));
        total += n;
        onBytes?.(n);
      }
      // A read shorter than a whole chunk was the last one fstat's size asked for: the file ends there.
      if (n < want || want < chunk) break;
      if (next <= last) start();
    }
    return { hex: digest.hex(), size: total };
  } finally {
    await Promise.allSettled(inFlight.filter((r) => r !== undefined));
  }
}

async function cached(file: string, onBytes?: (n: number) => void): Promise<DiskReadResult> {
  return { ...(await hashFile(file, onBytes)), fromDisk: false };
}

/**
 * hashFromDisk with synchronous calls, for a file worker's small files (small-file.ts): one read
 * after another into the ring's first aligned chunk. Null, having read nothing, when the file is
 * larger than `maxBytes`: the caller takes the pipelined path.
 */
export function hashFromDiskSync(file: string, maxBytes: number): DiskReadResult | null {
  let fd: number;
  try {
    fd = fs.openSync(file, DIRECT);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EINVAL') return cachedSync(file);
    throw err;
  }
  let ring: Ring | null = null;
  try {
    const size = regularSize(fs.fstatSync(fd), file);
    if (size > maxBytes) return null;
    if (size === 0) return { sha256: createHash('sha256').digest('hex'), size: 0, fromDisk: true };
    // One slot, read again and again: whatever ring is idle will do.
    ring = takeRing(undefined, true);
    const slot = ring.directSlots(fd)?.[0];
    if (!slot) return cachedSync(file);
    const hash = createHash('sha256');
    let total = 0;
    for (;;) {
      const want = directReadLength(size, total, slot.length);
      const n = fs.readSync(fd, slot, 0, want, total);
      hash.update(slot.subarray(0, n));
      total += n;
      if (n < want) break;
    }
    return { sha256: hash.digest('hex'), size: total, fromDisk: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EINVAL') throw err;
    ring?.forgetAlignment();
    return cachedSync(file);
  } finally {
    if (ring) giveRing(ring);
    fs.closeSync(fd);
  }
}

/**
 * hashFromDisk of several small files (each up to SMALL_FILE_BYTES), DEPTH at a time, each through
 * one aligned chunk of a ring: every read waits on the device, and several in flight keep it busy
 * where one after another would leave it idle between them. Per file its result or its error.
 */
export async function hashManyFromDisk(files: readonly string[]): Promise<(DiskReadResult | Error)[]> {
  const out: (DiskReadResult | Error)[] = [];
  const ring = takeRing(SHARED_CHUNK, true);
  // Its alignment is probed on the first file opened for direct reads.
  const slot = (k: number) => (fd: number) => ring.directSlots(fd)?.[k] ?? null;
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: Math.min(DEPTH, files.length) }, async (_, k) => {
        for (let i = next++; i < files.length; i = next++) out[i] = await hashThroughSlot(files[i]!, slot(k)).catch((err: Error) => err);
      }),
    );
  } finally {
    giveRing(ring);
  }
  return out;
}

async function hashThroughSlot(file: string, slotFor: (fd: number) => Buffer | null): Promise<DiskReadResult> {
  let fd: number;
  try {
    fd = fs.openSync(file, DIRECT);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EINVAL') return cachedSync(file);
    throw err;
  }
  try {
    const size = regularSize(fs.fstatSync(fd), file);
    if (size === 0) return { sha256: createHash('sha256').digest('hex'), size: 0, fromDisk: true };
    const slot = slotFor(fd);
    if (!slot) return cachedSync(file);
    const hash = createHash('sha256');
    let total = 0;
    for (;;) {
      const want = directReadLength(size, total, slot.length);
      const n = await readAt(fd, slot, want, total);
      hash.update(slot.subarray(0, n));
      total += n;
      if (n < want) break;
    }
    return { sha256: hash.digest('hex'), size: total, fromDisk: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EINVAL') return cachedSync(file);
    throw err;
  } finally {
    fs.closeSync(fd);
  }
}

const readAt = (fd: number, buf: Buffer, length: number, position: number) =>
  new Promise<number>((resolve, reject) => fs.read(fd, buf, 0, length, position, (err, n) => (err ? reject(err) : resolve(n))));

/**
 * How much a direct read at `position` asks for: up to the end of the file as fstat gave it, in whole
 * pages (direct I/O reads whole blocks), at most a chunk. Asking for a whole chunk past the end would
 * make the kernel zero the rest of the buffer as a hole: 4 MiB of zeros for every 4 KB photo.
 */
function directReadLength(size: number, position: number, chunk: number): number {
  const left = Math.max(size - position, 1);
  return Math.min(chunk, Math.ceil(left / PAGE) * PAGE);
}

function cachedSync(file: string): DiskReadResult {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  let bytes: Buffer;
  try {
    regularSize(fs.fstatSync(fd), file);
    bytes = fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, fromDisk: false };
}
