/**
 * A batch of small files in one file-worker job: each is copied and hashed, then each is fsynced,
 * then each is read back from the disk, and later (a second job, once their vault names are
 * claimed) each is linked into its day folder and sealed. One file at a time was a round trip to
 * the worker per step and an fsync that wrote the staging folder and the inode table again for every
 * file: written first and flushed after, the first fsync writes what the batch shares and the others
 * only their own bytes. Every file is still flushed by its own fsync and read back from the disk
 * (O_DIRECT) before the caller may catalogue it; a file that fails any step fails alone.
 */
import fs from 'node:fs';
import { hashManyFromDisk, type DiskReadResult } from './disk-read.js';
import { FsyncError } from './durable-file.js';
import { copyUnflushed, sealSmall, type CopyResult, type UnflushedCopy } from './small-file.js';
import { stillInfoOf } from './still-image-probe.js';
import { beating } from './job-heartbeat.js';
import type { MediaInfo } from '../core/types.js';

/** Why one file of a batch failed, as the worker hands it back (file-workers.ts makes it a FileJobError). */
export interface JobFailure {
  message: string;
  code?: string;
  /** An fsync failed: the copy must be redone from the source, never flushed again. */
  fsync: boolean;
}

export const jobFailure = (err: unknown): JobFailure => ({
  message: (err as Error).message,
  code: (err as NodeJS.ErrnoException).code,
  fsync: err instanceof FsyncError,
});

/**
 * A small file copied, flushed and read back from the disk (through its temp name: the same inode the
 * vault name gets). `still`: the facts of a still picture, read from the copied bytes where the batch
 * was asked to (`stillZone`); its head then stays in the worker (only a file that is no still picture
 * brings its head back, for the service's probe).
 */
export type StoredSmall = CopyResult & { readBack: DiskReadResult; still?: MediaInfo };

/** Each file's outcome: stored, failed, or larger than a small file now (the caller takes the pipelined path). */
export type StoreOutcome = { ok: true; value: StoredSmall } | { ok: false; error: JobFailure } | { ok: false; large: true };

export interface StoreItem {
  src: string;
  /** A new temp file in the vault's staging folder. */
  dst: string;
}

/**
 * Copy, fsync and read back every item (see the top of this file); `onBytes` hears of each copy's
 * bytes. The copies are written one after another with blocking calls (no waiting on the device);
 * the fsyncs and the read-backs, which wait on it, are all asked for at once and run a few at a time
 * on the I/O threads, so the device has several to work on and their cache flushes are shared.
 */
export async function storeSmallBatch(items: readonly StoreItem[], headBytes: number, onBytes?: (n: number) => void, stillZone?: string): Promise<StoreOutcome[]> {
  const outcomes: StoreOutcome[] = [];
  const written: (UnflushedCopy | null)[] = items.map((item, i) => {
    try {
      // A recorder's files (ingest's batches): each reached through no link (opened-as-named.ts).
      const copy = copyUnflushed(item.src, item.dst, onBytes, headBytes, true);
      if (!copy) outcomes[i] = { ok: false, large: true };
      return copy;
    } catch (err) {
      outcomes[i] = { ok: false, error: jobFailure(err) };
      return null;
    }
  });
  // From here on only the vault's disk is read and written: the job beats while it waits on it.
  await beating(flushAndReadBack(items, written, outcomes, stillZone), onBytes);
  return outcomes;
}

/** storeSmallBatch's second half: each copy written is flushed and read back from the disk; `outcomes` filled in. */
async function flushAndReadBack(items: readonly StoreItem[], written: (UnflushedCopy | null)[], outcomes: StoreOutcome[], stillZone: string | undefined): Promise<void> {
  await Promise.all(
    written.map(async (copy, i) => {
      if (!copy) return;
      try {
        await fsyncOf(copy.output);
      } catch (err) {
        // Not redone here (an fsync that failed may have dropped the pages): the copy goes, the caller redoes it.
        fs.rmSync(items[i]!.dst, { force: true });
        outcomes[i] = { ok: false, error: jobFailure(new FsyncError(items[i]!.dst, err)) };
      } finally {
        fs.closeSync(copy.output);
      }
    }),
  );
  const flushed = items.flatMap((_, i) => (written[i] && !outcomes[i] ? [i] : []));
  const readBacks = await hashManyFromDisk(flushed.map((i) => items[i]!.dst));
  for (const [k, i] of flushed.entries()) {
    const readBack = readBacks[k]!;
    outcomes[i] = readBack instanceof Error ? { ok: false, error: jobFailure(readBack) } : { ok: true, value: await withStill({ ...written[i]!.result, readBack }, stillZone) };
  }
}

/** The copy with its still's facts in place of its head; as it was when it is no still these libraries read. */
async function withStill(stored: StoredSmall, stillZone: string | undefined): Promise<StoredSmall> {
  if (stillZone === undefined || !stored.head) return stored;
  try {
    const still = await stillInfoOf(Buffer.from(stored.head.buffer, stored.head.byteOffset, stored.head.byteLength), stillZone);
    return still ? { ...stored, head: undefined, still } : stored;
  } catch {
    // The libraries could not even be loaded here: the head goes back, and the service's probe decides.
    return stored;
  }
}

const fsyncOf = (fd: number) => new Promise<void>((resolve, reject) => fs.fsync(fd, (err) => (err ? reject(err) : resolve())));

export interface LinkItem {
  tmp: string;
  target: string;
}

/** Linked into place and sealed; `taken`: a file has that name already (link never replaces one). */
export type LinkOutcome = { ok: true; placed: true } | { ok: true; placed: false; reason: 'taken' } | { ok: false; error: JobFailure };

/**
 * Link each temp file (flushed and read back) to its vault name, never over an existing file, and
 * make it read-only. The day folders' fsync is the caller's, once for a group, before its commit.
 */
export function linkSmallBatch(items: readonly LinkItem[]): LinkOutcome[] {
  return items.map(({ tmp, target }) => {
    try {
      fs.linkSync(tmp, target);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return { ok: true, placed: false, reason: 'taken' };
      return { ok: false, error: jobFailure(err) };
    }
    try {
      sealSmall(target);
      return { ok: true, placed: true };
    } catch (err) {
      // Not sealed, so not trusted: the name this call made goes again (its claim is still held).
      fs.rmSync(target, { force: true });
      return { ok: false, error: jobFailure(err) };
    }
  });
}
