/** `evidence-vault status`: the dock report, plus the integrity and archive lines the custodian should see at a glance. */
import type { Said } from '../core/errors.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { StandingStatus } from './retention-standing.js';
import { dockStatus, type DockStatusSources, type StatusReport } from './dock-status.js';

/** `fixity` and `exportReminder` are the English lines: language-neutral in --json, whatever the run's language. */
/** How far the copy on the object store is behind (issue 17); null when no store is configured. */
export interface ReplicationStatus {
  waiting: number;
  bytes: number;
  oldestQueuedAt: string | null;
  oldestLocalDate: string | null;
  failing: number;
  lastError: string | null;
  /** What kind of failure lastError is (src/core/replication-failure.ts): the text a person reads says it in words. */
  lastErrorKind: string | null;
  disposals: number;
}

export type FullStatus = StatusReport & { fixity: string[]; exportReminder: string | null; standingDisposal: StandingStatus | null; replication: ReplicationStatus | null };

/** The same two in both languages, for the text a person reads: kept beside the report, not in it, so --json does not change. */
export interface StatusWords {
  fixity: Said[];
  exportReminder: Said | null;
}

const words = new WeakMap<FullStatus, StatusWords>();

/** A report's fixity and archive lines in both languages (one made elsewhere: its English lines as they are). */
export function statusWords(report: FullStatus): StatusWords {
  const one = (line: string): Said => ({ zh: line, en: line });
  return words.get(report) ?? { fixity: report.fixity.map(one), exportReminder: report.exportReminder === null ? null : one(report.exportReminder) };
}

export class ServiceStatus {
  constructor(
    private readonly dock: DockStatusSources,
    private readonly clock: UnitClock,
    private readonly fixityLines: () => Said[],
    private readonly reminder: () => Said | null,
    private readonly largeStaffFrom?: number,
    private readonly standingDisposal?: () => StandingStatus,
    private readonly replication?: () => ReplicationStatus | null,
  ) {}

  report(): FullStatus {
    const fixity = this.fixityLines();
    const reminder = this.reminder();
    const report: FullStatus = {
      ...dockStatus(this.dock, this.clock, this.largeStaffFrom),
      fixity: fixity.map((s) => s.en),
      exportReminder: reminder && reminder.en,
      standingDisposal: this.standingDisposal?.() ?? null,
      replication: this.replication?.() ?? null,
    };
    words.set(report, { fixity, exportReminder: reminder });
    return report;
  }
}
