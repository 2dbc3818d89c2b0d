/**
 * The daemon's daily anchor line: the audit chain head written to the service log (the journal under
 * systemd) at start-up and every day at midnight, so a copy of the head is kept outside the trail.
 * A head from the journal is checked with `audit verify --anchor "<the line>"`.
 */
import { errorMessage } from '../core/errors.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { JobScheduler, ScheduledJob } from '../adapters/cron-schedule.js';
import type { Logger } from '../adapters/logger.js';
import { anchorLine, type ChainAnchor } from './audit-verify.js';

export const ANCHOR_JOB = 'audit-anchor';
/** Every day at 00:00, local time (the configured timezone). */
export const ANCHOR_SCHEDULE = '0 0 * * *';

export class AnchorLog {
  private job: ScheduledJob | null = null;

  constructor(
    private readonly head: () => ChainAnchor,
    private readonly scheduler: JobScheduler,
    private readonly clock: UnitClock,
    private readonly log: Logger,
  ) {}

  /** Writes the line now, then every day; never throws into the daemon. */
  start(): void {
    if (this.job) return;
    this.write();
    this.job = this.scheduler.schedule(ANCHOR_JOB, ANCHOR_SCHEDULE, this.clock.zone, () => this.write());
  }

  async stop(): Promise<void> {
    await this.job?.stop();
    this.job = null;
  }

  /** One line `{ anchor: {seq, hash, at}, msg: 'audit chain anchor: Audit chain head: entry N, …' }`. */
  write(): ChainAnchor | null {
    try {
      const a = this.head();
      this.log.info({ anchor: { seq: a.seq, hash: a.hash, at: a.at } }, `audit chain anchor: ${anchorLine(a)}`);
      return a;
    } catch (err) {
      this.log.error({ err: errorMessage(err) }, 'cannot read the audit chain head for the anchor line');
      return null;
    }
  }
}
