/**
 * The pool under the file workers (file-workers.ts gives its jobs their types): worker processes
 * started as jobs need them and ended once idle, jobs queued and handed to a worker of their lane.
 * Errors come back as Error objects carrying the errno code and whether an fsync failed (the object
 * must then be redone). A recorder whose reads hang (a failing card) holds only its own lane: its
 * worker is set aside and the others' jobs go on at full speed (see `dispatch`).
 */
import { WorkerProcess } from './file-worker-process.js';
import { LARGE_CHUNK, SHARED_CHUNK } from './io-rings.js';
import type { JobInput, Pending, WorkerJob, WorkerReply } from './file-worker-protocol.js';
import type { JobFailure } from './small-file-batch.js';
import { FileJobError } from '../core/errors.js';

/** A job with no word for this long holds its worker up: the worker is set aside (see `watch`). */
export const STALL_MS = 10_000;

/**
 * A lane's worker more starts only for its jobs that have waited this long since its workers were up.
 * One costs about 0.2 s of CPU (a Node runtime): a short command's few files are done by the first.
 */
export const START_AFTER_MS = 100;

/**
 * A worker beyond the `size` kept is ended once idle this long (at the watchdog's next look): a burst
 * (eight docks' listings, then their copies) reuses the workers it started. Ended the moment they
 * were idle, two of the dock service's four were started again in every round of eight docks, each
 * a Node runtime's CPU (0.2-0.3 s) and start-up while its recorder waited.
 */
export const RETIRE_AFTER_MS = 2_000;

export class WorkerPool {
  private readonly workers: WorkerProcess[] = [];
  private readonly queue: Pending[] = [];
  /** Jobs handed to a worker, by id (a worker may run several: their replies name them). */
  private readonly running = new Map<number, Pending>();
  private nextId = 1;
  private closed = false;
  private readonly watchdog: NodeJS.Timeout;
  /** Set while queued jobs wait for a worker that may start once they have waited START_AFTER_MS. */
  private startTimer: NodeJS.Timeout | undefined;

  /**
   * Up to `size` × `jobsPerWorker` jobs run at once (and so the buffers they hold), however many
   * wait in the queue; up to `size` idle workers are kept, more start while lanes need them. A worker runs up to
   * `jobsPerWorker` jobs of one lane: a job waiting on the disk (an fsync, a read) leaves it free to
   * hash another's bytes, and a source that hangs a worker (a synchronous read of a photo blocks it
   * whole) hangs no other source's job with it. Workers start when jobs need them (START_AFTER_MS)
   * and those beyond `size` end once idle for a while (RETIRE_AFTER_MS).
   */
  constructor(
    readonly size: number,
    readonly jobsPerWorker = 1,
    private readonly stallMs = STALL_MS,
    private readonly startAfterMs = START_AFTER_MS,
    private readonly retireAfterMs = RETIRE_AFTER_MS,
  ) {
    this.watchdog = setInterval(() => this.watch(), Math.max(50, stallMs / 4)).unref();
  }

  private spawn(): WorkerProcess {
    const worker: WorkerProcess = new WorkerProcess(
      (reply, first) => this.finish(worker, reply, first),
      (err) => this.crash(worker, err),
    );
    this.workers.push(worker);
    return worker;
  }

  /**
   * Starts the workers the pool keeps idle anyway (`size`), ahead of any job: a long-running service
   * (the dock service) calls it once, so that the first recorder docked is listed and copied by
   * workers already up, as every later one is, not after a Node runtime has started for it
   * (0.2-0.3 s each, and their CPU, while the recorders wait).
   */
  warm(): void {
    while (!this.closed && this.workers.length < this.size) this.spawn().hello(this.nextId++);
  }

  /** Jobs waiting for a free slot (not yet handed to a worker). */
  get queued(): number {
    return this.queue.length;
  }

  /** Lanes with a job set aside now: a source whose reads have said nothing for `stallMs`. */
  get stalledLanes(): string[] {
    return [...new Set([...this.running.values()].filter((p) => p.worker?.setAside).map((p) => p.lane))];
  }

  /**
   * Ends every worker, and fails the jobs still running or queued: a copy cut short leaves only its
   * temp file (never linked, never catalogued; removed at the next start), its file still on the recorder.
   * `why`: what those jobs fail with (a stop that abandons a hung card's copies says so).
   */
  async close(why = 'file workers are closed'): Promise<void> {
    this.closed = true;
    clearInterval(this.watchdog);
    clearTimeout(this.startTimer);
    const err = new Error(why);
    for (const pending of [...this.running.values(), ...this.queue.splice(0)]) pending.reject(err);
    this.running.clear();
    await Promise.all(this.workers.splice(0).map((w) => w.end()));
  }

  protected submit(input: JobInput, lane = '', onBytes?: (n: number) => void): Promise<unknown> {
    if (this.closed) return Promise.reject(new Error('file workers are closed'));
    return new Promise((resolve, reject) => {
      const pending: Pending = { job: { ...input, id: this.nextId++ } as WorkerJob, lane, queuedAt: Date.now(), heardAt: 0, onBytes, resolve, reject };
      // A volume's listing goes before the copies waiting (after other listings): a recorder docked
      // while others copy is recognised and started at once, not after their queued files.
      const at = input.op === 'scan' ? this.queue.findIndex((p) => p.job.op !== 'scan') : -1;
      if (at < 0) this.queue.push(pending);
      else this.queue.splice(at, 0, pending);
      this.dispatch();
    });
  }

