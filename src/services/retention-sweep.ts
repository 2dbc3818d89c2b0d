/**
 * The daily retention sweep the daemon runs: finish interrupted disposals, dispose under the live
 * standing disposal approvals (each signed by two approvers; their scope and period only), count,
 * report. Disposal always has a person: without a live standing approval it disposes of nothing.
 */
import { errorMessage } from '../core/errors.js';
import { formatStandingScope } from '../core/retention-policy.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { Logger } from '../adapters/logger.js';
import type { ScheduledJob } from '../adapters/cron-schedule.js';
import type { AuditTrail } from './audit-trail.js';
import type { RetentionService, RetentionStatus } from './retention.js';
import type { StandingApprovals } from './retention-standing.js';

export interface SweepReport {
  status: RetentionStatus;
  finished: number;
  disposed: number;
  /** The standing approvals it disposed under, with how many each. */
  standing: { id: number; scope: string; approvers: string[]; disposed: number }[];
}

export type Scheduler = (name: string, expression: string, timezone: string, run: () => Promise<void>) => ScheduledJob;

/** The approver a sweep's tombstones name: the standing approval and both who signed it. */
export function standingApprover(a: { id: number; firstBy: string; secondBy: string | null }): string {
  return `standing approval #${a.id} (${a.firstBy}, ${a.secondBy})`;
}

export class RetentionSweep {
  private job: ScheduledJob | null = null;

  constructor(
    private readonly retention: RetentionService,
    private readonly standing: StandingApprovals,
    private readonly audit: AuditTrail,
    private readonly settings: { schedule: string; retiredAutoDispose?: boolean },
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
    if (this.settings.retiredAutoDispose !== undefined) {
      this.log.warn(
        { key: 'retention.autoDispose', value: this.settings.retiredAutoDispose },
        'retention.autoDispose is retired and disposes of nothing: remove it from the config; two approvers record a standing disposal approval instead (evidence-vault retention standing approve)',
      );
    }
    this.log.info({ schedule: this.settings.schedule, standing: this.standing.live().map((a) => a.id) }, 'retention sweep scheduled');
  }

  async stop(): Promise<void> {
    await this.job?.stop();
    this.job = null;
  }

  async runOnce(): Promise<SweepReport> {
    const finished = await this.retention.finishUnfinished();
    const standing: SweepReport['standing'] = [];
    for (const a of this.standing.live()) {
      const approvers = [a.firstBy, a.secondBy!];
      const r = await this.retention.dispose({
        reason: `${a.reason} (daily sweep under standing approval #${a.id})`,
        approver: standingApprover(a),
        mandate: { id: a.id, scope: a.scope, firstBy: a.firstBy, secondBy: a.secondBy!, stillLive: () => this.standing.isLive(a.id) },
      });
      standing.push({ id: a.id, scope: formatStandingScope(a.scope), approvers, disposed: r.disposed.length });
    }
    const disposed = standing.reduce((n, s) => n + s.disposed, 0);
    const status = this.retention.status();
    this.audit.record({
      action: 'retention.sweep',
      target: 'vault',
      details: { eligible: status.eligible, held: status.held.total, insideMinimum: status.insideMinimum, disposed, finished, standingApprovals: standing, diskDaysLeft: status.disk.daysLeft },
    });
    this.log.info({ eligible: status.eligible, held: status.held, disposedNow: disposed, standing: standing.map((s) => s.id), finished, diskDaysLeft: status.disk.daysLeft }, 'retention sweep');
    return { status, finished, disposed, standing };
  }
}
