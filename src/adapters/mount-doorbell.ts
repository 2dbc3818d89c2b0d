/**
 * The mount table's doorbell: `findmnt --poll` (util-linux) waits on /proc/self/mountinfo with epoll,
 * which the kernel wakes at every mount and unmount, and prints a line for each. A line only rings:
 * the poller then reads the whole table itself (mount-poller.ts). Nothing depends on what a line says,
 * a line missed costs nothing, and the poller's own read every 500 ms stays the truth (it sees every
 * dock when findmnt is missing, slow or gone). Without it a dock was seen 0-500 ms after its mount:
 * 0.15-0.25 s of eight docks' 2 s in the bench, and a recorder docked alone waited as long.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { errorMessage } from '../core/errors.js';
import { diesWithParent } from './dies-with-parent.js';
import type { Logger } from './logger.js';

export interface MountDoorbell {
  /** Calls `ring` soon after each change of the mount table (as often as it likes: a ring is only a hint). */
  start(ring: () => void): void;
  stop(): void;
}

export const FINDMNT = '/usr/bin/findmnt';
/**
 * After findmnt ended or could not start: when it is started again, doubling while it keeps ending
 * (a missing findmnt is tried every 5 minutes at most, not every 5 s); the poller's timer sees docks meanwhile.
 */
export const DOORBELL_RESTART_MS = 5_000;
const DOORBELL_RESTART_MAX_MS = 300_000;

export class FindmntDoorbell implements MountDoorbell {
  private child: ChildProcess | null = null;
  private restart: NodeJS.Timeout | null = null;
  private running = false;
  /** Ends since it last rang: said once when it ends, once when it rings again, and sets the wait before a restart. */
  private ends = 0;
  private startedAt = 0;
  private started = 0;

  constructor(
    private readonly log: Logger,
    private readonly restartMs = DOORBELL_RESTART_MS,
    private readonly bin = FINDMNT,
  ) {}

  start(ring: () => void): void {
    this.running = true;
    this.launch(ring);
  }

  stop(): void {
    this.running = false;
    if (this.restart) clearTimeout(this.restart);
    this.restart = null;
    const child = this.child;
    this.child = null;
    child?.kill('SIGKILL');
  }

  /** The pid of findmnt while it runs (tests). */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** How many times findmnt was started (tests). */
  get starts(): number {
    return this.started;
  }

  private launch(ring: () => void): void {
    // findmnt writes only when the table changes: after a kill -9 of the service it would live on until the next mount.
    const { command, args } = diesWithParent(this.bin, ['--poll', '--noheadings', '--raw', '--output', 'ACTION']);
    this.startedAt = Date.now();
    this.started++;
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'], env: { PATH: '/usr/bin:/bin', LC_ALL: 'C' } });
    this.child = child;
    // Back only once it rings: setpriv starts even where findmnt cannot, and ends at once then.
    child.stdout!.on('data', () => {
      if (this.ends > 0) this.log.info({ bin: this.bin }, 'the mount table doorbell is back: docks are seen as they are mounted');
      this.ends = 0;
      ring();
    });
    child.once('error', (err) => this.ended(child, ring, errorMessage(err)));
    child.once('exit', (code, signal) => this.ended(child, ring, `exit ${code ?? signal}`));
  }

  /** `error` and `exit` may both come for one child: the first one counts. */
  private ended(child: ChildProcess, ring: () => void, why: string): void {
    if (this.child !== child) return;
    this.child = null;
    if (!this.running) return;
    // One that ran for long (no dock docked meanwhile) counts as a first end again.
    if (Date.now() - this.startedAt > DOORBELL_RESTART_MAX_MS) this.ends = 0;
    if (this.ends === 0) this.log.warn({ bin: this.bin, why }, 'the mount table doorbell ended; docks are seen by reading the mount table every 0.5 s until it is back');
    const wait = Math.min(this.restartMs * 2 ** this.ends, DOORBELL_RESTART_MAX_MS);
    this.ends++;
    this.restart = setTimeout(() => {
      this.restart = null;
      if (this.running) this.launch(ring);
    }, wait);
    this.restart.unref();
  }
}
