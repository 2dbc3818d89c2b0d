/**
 * A small pool of file workers. Jobs queue and go to the first idle worker; errors come back as
 * Error objects carrying the errno code and whether an fsync failed (the object must then be redone).
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { HashResult, PlaceResult } from './durable-file.js';
import type { CopyResult } from './small-file.js';
import type { WorkerJob, WorkerReply } from './file-worker-protocol.js';

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
  onBytes?: (n: number) => void;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

export class FileWorkers {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private nextId = 1;
  private closed = false;

  constructor(readonly size: number) {
    for (let i = 0; i < size; i++) {
      const worker = new Worker(fileURLToPath(workerScript()));
      worker.on('message', (reply: WorkerReply) => this.finish(worker, reply));
      worker.on('error', (err) => this.crash(worker, err));
      this.all.push(worker);
      this.idle.push(worker);
    }
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

  /** Link, read back, seal; `syncDir: false` leaves the folder's fsync to the caller (before any commit). */
  place(tmp: string, target: string, expectedSha256: string, opts: { syncDir?: boolean } = {}): Promise<PlaceResult> {
    return this.submit({ op: 'place', tmp, target, expectedSha256, syncDir: opts.syncDir !== false }) as Promise<PlaceResult>;
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

  private dispatch(): void {
    while (this.idle.length && this.queue.length) {
      const worker = this.idle.pop()!;
      const pending = this.queue.shift()!;
      this.running.set(worker, pending);
      worker.postMessage(pending.job);
    }
  }

  private finish(worker: Worker, reply: WorkerReply): void {
    if ('progress' in reply) {
      this.running.get(worker)?.onBytes?.(reply.progress);
      return;
    }
    const pending = this.running.get(worker);
    this.running.delete(worker);
    this.idle.push(worker);
    if (pending) {
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(new FileJobError(reply.error.message, reply.error.code, reply.error.fsync));
    }
    this.dispatch();
  }

  private crash(worker: Worker, err: Error): void {
    const pending = this.running.get(worker);
    this.running.delete(worker);
    pending?.reject(err);
  }
}
