/**
 * One file worker: a child process (file-worker.ts) running jobs of one lane at a time. A process,
 * not a thread: a source file held open by a thread is held by the whole process, and every program
 * the process then starts (ffprobe, getent) closes it at its exec, which on a FUSE volume whose
 * daemon hangs waits for that daemon, with the service's main thread waiting on the child (measured:
 * spawnSync('true') blocked in anon_pipe_read for as long as the FUSE process was stopped). The
 * service's own process never opens a recorder's file; a process stuck on one can be killed.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerJob, WorkerReply } from './file-worker-protocol.js';
import { diesWithParent } from './dies-with-parent.js';

/** The compiled worker. Under the test runner (TypeScript sources) the build's copy is used. */
function workerScript(): string {
  const here = import.meta.url;
  return fileURLToPath(here.endsWith('.ts') ? new URL('../../dist/src/adapters/file-worker.js', here) : new URL('./file-worker.js', here));
}

/**
 * The workers' allocator: blocks of 128 KiB and more mapped on their own (a fixed threshold: glibc's
 * own rises to the last block freed and would take the next ring from its heap), and those of 2 MiB
 * and more asking for huge pages (huge-page-block.ts). Measured with 10,000 files of 4 KB: the two
 * workers' peak 100 MiB, against 95-97 without (114 with the threshold at 2 MiB, where 1 MiB copy
 * buffers came from the heap, in huge pages too, and small files' rings were in huge pages as well).
 */
export const WORKER_TUNABLES = 'glibc.malloc.mmap_threshold=131072:glibc.malloc.hugetlb=1';

/**
 * Node started so that the kernel kills the worker when the process that started it dies
 * (dies-with-parent.ts): a worker that outlived a `kill -9` of the service would go on linking and
 * sealing files while a rerun already looks at the vault (a thread died with its process). Where
 * setpriv is missing, such a worker ends at its next step instead (its channel closed, file-worker.ts).
 */
function nodeDyingWithParent(execArgv: string[]): { execPath: string; execArgv: string[] } {
  const { command, args } = diesWithParent(process.execPath, execArgv);
  return { execPath: command, execArgv: args };
}

export class WorkerProcess {
  private readonly child: ChildProcess;
  /** The lane of the jobs it runs now (null when idle): jobs of one source never share it with another's. */
  lane: string | null = null;
  readonly jobs = new Set<number>();
  /** Set aside: a job of it has said nothing for too long; it takes no more jobs until that one ends. */
  setAside = false;
  /** When it last ran out of jobs (Date.now()); undefined while it never had one. */
  idleSince: number | undefined;
  /** When it first said anything (a job's progress or answer): it is up (one that dies before is not replaced). */
  upAt: number | undefined;
  private gone = false;

  constructor(onReply: (reply: WorkerReply, first: boolean) => void, onExit: (err: Error) => void) {
    // The young generation kept small, as the threads' was: memory stays at the copies in flight.
    // gc exposed: a ring of I/O buffers let go is unmapped at once (io-rings.ts).
    // Not the service's allocator setting (systemd/evidence-vault.service): a worker's buffers are its own
    // rings, reused, so it would gain nothing, and each would keep up to its 64 MiB of freed memory. Its
    // own: the rings in huge pages (huge-page-block.ts), each a mapping of its own (a fixed threshold).
    const env = { ...process.env, GLIBC_TUNABLES: WORKER_TUNABLES };
    this.child = fork(workerScript(), [], { serialization: 'advanced', env, ...nodeDyingWithParent(['--max-semi-space-size=4', '--expose-gc']), stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (reply: WorkerReply) => {
      const first = this.upAt === undefined;
      this.upAt ??= Date.now();
      onReply(reply, first);
    });
    const ended = (err: Error) => {
      if (this.gone) return;
      this.gone = true;
      onExit(err);
    };
    this.child.on('error', ended);
    this.child.on('exit', (code, signal) => ended(new Error(`file worker ended (${signal ?? `exit code ${code}`})`)));
  }

  get answered(): boolean {
    return this.upAt !== undefined;
  }

  get load(): number {
    return this.jobs.size;
  }

  /** A job of nothing (its answer says the worker is up), not counted as its load: it takes jobs at once. */
  hello(id: number): void {
    this.child.send({ id, op: 'ready' } satisfies WorkerJob);
  }

  send(job: WorkerJob): void {
    this.jobs.add(job.id);
    this.child.send(job);
  }

  /**
   * Ends it. SIGKILL: a read waiting for a FUSE daemon to take it ends with it (one the daemon took and
   * does not answer, like one stuck in a block device's driver, cannot be ended by anyone; the process
   * then goes when the read returns, writing nothing).
   */
  kill(): void {
    if (this.gone) return;
    this.child.kill('SIGKILL');
    // Not waited for: the service's exit must not wait on a process a driver holds.
    this.child.unref();
    this.child.channel?.unref();
  }

  /**
   * kill, then wait up to `waitMs` for it to be gone: a process that ended is then waited for, so
   * its CPU time is counted to this one's children (as a thread's was counted to this process);
   * one a driver holds is not waited for longer.
   */
  async end(waitMs = 2_000): Promise<void> {
    if (this.gone || this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGKILL');
    // The timer keeps this process alive while it waits (kill's unref alone would let it exit here,
    // before its caller has set the exit status); only then is a worker still there let go.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([exited, new Promise<void>((resolve) => (timer = setTimeout(resolve, waitMs)))]);
    clearTimeout(timer);
    this.kill();
  }
}
