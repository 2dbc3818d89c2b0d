/**
 * The dock service's part that ends grants (R13): at start-up and on its schedule it removes the
 * working copies of grants past their last day and records `access.expire` (access-ending.ts). A failure is logged and
 * tried again at the next run; it never takes the service down.
 */
import { errorMessage } from '../core/errors.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { Logger } from '../adapters/logger.js';
import type { ScheduledJob } from '../adapters/cron-schedule.js';
import type { AccessEnding } from './access-ending.js';

export type ExpiryScheduler = (name: string, expression: string, timezone: string, run: () => Promise<void>) => ScheduledJob;

export class AccessExpiry {
  private job: ScheduledJob | null = null;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly ending: AccessEnding,
    private readonly schedule: string,
    private readonly scheduler: ExpiryScheduler,
    private readonly clock: UnitClock,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.job) return;
    this.job = this.scheduler('access-expiry', this.schedule, this.clock.zone, () => this.runSafely());
    // Grants that ended while the service was down are ended at once.
    this.running = this.runSafely();
  }

  async stop(): Promise<void> {
    await this.job?.stop();
    this.job = null;
    await this.running;
  }

  private async runSafely(): Promise<void> {
    try {
      const ended = await this.ending.expireEnded();
      if (ended.length) this.log.info({ grants: ended.map((e) => e.id) }, 'access grants ended: working copies removed');
    } catch (err) {
      this.log.error({ err: errorMessage(err) }, 'ending access grants failed; tried again at the next run');
    }
  }
}
