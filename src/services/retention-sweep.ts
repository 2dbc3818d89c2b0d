/**
 * The daily retention sweep the daemon runs: finish interrupted disposals, count, report. It disposes
 * of nothing on its own unless `retention.autoDispose` is on; then the setting is the recorded approval.
 */
import { errorMessage } from '../core/errors.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { Logger } from '../adapters/logger.js';
import type { ScheduledJob } from '../adapters/cron-schedule.js';
import type { AuditTrail } from './audit-trail.js';
import type { RetentionService, RetentionStatus } from './retention.js';

export interface SweepReport {
  status: RetentionStatus;
  finished: number;
  disposed: number;
}

export type Scheduler = (name: string, expression: string, timezone: string, run: () => Promise<void>) => ScheduledJob;

export const AUTO_DISPOSE_APPROVER = 'config:retention.autoDispose';

export class RetentionSweep {
  private job: ScheduledJob | null = null;

  constructor(
    private readonly retention: RetentionService,
    private readonly audit: AuditTrail,
    private readonly settings: { autoDispose: boolean; schedule: string },
    private readonly scheduler: Scheduler,
    private readonly clock: UnitClock,
    private readonly log: Logger,
  ) {}

  start(): void {
    if (this.job) return;
    this.job = this.scheduler('retention-sweep', this.settings.schedule, this.clock.zone, async () => {
      try {
        await this.runOnce();
      } catch (err) {
        // A failed sweep is logged and tried again tomorrow; it never takes the daemon down.
        this.log.error({ err: errorMessage(err) }, 'retention sweep failed');
      }
    });
    this.log.info({ schedule: this.settings.schedule, autoDispose: this.settings.autoDispose }, 'retention sweep scheduled');
  }

  async stop(): Promise<void> {
    await this.job?.stop();
    this.job = null;
  }

  async runOnce(): Promise<SweepReport> {
    const finished = await this.retention.finishUnfinished();
    let disposed = 0;
    if (this.settings.autoDispose && this.retention.status().eligible > 0) {
      const r = await this.retention.dispose({ reason: 'retention period over (daily sweep, autoDispose on)', approver: AUTO_DISPOSE_APPROVER });
      disposed = r.disposed.length;
    }
    const status = this.retention.status();
    const report = { status, finished, disposed };
    this.audit.record({
      action: 'retention.sweep',
      target: 'vault',
      details: { eligible: status.eligible, held: status.held.total, insideMinimum: status.insideMinimum, disposed, finished, autoDispose: this.settings.autoDispose, diskDaysLeft: status.disk.daysLeft },
    });
    this.log.info({ eligible: status.eligible, held: status.held, disposedNow: disposed, finished, diskDaysLeft: status.disk.daysLeft }, 'retention sweep');
    return report;
  }
}
