/**
 * Durable file operations: the only code that writes footage into the vault.
 * Temp file → fsync → link into place (never overwrites) → fsync directory → read back.
 * Runs inside the copy workers; every function streams through fixed buffers (memory stays flat).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';

const CHUNK = 4 * 1024 * 1024;

/** An fsync failed: the data may not be on disk. The object failed; redo it from the source. */
export class FsyncError extends Error {
  constructor(
    readonly target: string,
    override readonly cause: unknown,
  ) {
    super(`fsync ${target}: ${(cause as Error).message}`);
    this.name = 'FsyncError';
  }
}

export interface HashResult {
  sha256: string;
  size: number;
}

/**
 * Copy `src` to a new file `dst` (must not exist) and hash the bytes in the same pass. The next read
 * runs while the current chunk is hashed and written, so hashing overlaps the I/O.
 */
export async function copyAndHash(src: string, dst: string, onBytes?: (n: number) => void): Promise<HashResult> {
  const hash = createHash('sha256');
  const input = await fsp.open(src, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  let output: fsp.FileHandle | undefined;
  let size = 0;
  try {
    output = await fsp.open(dst, 'wx', 0o600);
    const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    let which = 0;
    let pendingRead = input.read(buffers[0]!, 0, CHUNK, 0);
    let pendingWrite: Promise<unknown> = Promise.resolve();
    for (;;) {
      const { bytesRead, buffer } = await pendingRead;
      if (bytesRead === 0) break;
      // The other buffer is free once its write has finished.
      await pendingWrite;
      which ^= 1;
      pendingRead = input.read(buffers[which]!, 0, CHUNK, size + bytesRead);
      const chunk = buffer.subarray(0, bytesRead);
      hash.update(chunk);
      pendingWrite = writeFully(output, chunk, size);
      size += bytesRead;
      onBytes?.(bytesRead);
    }
    await pendingWrite;
    try {
      await output.sync();
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
    await input.close().catch(() => undefined);
    await output?.close();
  }
  return { sha256: hash.digest('hex'), size };
}

async function writeFully(fh: fsp.FileHandle, chunk: Buffer, position: number): Promise<void> {
  let off = 0;
  while (off < chunk.length) {
    const { bytesWritten } = await fh.write(chunk, off, chunk.length - off, position + off);
    off += bytesWritten;
  }
}

/** Hash a file by streaming it, with reads running ahead of the hashing. Symlinks are refused. */
export async function hashFile(file: string, onBytes?: (n: number) => void): Promise<HashResult> {
  const hash = createHash('sha256');
  const fh = await fsp.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  try {
    const buffers = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
    let which = 0;
    let size = 0;
    let pending = fh.read(buffers[0]!, 0, CHUNK, 0);
    for (;;) {
      const { bytesRead, buffer } = await pending;
      if (bytesRead === 0) break;
      which ^= 1;
      pending = fh.read(buffers[which]!, 0, CHUNK, size + bytesRead);
      hash.update(buffer.subarray(0, bytesRead));
      size += bytesRead;
      onBytes?.(bytesRead);
    }
    return { sha256: hash.digest('hex'), size };
  } finally {
    await fh.close();
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

/** mkdir -p under `root`, fsyncing each parent that gained an entry, so the folder survives a crash. */
export async function ensureDirDurable(root: string, relDir: string): Promise<string> {
  let current = root;
  for (const part of relDir.split('/').filter(Boolean)) {
    const next = path.join(current, part);
    try {
      await fsp.mkdir(next, { mode: 0o755 });
      await fsyncDir(current);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    current = next;
  }
  return current;
}

export type PlaceResult = { placed: true; readBack: HashResult } | { placed: false; reason: 'taken' };

/**
 * Move a complete, fsynced temp file to `target` without ever replacing an existing file (link(2)
 * fails on EEXIST where rename(2) would overwrite), make both directories durable, then read the
 * stored copy back. The caller compares the read-back hash before trusting it.
 */
export async function placeFile(tmp: string, target: string): Promise<PlaceResult> {
  try {
    await fsp.link(tmp, target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { placed: false, reason: 'taken' };
    throw err;
  }
  await fsp.unlink(tmp);
  await fsyncDir(path.dirname(target));
  if (path.dirname(tmp) !== path.dirname(target)) await fsyncDir(path.dirname(tmp));
  return { placed: true, readBack: await hashFile(target) };
}

/** Read-only for everyone: originals never change. */
export async function sealFile(file: string): Promise<void> {
  await fsp.chmod(file, 0o444);
}
