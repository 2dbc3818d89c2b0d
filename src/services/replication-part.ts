/**
 * The dock service's replication part: works through the outbox as rows fall due (new recordings
 * within seconds of their ingest, whichever process ingested them: the catalogue is polled), sends the
 * trail's new segment within minutes of work replicated (SEGMENT_AFTER_MS) and once a day, and once a
 * day renews the locks of held recordings. A store that cannot be
 * reached is retried with a growing delay; nothing here ever takes the service down.
 */
import { errorMessage } from '../core/errors.js';
import { addDays } from '../core/retention-policy.js';
import { RENEW_WITHIN_DAYS, retryDelayMs } from '../core/replication.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { ScheduledJob } from '../adapters/cron-schedule.js';
import type { ReplicationStore } from '../adapters/catalog/replication-store.js';
import type { Logger } from '../adapters/logger.js';
import type { ReplicationService } from './replication.js';

/** How often the outbox is looked at when nothing is due: new rows from another process appear within this. */
const POLL_MS = 2_000;

/**
 * A recording put is vouched for by the trail segment that holds its `replicate.put` entry, and a
 * station restored from the store takes only recordings its segments vouch for. With a segment only
 * once a day, a disk lost in the evening lost that day's recordings from the restore although their
 * copies were in the store. So a segment follows replicated work within this long (a day's docking
 * makes a few segments, not one per recording).
 */
export const SEGMENT_AFTER_MS = 10 * 60_000;

export type DailyScheduler = (name: string, expression: string, timezone: string, run: () => Promise<void>) => ScheduledJob;

export class ReplicationPart {
  private timer: NodeJS.Timeout | null = null;
  private job: ScheduledJob | null = null;
  private running: Promise<void> = Promise.resolve();
  private stopping = false;
  private dailyDue = true;
  private failures = 0;
  /** When the oldest work not yet in a segment of the store was done; null: none. */
  private unanchoredSince: number | null = null;

  constructor(
    private readonly service: ReplicationService,
    private readonly outbox: ReplicationStore,
    private readonly schedule: { dailyAt: string; scheduler: DailyScheduler },
    private readonly clock: UnitClock,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.job) return;
    this.stopping = false;
    this.job = this.schedule.scheduler('replication-daily', this.schedule.dailyAt, this.clock.zone, async () => {
      this.dailyDue = true;
      this.wake();
    });
    this.wake();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.job?.stop();
    this.job = null;
    await this.running;
    this.service.close();
  }

  private wake(delayMs = 0): void {
    if (this.stopping) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.pass();
    }, delayMs);
  }

  private async pass(): Promise<void> {
    let delay = POLL_MS;
    try {
      const daily = this.dailyDue;
      if (daily) {
        const renewed = this.outbox.queueRenewals(new Date(`${addDays(this.clock.today(), RENEW_WITHIN_DAYS)}T00:00:00Z`).toISOString());
        if (renewed) this.log.info({ recordings: renewed }, 'held recordings queued to extend their locks in the store');
      }
      const now = this.clock.now().getTime();
      const anchor = daily || (this.unanchoredSince !== null && now - this.unanchoredSince >= SEGMENT_AFTER_MS);
      const s = await this.service.runOnce(undefined, { trail: anchor, requeue: daily });
      if (s.unreachable !== null) {
        delay = retryDelayMs(++this.failures);
      } else {
        this.failures = 0;
        if (daily) this.dailyDue = false;
        if (anchor) this.unanchoredSince = null;
        // Work of an anchoring pass is in the segment it sent (the outbox is drained first).
        else if (s.put || s.refreshed || s.disposed) this.unanchoredSince ??= now;
        if (s.put || s.refreshed || s.disposed) this.log.info({ put: s.put, bytes: s.bytes, refreshed: s.refreshed, disposed: s.disposed, trailSegments: s.trailSegments }, 'replicated to the object store');
        const next = this.outbox.nextDueMs();
        if (next !== null) delay = Math.max(0, Math.min(POLL_MS, next - this.clock.now().getTime()));
      }
    } catch (err) {
      delay = retryDelayMs(++this.failures);
      this.log.error({ err: errorMessage(err) }, 'replication failed; tried again later');
    }
    this.wake(delay);
  }
}
