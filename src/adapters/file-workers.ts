/**
 * A small pool of file workers. Jobs queue and go to the first idle worker; errors come back as
 * Error objects carrying the errno code and whether an fsync failed (the object must then be redone).
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { HashResult, PlaceResult } from './durable-file.js';
import type { DiskReadResult } from './disk-read.js';
import type { CopyResult } from './small-file.js';
import type { WorkerJob, WorkerReply } from './file-worker-protocol.js';
import type { JobFailure, LinkItem, LinkOutcome, StoredSmall, StoreItem, StoreOutcome } from './small-file-batch.js';

type JobInput = WorkerJob extends infer J ? (J extends WorkerJob ? Omit<J, 'id'> : never) : never;

import { FileJobError } from '../core/errors.js';
export { FileJobError };

/** The compiled worker. Under the test runner (TypeScript sources) the build's copy is used. */
function workerScript(): URL {
  const here = import.meta.url;
  return here.endsWith('.ts')
    ? new URL('../../dist/src/adapters/file-worker.js', here)
    : new URL('./file-worker.js', here);
}

interface Pending {
  job: WorkerJob;
  worker?: Worker;
  onBytes?: (n: number) => void;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export class FileWorkers {
  private readonly all: Worker[] = [];
  private readonly queue: Pending[] = [];
  /** Jobs each worker runs now. */
  private readonly load = new Map<Worker, number>();
  /** Jobs handed to a worker, by id (a worker may run several: their replies name them). */
  private readonly running = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  /** Threads that have answered a job: they could start, so one that dies is replaced. */
  private readonly answered = new WeakSet<Worker>();

  /**
   * `size` threads, each running up to `jobsPerWorker` jobs at once: a job waiting on the disk (an
   * fsync, a read) leaves its thread free to hash another's bytes. Jobs in flight, and so the
   * buffers they hold, never exceed size × jobsPerWorker, however many wait in the queue.
   */
  constructor(
    readonly size: number,
    readonly jobsPerWorker = 1,
  ) {
    for (let i = 0; i < size; i++) this.spawn();
  }

  private spawn(): void {
    const worker = new Worker(fileURLToPath(workerScript()), { resourceLimits: { maxYoungGenerationSizeMb: 8 } });
    worker.on('message', (reply: WorkerReply) => this.finish(worker, reply));
    worker.on('error', (err) => this.crash(worker, err));
    worker.on('exit', (code) => this.crash(worker, new Error(`file worker thread ended (exit code ${code})`)));
    this.all.push(worker);
    this.load.set(worker, 0);
  }

  /**
   * `onBytes` hears of progress during the copy (throttled), for progress bars. `headBytes`: a small
   * file's first bytes up to this many come back with the result (for the probe), a large one's never.
   */
  copy(src: string, dst: string, onBytes?: (n: number) => void, opts: { headBytes?: number } = {}): Promise<CopyResult> {
    return this.submit({ op: 'copy', src, dst, headBytes: opts.headBytes ?? 0 }, onBytes) as Promise<CopyResult>;
  }

  hash(path: string, onBytes?: (n: number) => void): Promise<HashResult> {
    return this.submit({ op: 'hash', path }, onBytes) as Promise<HashResult>;
  }

  /**
   * The SHA-256 of a file as the disk holds it (O_DIRECT: no page-cache copy, and the cache cannot
   * answer for the medium); where the file system has no direct I/O, as the cache holds it (`fromDisk` false).
   */
  hashFromDisk(path: string, onBytes?: (n: number) => void): Promise<DiskReadResult> {
    return this.submit({ op: 'hash-disk', path }, onBytes) as Promise<DiskReadResult>;
  }

  /** Link, read back, seal; `syncDir: false` leaves the folder's fsync to the caller (before any commit). */
  place(tmp: string, target: string, expectedSha256: string, opts: { syncDir?: boolean } = {}): Promise<PlaceResult> {
    return this.submit({ op: 'place', tmp, target, expectedSha256, syncDir: opts.syncDir !== false }) as Promise<PlaceResult>;
  }

  /**
   * Small files in one job (small-file-batch.ts): each copied, fsynced and read back from the disk.
   * Per item: the stored copy, its error (a FileJobError), or 'large' (bigger than a small file now:
   * nothing written, the caller copies it the pipelined way).
   */
  async storeBatch(items: readonly StoreItem[], opts: { headBytes?: number; onBytes?: (n: number) => void } = {}): Promise<(StoredSmall | FileJobError | 'large')[]> {
    const outcomes = (await this.submit({ op: 'store-batch', items: [...items], headBytes: opts.headBytes ?? 0 }, opts.onBytes)) as StoreOutcome[];
    return outcomes.map((o) => (o.ok ? o.value : 'large' in o ? 'large' : jobError(o.error)));
  }

  /** Link each temp file to its vault name (never over a file) and seal it, in one job; per item, or its error. */
  async linkBatch(items: readonly LinkItem[]): Promise<({ placed: true } | { placed: false; reason: 'taken' } | FileJobError)[]> {
    const outcomes = (await this.submit({ op: 'link-batch', items: [...items] })) as LinkOutcome[];
    return outcomes.map((o) => (o.ok ? (o.placed ? { placed: true } : { placed: false, reason: 'taken' }) : jobError(o.error)));
  }

  /** Jobs waiting for a free slot (not yet handed to a thread). */
  get queued(): number {
    return this.queue.length;
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.all.map((w) => w.terminate()));
  }

