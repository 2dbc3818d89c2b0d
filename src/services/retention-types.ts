/** The retention engine's shapes: its settings, its reports, what it needs from outside. */
import type { DiskForecast } from '../core/retention-policy.js';
import type { Recording } from '../core/types.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { CaseStore } from '../adapters/catalog/case-store.js';
import type { HoldApprovalsStore } from '../adapters/catalog/hold-approvals-store.js';
import type { RetentionStore } from '../adapters/catalog/retention-store.js';
import type { CataloguedFile, DisposalOutcome } from '../adapters/disposal-file.js';
import type { AuditTrail } from './audit-trail.js';
import type { CaseService } from './cases.js';

export interface RetentionSettings {
  vaultRoot: string;
  minimumMonths: number;
  categoryMonths: Readonly<Record<string, number>>;
  /** Test seam: called after a batch of tombstones is committed and before its files are removed. */
  afterTombstones?: () => Promise<void>;
}

export interface RetentionStatus {
  today: string;
  minimumMonths: number;
  categoryMonths: Readonly<Record<string, number>>;
  /** Local dates on or before this are past the minimum period. */
  cutoff: string;
  total: number;
  insideMinimum: number;
  eligible: number;
  held: { total: number; byReason: Record<string, number> };
  disposed: number;
  unfinishedDisposals: number;
  disk: DiskForecast;
}

export interface RetentionPlan {
  today: string;
  cutoff: string;
  eligibleCount: number;
  eligible: Recording[];
  /** True when `eligible` lists only the first `limit` of `eligibleCount`. */
  truncated: boolean;
}

export interface DisposalResult {
  disposed: { id: number; vaultPath: string; sha256: string; size: number }[];
  bytes: number;
  /** Disposals a crash had interrupted, finished before this run's own. */
  finished: number;
  /** Files not removed because what is at the path is not the catalogued file (recorded; the tombstone stays unfinished). */
  refused: RefusedRemoval[];
}

export interface RefusedRemoval {
  id: number;
  vaultPath: string;
  found: string;
}

/** The vault disk, as retention needs it: its free space, and removing one catalogued file. */
export interface VaultDisk {
  freeBytes(path: string): number;
  removeDisposedFile(vaultRoot: string, relPath: string, expected: CataloguedFile): Promise<DisposalOutcome>;
}

export interface RetentionDeps {
  store: RetentionStore;
  /** Hold corrections (their six-month floor). */
  approvals: HoldApprovalsStore;
  cases: CaseStore;
  caseService: CaseService;
  audit: AuditTrail;
  clock: UnitClock;
  disk: VaultDisk;
}