  /** Jobs running on workers not set aside: these hold the slots (a stuck job holds none). */
  private liveJobs(): number {
    let n = 0;
    for (const w of this.workers) if (!w.setAside) n += w.load;
    return n;
  }

  /**
   * A worker for a job of `lane`: one running that lane with room, else an idle one, else a new one
   * while the slots allow (a hung lane's worker set aside is replaced): at once for a lane no worker
   * runs, for a lane's extra jobs once they have waited `startAfterMs`. Never one running another lane.
   */
  private workerFor(pending: Pending, now: number): WorkerProcess | undefined {
    const live = this.workers.filter((w) => !w.setAside);
    const found = live.find((w) => w.lane === pending.lane && w.load < this.jobsPerWorker) ?? live.find((w) => w.load === 0);
    if (found || live.length >= this.size * this.jobsPerWorker) return found;
    const mine = live.filter((w) => w.lane === pending.lane);
    // The lane's worker still starting says when it is up (finish): the wait counts from then.
    const since = mine.some((w) => !w.answered) ? Infinity : Math.max(pending.queuedAt, ...mine.map((w) => w.upAt!));
    if (mine.length === 0 || now - since >= this.startAfterMs) return this.spawn();
    if (since < Infinity) this.startTimer ??= setTimeout(() => ((this.startTimer = undefined), this.dispatch()), since + this.startAfterMs - now);
    return undefined;
  }

  /**
   * The I/O buffers of a job handed out now: large while one recorder has the workers (a large
   * file's copy is fastest so), smaller while several share them, so that the memory of eight docks
   * is that of eight copies in flight at 4 MiB a ring, not 16 (io-rings.ts).
   */
  private chunkNow(): number {
    const lanes = new Set<string>();
    for (const p of [...this.running.values(), ...this.queue]) if (p.lane) lanes.add(p.lane);
    return lanes.size > 1 ? SHARED_CHUNK : LARGE_CHUNK;
  }

  private dispatch(): void {
    if (this.closed) return;
    const stalled = new Set(this.stalledLanes);
    const chunk = this.chunkNow();
    const now = Date.now();
    for (let i = 0; i < this.queue.length && this.liveJobs() < this.size * this.jobsPerWorker; ) {
      const pending = this.queue[i]!;
      // A lane set aside gets nothing more until its stuck job answers: a hung card holds one worker, not all.
      const worker = stalled.has(pending.lane) ? undefined : this.workerFor(pending, now);
      if (!worker) {
        i++;
        continue;
      }
      this.queue.splice(i, 1);
      pending.job.chunk = chunk;
      worker.lane = pending.lane;
      pending.worker = worker;
      pending.heardAt = Date.now();
      this.running.set(pending.job.id, pending);
      worker.send(pending.job);
    }
  }

  /** Sets aside each worker with a job that has said nothing for `stallMs`, and lets the queue go on without it. */
  private watch(): void {
    const now = Date.now();
    let changed = false;
    for (const p of this.running.values()) {
      if (p.worker && !p.worker.setAside && now - p.heardAt > this.stallMs) {
        p.worker.setAside = true;
        changed = true;
      }
    }
    if (changed) this.dispatch();
    this.retireIdle(now);
  }

  /** Ends workers beyond `size` idle for `retireAfterMs`, longest idle first, always keeping one idle. */
  private retireIdle(now: number): void {
    const idle = this.workers.filter((w) => w.load === 0).sort((a, b) => (a.idleSince ?? 0) - (b.idleSince ?? 0));
    for (const w of idle.slice(0, -1)) {
      if (this.workers.length <= this.size) return;
      if (now - (w.idleSince ?? 0) >= this.retireAfterMs) this.retire(w);
    }
  }

  /** `first`: the worker's first word, so it is up: jobs waiting may start another (workerFor). */
  private finish(worker: WorkerProcess, reply: WorkerReply, first = false): void {
    const pending = this.running.get(reply.id);
    if (!pending) {
      // A warmed worker's hello (warm): it is up, and jobs waiting on that may start another.
      if (first) this.dispatch();
      return;
    }
    pending.heardAt = Date.now();
    if ('progress' in reply) {
      pending.onBytes?.(reply.progress);
      if (first) this.dispatch();
      return;
    }
    this.running.delete(reply.id);
    worker.jobs.delete(reply.id);
    if (worker.load === 0) this.idle(worker);
    if (reply.ok) pending.resolve(reply.value);
    else pending.reject(jobError(reply.error));
    this.dispatch();
  }

  /** An idle worker takes any lane; one set aside comes back (ended later if more are kept than `size`: retireIdle). */
  private idle(worker: WorkerProcess): void {
    worker.lane = null;
    worker.setAside = false;
    worker.idleSince = Date.now();
  }

  private retire(worker: WorkerProcess): void {
    this.workers.splice(this.workers.indexOf(worker), 1);
    worker.kill();
  }

  /**
   * A worker that died fails the jobs it held; the queued ones run on another (one starts when
   * needed). When none could even start, the queued jobs fail with its error rather than wait for ever.
   */
  private crash(worker: WorkerProcess, err: Error): void {
    const at = this.workers.indexOf(worker);
    if (at < 0) return;
    this.workers.splice(at, 1);
    for (const id of worker.jobs) {
      const pending = this.running.get(id);
      this.running.delete(id);
      pending?.reject(err);
    }
    if (this.closed) return;
    if (!worker.answered && !this.workers.some((w) => w.answered)) {
      for (const pending of this.queue.splice(0)) pending.reject(err);
      return;
    }
    this.dispatch();
  }
}

export const jobError = (e: JobFailure) => new FileJobError(e.message, e.code, e.fsync);
