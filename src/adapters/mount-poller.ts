/**
 * Dock detection by mounts: reads /proc/self/mountinfo every `intervalMs`, and at once when the
 * doorbell rings (mount-doorbell.ts), and reports mounts that appear or go below the media roots.
 * Each read is the whole table, so nothing is resynced after a missed ring, and the doorbell only
 * makes a dock seen sooner: the timer alone sees every dock. inotify sees no mounts at all, and
 * after an unmount it reports every file as deleted: never used here.
 */
import fs from 'node:fs';
import { errorMessage } from '../core/errors.js';
import { diffMounts, mountsUnder, parseMountInfo, type MountChanges, type MountEntry } from '../core/mount-table.js';
import type { Logger } from './logger.js';
import type { MountDoorbell } from './mount-doorbell.js';

export class MountPoller {
  private timer: NodeJS.Timeout | null = null;
  private known: MountEntry[] = [];
  private failing = false;
  private onChange: (changes: MountChanges) => void = () => undefined;
  /** A read asked for by the doorbell and not made yet: rings in a burst (eight docks) make one read. */
  private rung = false;

  constructor(
    private readonly roots: readonly string[],
    readonly intervalMs: number,
    private readonly log: Logger,
    private readonly doorbell?: MountDoorbell,
    private readonly mountInfoFile = '/proc/self/mountinfo',
  ) {}

  /** Reports what is already mounted as added, then watches. */
  start(onChange: (changes: MountChanges) => void): void {
    this.onChange = onChange;
    this.poll();
    this.timer = setInterval(() => this.poll(), this.intervalMs);
    this.doorbell?.start(() => this.ring());
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.doorbell?.stop();
  }

  private ring(): void {
    if (this.rung || !this.timer) return;
    this.rung = true;
    setImmediate(() => {
      this.rung = false;
      if (this.timer) this.poll();
    });
  }

  current(): readonly MountEntry[] {
    return this.known;
  }

  private poll(): void {
    let now: MountEntry[];
    try {
      now = mountsUnder(parseMountInfo(fs.readFileSync(this.mountInfoFile, 'utf8')), this.roots);
    } catch (err) {
      // Log once per outage, not twice a second.
      if (!this.failing) this.log.error({ err: errorMessage(err), file: this.mountInfoFile }, 'cannot read the mount table; docks are not seen until it is readable');
      this.failing = true;
      return;
    }
    if (this.failing) this.log.info({ file: this.mountInfoFile }, 'mount table readable again');
    this.failing = false;
    const changes = diffMounts(this.known, now);
    this.known = now;
    if (changes.added.length || changes.removed.length) this.onChange(changes);
  }
}
