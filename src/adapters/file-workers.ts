/**
 * The file workers' jobs (file-worker.ts runs them in its own process): copies, hashes, read-backs,
 * links and listings, each with its types, handed to the pool (file-worker-pool.ts) in its lane.
 */
import { jobError, WorkerPool } from './file-worker-pool.js';
import type { HashResult } from './durable-file.js';
import type { PlaceResult } from './place-file.js';
import type { Expected } from './read-check.js';
import type { DiskReadResult } from './disk-read.js';
import type { CopyResult } from './small-file.js';
import type { ScanResult } from './volume-scanner.js';
import type { LinkItem, LinkOutcome, StoredSmall, StoreItem, StoreOutcome } from './small-file-batch.js';
import type { FileJobError } from '../core/errors.js';
export { FileJobError } from '../core/errors.js';
export { STALL_MS, START_AFTER_MS } from './file-worker-pool.js';

export class FileWorkers extends WorkerPool {
  /**
   * `onBytes` hears of progress during the copy (throttled), for progress bars. `headBytes`: a small
   * file's first bytes up to this many come back with the result (for the probe), a large one's never.
   * `lane`: the source read (a recorder's mount), so that one hanging holds up only its own jobs.
   */
  copy(src: string, dst: string, onBytes?: (n: number) => void, opts: { headBytes?: number; lane?: string; named?: boolean; check?: boolean } = {}): Promise<CopyResult> {
    return this.submit({ op: 'copy', src, dst, headBytes: opts.headBytes ?? 0, named: opts.named, check: opts.check }, opts.lane, onBytes) as Promise<CopyResult>;
  }

  hash(path: string, onBytes?: (n: number) => void, opts: { lane?: string } = {}): Promise<HashResult> {
    return this.submit({ op: 'hash', path }, opts.lane, onBytes) as Promise<HashResult>;
  }

  /**
   * The SHA-256 of a file as the disk holds it (O_DIRECT: no page-cache copy, and the cache cannot
   * answer for the medium); where the file system has no direct I/O, as the cache holds it (`fromDisk` false).
   * `lane`: jobs of different lanes never share a worker (a large file's hash takes a core of its own).
   */
  hashFromDisk(path: string, onBytes?: (n: number) => void, opts: { lane?: string } = {}): Promise<DiskReadResult> {
    return this.submit({ op: 'hash-disk', path }, opts.lane, onBytes) as Promise<DiskReadResult>;
  }

  /**
   * Link, read back, seal; `syncDir: false` leaves the folder's fsync to the caller (before any commit).
   * `lane`: the recorder the copy came from. Its vault-side jobs go with its copies, so one ingest keeps
   * to its own workers (a job of no lane takes a worker of its own: a process more); if the recorder
   * hangs, only its own files wait.
   */
  place(tmp: string, target: string, expected: Expected, opts: { syncDir?: boolean; lane?: string } = {}): Promise<PlaceResult> {
    return this.submit({ op: 'place', tmp, target, expected, syncDir: opts.syncDir !== false }, opts.lane) as Promise<PlaceResult>;
  }

  /**
   * Small files in one job (small-file-batch.ts): each copied, fsynced and read back from the disk.
   * Per item: the stored copy, its error (a FileJobError), or 'large' (bigger than a small file now:
   * nothing written, the caller copies it the pipelined way). `stillZone`: the worker reads each
   * still picture's facts itself (small-file-batch.ts), EXIF times in that zone.
   */
  async storeBatch(items: readonly StoreItem[], opts: { headBytes?: number; onBytes?: (n: number) => void; lane?: string; stillZone?: string } = {}): Promise<(StoredSmall | FileJobError | 'large')[]> {
    const outcomes = (await this.submit({ op: 'store-batch', items: [...items], headBytes: opts.headBytes ?? 0, stillZone: opts.stillZone }, opts.lane, opts.onBytes)) as StoreOutcome[];
    return outcomes.map((o) => (o.ok ? o.value : 'large' in o ? 'large' : jobError(o.error)));
  }

  /** Link each temp file to its vault name (never over a file) and seal it, in one job; per item, or its error. `lane` as for `place`. */
  async linkBatch(items: readonly LinkItem[], opts: { lane?: string } = {}): Promise<({ placed: true } | { placed: false; reason: 'taken' } | FileJobError)[]> {
    const outcomes = (await this.submit({ op: 'link-batch', items: [...items] }, opts.lane)) as LinkOutcome[];
    return outcomes.map((o) => (o.ok ? (o.placed ? { placed: true } : { placed: false, reason: 'taken' }) : jobError(o.error)));
  }

  /**
   * A recorder's volume listed by a worker (volume-scanner.ts, its blocking reads): a scan through the
   * I/O threads cost the service's thread 150-350 ms for ten thousand photos, the worker's 50 ms.
   * `lane`: the volume's root (a card that hangs holds that worker only; a dock names it by its mount point).
   */
  scan(root: string, extensions: ReadonlySet<string>, opts: { lane?: string } = {}): Promise<ScanResult> {
    return this.submit({ op: 'scan', root, extensions: [...extensions] }, opts.lane) as Promise<ScanResult>;
  }
}
