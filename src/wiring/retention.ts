/**
 * Retention, holds, their two-person approvals (corrections, standing disposal approvals) and the
 * daily sweep, built from the shared parts and the case register.
 */
import type { CaseStore } from '../adapters/catalog/case-store.js';
import { HoldApprovalsStore } from '../adapters/catalog/hold-approvals-store.js';
import type { RetentionStore } from '../adapters/catalog/retention-store.js';
import { scheduleJob } from '../adapters/cron-schedule.js';
import { freeBytes } from '../adapters/disk-space.js';
import { removeDisposedFile } from '../adapters/disposal-file.js';
import type { CaseService } from '../services/cases.js';
import { HoldService } from '../services/holds.js';
import { RetentionService } from '../services/retention.js';
import { StandingApprovals } from '../services/retention-standing.js';
import { RetentionSweep } from '../services/retention-sweep.js';
import type { SharedParts } from './builders.js';
import { pauseForCrashTest } from './start-guards.js';

export interface RetentionParts {
  retention: RetentionService;
  holds: HoldService;
  standing: StandingApprovals;
  sweep: () => RetentionSweep;
}

export function buildRetention(p: SharedParts, d: { caseStore: CaseStore; retentionStore: RetentionStore; cases: CaseService }): RetentionParts {
  const { config, db, audit, clock, log } = p;
  const approvals = new HoldApprovalsStore(db);
  const retention = new RetentionService(
    { vaultRoot: config.vaultRoot, minimumMonths: config.retention.minimumMonths, categoryMonths: config.retention.categoryMonths, afterTombstones: pauseForCrashTest() },
    { store: d.retentionStore, approvals, cases: d.caseStore, caseService: d.cases, audit, clock, disk: { freeBytes, removeDisposedFile } },
  );
  const holds = new HoldService(d.retentionStore, approvals, d.caseStore, p.recordings, audit, clock, { minimumMonths: config.retention.minimumMonths });
  const standing = new StandingApprovals(approvals, audit, clock);
  let sweep: RetentionSweep | undefined;
  const retired = config.retired && 'autoDispose' in config.retired ? { retiredAutoDispose: config.retired.autoDispose !== false } : {};
  return {
    retention,
    holds,
    standing,
    sweep: () => (sweep ??= new RetentionSweep(retention, standing, audit, { schedule: config.retention.sweepSchedule, ...retired }, scheduleJob, clock, log)),
  };
}
