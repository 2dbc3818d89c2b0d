/**
 * Reading a file back from the disk itself, not from the page cache. After `fsync` the pages just
 * written are still cached; hashing them again proves only the copy in memory. Opened with O_DIRECT,
 * every read goes to the device (the kernel writes back and drops any cached pages of the range
 * first), so a matching hash says the bytes are on the medium.
 *
 * Node has no posix_fadvise and no way to ask for an aligned buffer, and O_DIRECT needs the buffer's
 * address aligned to the device's block size. The address of a buffer cannot be read from
 * JavaScript, but the kernel tells: a read into a misaligned address fails with EINVAL. So a ring is
 * allocated one page larger than needed and the first offset (in malloc's 16-byte steps) that reads
 * is its aligned start; chunk sizes are multiples of the page, so every slot is aligned too.
 * Where a file system has no direct I/O (tmpfs, FUSE), the read falls back to the cache and says so.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { hashFile, type HashResult } from './durable-file.js';

const CHUNK = 4 * 1024 * 1024;
const DEPTH = 4;
const PAGE = 4096;
const STEP = 16; // malloc returns 16-byte aligned memory

export interface DiskReadResult extends HashResult {
  /** True when every byte came from the device; false when the file system offers no direct I/O. */
  fromDisk: boolean;
}

/** Aligned rings, reused between files (a thread may read several files at once, so a free list). */
const freeRings: Buffer[][] = [];

function alignedRing(fd: number): Buffer[] | null {
  const reused = freeRings.pop();
  if (reused) return reused;
  const block = Buffer.allocUnsafeSlow(DEPTH * CHUNK + PAGE);
  for (let k = 0; k < PAGE; k += STEP) {
    try {
      fs.readSync(fd, block, k, PAGE, 0);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EINVAL') continue;
      throw err;
    }
    return Array.from({ length: DEPTH }, (_, i) => block.subarray(k + i * CHUNK, k + (i + 1) * CHUNK));
  }
  return null;
}

/**
 * SHA-256 of `file` as the disk holds it. Reads run DEPTH chunks ahead of the hashing, as in
 * `hashFile`; a read shorter than asked is the end of the file (O_DIRECT reads whole blocks).
 */
export async function hashFromDisk(file: string, onBytes?: (n: number) => void): Promise<DiskReadResult> {
  let fh: fsp.FileHandle;
  try {
    fh = await fsp.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_DIRECT);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EINVAL') return cached(file, onBytes);
    throw err;
  }
  let ring: Buffer[] | null = null;
  try {
    const { size } = await fh.stat();
    if (size === 0) return { sha256: createHash('sha256').digest('hex'), size: 0, fromDisk: true };
    ring = alignedRing(fh.fd);
    if (!ring) return cached(file, onBytes);
    return await readRing(fh, ring, onBytes);
  } catch (err) {
    // A file system that accepts the flag and then refuses the reads: read it the ordinary way.
    if ((err as NodeJS.ErrnoException).code === 'EINVAL') return cached(file, onBytes);
    throw err;
  } finally {
    if (ring) freeRings.push(ring);
    await fh.close();
  }
}

async function readRing(fh: fsp.FileHandle, ring: Buffer[], onBytes?: (n: number) => void): Promise<DiskReadResult> {
  const hash = createHash('sha256');
  const read = (slot: number, seq: number) => fh.read(ring[slot]!, 0, CHUNK, seq * CHUNK).then((r) => r.bytesRead);
  const reads = ring.map((_, i) => read(i, i));
  let size = 0;
  try {
    for (let seq = 0; ; seq++) {
      const slot = seq % DEPTH;
      const n = await reads[slot]!;
      if (n > 0) {
        hash.update(ring[slot]!.subarray(0, n));
        size += n;
        onBytes?.(n);
      }
      if (n < CHUNK) break;
      reads[slot] = read(slot, seq + DEPTH);
    }
    return { sha256: hash.digest('hex'), size, fromDisk: true };
  } finally {
    await Promise.allSettled(reads);
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
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_DIRECT);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EINVAL') return cachedSync(file);
    throw err;
  }
  let ring: Buffer[] | null = null;
  try {
    const { size } = fs.fstatSync(fd);
    if (size > maxBytes) return null;
    if (size === 0) return { sha256: createHash('sha256').digest('hex'), size: 0, fromDisk: true };
    ring = alignedRing(fd);
    if (!ring) return cachedSync(file);
    const slot = ring[0]!;
    const hash = createHash('sha256');
    let total = 0;
    for (;;) {
      const n = fs.readSync(fd, slot, 0, CHUNK, total);
      hash.update(slot.subarray(0, n));
      total += n;
      if (n < CHUNK) break;
    }
    return { sha256: hash.digest('hex'), size: total, fromDisk: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EINVAL') return cachedSync(file);
    throw err;
  } finally {
    if (ring) freeRings.push(ring);
    fs.closeSync(fd);
  }
}

function cachedSync(file: string): DiskReadResult {
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return { sha256: createHash('sha256').update(bytes).digest('hex'), size: bytes.length, fromDisk: false };
}