  private submit(input: JobInput, onBytes?: (n: number) => void): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('file workers are closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ job: { ...input, id: this.nextId++ } as WorkerJob, onBytes, resolve, reject });
      this.dispatch();
    });
  }

  /** The least busy worker with room for another job, if any. */
  private freeWorker(): Worker | undefined {
    let best: Worker | undefined;
    for (const w of this.all) {
      const n = this.load.get(w)!;
      if (n < this.jobsPerWorker && (best === undefined || n < this.load.get(best)!)) best = w;
    }
    return best;
  }

  private dispatch(): void {
    for (let worker = this.freeWorker(); worker && this.queue.length; worker = this.freeWorker()) {
      const pending = this.queue.shift()!;
      pending.worker = worker;
      this.load.set(worker, this.load.get(worker)! + 1);
      this.running.set(pending.job.id, pending);
      worker.postMessage(pending.job);
    }
  }

  private finish(worker: Worker, reply: WorkerReply): void {
    if (!this.load.has(worker)) return; // a thread already counted dead
    this.answered.add(worker);
    const pending = this.running.get(reply.id);
    if ('progress' in reply) {
      pending?.onBytes?.(reply.progress);
      return;
    }
    if (!pending) return;
    this.running.delete(reply.id);
    this.load.set(worker, this.load.get(worker)! - 1);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(jobError(reply.error));
    this.dispatch();
  }

  /**
   * A thread that died fails the jobs it held, and a new one takes its place, so the jobs queued
   * behind it still run. One that died before its first answer (it could not start) is not replaced:
   * with no thread left, the queued jobs fail with its error rather than wait for ever.
   */
  private crash(worker: Worker, err: Error): void {
    if (!this.load.has(worker)) return; // its 'exit' after its 'error'
    for (const [id, pending] of this.running) {
      if (pending.worker !== worker) continue;
      this.running.delete(id);
      pending.reject(err);
    }
    this.load.delete(worker);
    this.all.splice(this.all.indexOf(worker), 1);
    void worker.terminate();
    if (this.closed) return;
    if (this.answered.has(worker)) this.spawn();
    if (!this.all.length) for (const pending of this.queue.splice(0)) pending.reject(err);
    this.dispatch();
  }
}

const jobError = (e: JobFailure) => new FileJobError(e.message, e.code, e.fsync);
