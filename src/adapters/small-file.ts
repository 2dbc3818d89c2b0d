/**
 * Small files inside a file worker, with synchronous calls. A worker thread runs one job at a time,
 * so a blocking call there holds up nothing else, while every asynchronous call is a round trip
 * through the I/O thread pool (a hand-off, a wake-up, a completion): for a 4 KB file those
 * hand-offs, not the bytes, were most of the CPU. The steps and their order are those of
 * durable-file.ts (copy and hash in one pass → fsync → link without overwriting → read back from the
 * disk); large files keep the pipelined asynchronous path there, which overlaps reading, hashing
 * and writing.
 */
import type { ReadCheck } from './read-check.js';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { notRegular, openedAsNamed, unchangedSince, writeMark } from './opened-as-named.js';
import { SMALL_FILE_BYTES } from '../core/types.js';
import { FsyncError, type HashResult } from './durable-file.js';

export { SMALL_FILE_BYTES };

const BUFFER_BYTES = 1024 * 1024;

export interface CopyResult extends HashResult {
  /** The first bytes copied (up to the `headBytes` asked for), for a probe that needs no second read. */
  head?: Uint8Array;
  /** The source's size once the copy was done (null: it is gone), to tell a file that changed meanwhile. */
  sourceSizeAfter?: number | null;
  /** A large copy's check for its read-back (read-check.ts); a small file is read back by its SHA-256. */
  check?: ReadCheck;
}

/** Buffers reused between files (never shared by two calls at once: taken off the list while used). */
const free: Buffer[] = [];
const take = () => free.pop() ?? Buffer.allocUnsafeSlow(BUFFER_BYTES);

function writeAll(fd: number, buf: Buffer, length: number, position: number): void {
  for (let off = 0; off < length; ) off += fs.writeSync(fd, buf, off, length - off, position + off);
}

/**
 * Copy `src` to the new file `dst` (must not exist), hashing in the same pass, and fsync it. Null,
 * having written nothing, when `src` is larger than SMALL_FILE_BYTES: the caller takes the pipelined
 * path. Reads until the end of the file whatever its size was at the start (the caller compares sizes).
 */
export function copySmall(src: string, dst: string, onBytes?: (n: number) => void, headBytes = 0, named = false): CopyResult | null {
  const copy = copyUnflushed(src, dst, onBytes, headBytes, named);
  if (!copy) return null;
  try {
    flushCopy(copy.output, dst);
  } finally {
    fs.closeSync(copy.output);
  }
  return copy.result;
}

/** A copy written but not flushed yet: its file stays open for the caller to fsync and close. */
export interface UnflushedCopy {
  result: CopyResult;
  output: number;
}

/**
 * copySmall without its fsync: a batch of small files is written first and flushed after
 * (small-file-batch.ts). On any error the file this call created is removed; null as for copySmall.
 */
export function copyUnflushed(src: string, dst: string, onBytes?: (n: number) => void, headBytes = 0, named = false): UnflushedCopy | null {
  // O_NONBLOCK: a name swapped for a FIFO since the scan opens at once (and is refused below) instead
  // of blocking this worker for ever; on a regular file the flag changes nothing.
  const input = fs.openSync(src, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  let output: number | null = null;
  const buf = take();
  try {
    const st = fs.fstatSync(input);
    if (!st.isFile()) throw notRegular(src, 'copied');
    if (st.size > SMALL_FILE_BYTES) return null;
    if (named) openedAsNamed(input, src);
    const mark = writeMark(fs.fstatSync(input, { bigint: true }));
    output = fs.openSync(dst, 'wx', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    let head: Uint8Array | undefined;
    for (;;) {
      const n = fs.readSync(input, buf, 0, BUFFER_BYTES, size);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      writeAll(output, buf, n, size);
      if (size < headBytes) head = concatHead(head, buf.subarray(0, Math.min(n, headBytes - size)));
      size += n;
      onBytes?.(n);
    }
    unchangedSince(src, mark, writeMark(fs.fstatSync(input, { bigint: true })));
    const result = { sha256: hash.digest('hex'), size, sourceSizeAfter: sizeNow(src), ...(head ? { head } : {}) };
    const done = { result, output };
    output = null;
    return done;
  } catch (err) {
    // Remove only the file this call created.
    if (output !== null) {
      fs.closeSync(output);
      output = null;
      fs.rmSync(dst, { force: true });
    }
    throw err;
  } finally {
    free.push(buf);
    fs.closeSync(input);
  }
}

/** fsync a copy's open file; when it fails the copy is removed (it is redone from the source). */
function flushCopy(output: number, dst: string): void {
  try {
    fs.fsyncSync(output);
  } catch (err) {
    fs.rmSync(dst, { force: true });
    throw new FsyncError(dst, err);
  }
}

function sizeNow(file: string): number | null {
  try {
    return fs.lstatSync(file).size;
  } catch {
    return null;
  }
}

/** A copy of the head (its own memory, so it can be handed to another thread). */
function concatHead(head: Uint8Array | undefined, more: Buffer): Uint8Array {
  const out = new Uint8Array((head?.length ?? 0) + more.length);
  if (head) out.set(head);
  out.set(more, head?.length ?? 0);
  return out;
}

/** SHA-256 of a file read the ordinary way (through the cache); null when it is larger than SMALL_FILE_BYTES. */
export function hashSmall(file: string, onBytes?: (n: number) => void): HashResult | null {
  // As copySmall: a source swapped for a FIFO since the scan (the hash of a name stored before) is
  // refused at once, not waited on for ever by this worker.
  const fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  const buf = take();
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) throw notRegular(file, 'read');
    if (st.size > SMALL_FILE_BYTES) return null;
    const hash = createHash('sha256');
    let size = 0;
    for (let n; (n = fs.readSync(fd, buf, 0, BUFFER_BYTES, size)) > 0; size += n) {
      hash.update(buf.subarray(0, n));
      onBytes?.(n);
    }
    return { sha256: hash.digest('hex'), size };
  } finally {
    free.push(buf);
    fs.closeSync(fd);
  }
}

/** sealFile (durable-file.ts) in one call: read-only for everyone. */
export function sealSmall(file: string): void {
  fs.chmodSync(file, 0o444);
}
