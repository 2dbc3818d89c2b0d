/**
 * The retention engine (R12(3), R6): what is inside its period, what is held and why, what may go,
 * and lawful disposal. Disposal order is what makes it crash-safe:
 *   1. tombstone + audit entry, committed together (re-checking eligibility inside the transaction);
 *   2. then the file: chmod, unlink, fsync the folder;
 *   3. then the tombstone is marked "file removed".
 * A crash after 1 leaves a tombstone whose file may still be there; every later run (and the daily
 * sweep) finishes it first. No path removes a file that has no committed tombstone.
 */
import { addMonths, cutoffsOn, formatStandingScope, decideRetention, forecastDiskFull, periodFor, type Cutoffs, type RetentionDecision, type StandingScope } from '../core/retention-policy.js';
import type { Recording } from '../core/types.js';
import { isoInZone } from '../core/zoned-time.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { CaseStore } from '../adapters/catalog/case-store.js';
import type { HoldApprovalsStore } from '../adapters/catalog/hold-approvals-store.js';
import type { Hold, RetentionStore, Tombstone } from '../adapters/catalog/retention-store.js';
import type { Progress } from '../core/progress.js';
import type { AuditTrail } from './audit-trail.js';
import type { CaseService } from './cases.js';
import type { DisposalResult, RefusedRemoval, RetentionDeps, RetentionPlan, RetentionSettings, RetentionStatus, VaultDisk } from './retention-types.js';

export type { DisposalResult, RefusedRemoval, RetentionDeps, RetentionPlan, RetentionSettings, RetentionStatus, VaultDisk } from './retention-types.js';

/** How far back the ingest rate for the disk forecast looks. */
const RATE_WINDOW_DAYS = 30;
const BATCH = 200;

/** A standing disposal approval a sweep disposes under (scope, who signed, whether it still holds). */
export interface DisposalMandate {
  id: number;
  scope: StandingScope;
  firstBy: string;
  secondBy: string;
  /** Asked again inside each tombstone transaction: a revocation since the sweep began wins. */
  stillLive: () => boolean;
}

export class RetentionService {
  private readonly store: RetentionStore;
  private readonly approvals: HoldApprovalsStore;
  private readonly cases: CaseStore;
  private readonly caseService: CaseService;
  private readonly audit: AuditTrail;
  private readonly clock: UnitClock;
  private readonly disk: VaultDisk;

  constructor(
    private readonly settings: RetentionSettings,
    deps: RetentionDeps,
  ) {
    ({ store: this.store, approvals: this.approvals, cases: this.cases, caseService: this.caseService, audit: this.audit, clock: this.clock, disk: this.disk } = deps);
  }

  today(): string {
    return this.clock.today();
  }

  cutoffs(today = this.today()): Cutoffs {
    return cutoffsOn(today, this.settings.minimumMonths, this.settings.categoryMonths);
  }

  /** `retention status`: the figures, and the look-up on the record with them. */
  statusOnRecord(): RetentionStatus {
    const s = this.status();
    this.audit.record({ action: 'retention.status', target: 'vault', details: { eligible: s.eligible, held: s.held.total, disposed: s.disposed } });
    return s;
  }

  status(): RetentionStatus {
    const today = this.today();
    const cutoffs = this.cutoffs(today);
    const counts = this.store.counts();
    const held = this.store.held();
    const eligible = this.store.countEligible(cutoffs);
    const since = isoInZone(new Date(this.clock.now().getTime() - RATE_WINDOW_DAYS * 86_400_000), this.clock.zone);
    const bytesPerDay = this.store.bytesIngestedSince(since) / RATE_WINDOW_DAYS;
    return {
      today,
      minimumMonths: this.settings.minimumMonths,
      categoryMonths: this.settings.categoryMonths,
      cutoff: cutoffs.minimum,
      total: counts.total,
      insideMinimum: counts.total - counts.disposed - held.total - eligible,
      eligible,
      held,
      disposed: counts.disposed,
      unfinishedDisposals: counts.unfinished,
      disk: forecastDiskFull(this.disk.freeBytes(this.settings.vaultRoot), bytesPerDay, today),
    };
  }

  /** What a run would dispose of, oldest first; `limit` bounds the list, never the count. */
  /**
   * `retention run` without --execute: finish what a crash interrupted, then list what may go. The
   * run is on the record with its count; nothing eligible is removed.
   */
  async dryRun(limit: number): Promise<{ plan: RetentionPlan; finished: number; refused: RefusedRemoval[] }> {
    const refused: RefusedRemoval[] = [];
    const finished = await this.finishUnfinished(refused);
    const plan = this.plan(limit);
    this.audit.record({ action: 'retention.run', target: 'vault', details: { dryRun: true, eligibleCount: plan.eligibleCount, finished } });
    return { plan, finished, refused };
  }

  plan(limit: number): RetentionPlan {
    const today = this.today();
    const cutoffs = this.cutoffs(today);
    const eligibleCount = this.store.countEligible(cutoffs);
    const eligible = limit > 0 ? this.store.eligible(cutoffs, limit) : [];
    return { today, cutoff: cutoffs.minimum, eligibleCount, eligible, truncated: eligible.length < eligibleCount };
  }

  /** One recording's standing, from the same facts the bulk queries use. */
  decisionFor(r: Recording): RetentionDecision {
    const categories = this.cases.casesOfRecordings([r.id]).map((c) => c.category);
    return decideRetention(
      {
        localDate: r.localDate,
        months: periodFor(categories, this.settings.minimumMonths, this.settings.categoryMonths),
        holds: this.store.holdsKeeping(r.id).map((h) => h.reason),
        disposed: this.store.isDisposed(r.id),
        floor: this.correctionFloor(r.id),
      },
      this.today(),
    );
  }

  /** A corrected hold keeps its recordings at least the minimum period from the correction (R12(3)). */
  correctionFloor(recordingId: number): string | null {
    const on = this.approvals.correctionFloorDate(recordingId);
    return on === null ? null : addMonths(on, this.settings.minimumMonths);
  }

  /** Everything about one recording's retention, for a person asking "may this go, and why not?". */
  details(r: Recording): Omit<RetentionDecision, "holds"> & { heldBy: Hold[]; cases: string[]; tombstone: Tombstone | null; correctionFloor: string | null } {
    const { holds: _reasons, ...decision } = this.decisionFor(r);
    return {
      ...decision,
      heldBy: this.store.holdsKeeping(r.id),
      cases: this.cases.casesOfRecordings([r.id]).map((c) => c.number),
      tombstone: this.store.tombstone(r.id) ?? null,
      correctionFloor: this.correctionFloor(r.id),
    };
  }

  /** Finish disposals a crash interrupted between tombstone and unlink. */
  async finishUnfinished(refused: RefusedRemoval[] = []): Promise<number> {
    const pending = this.store.unfinished();
    if (!pending.length) return 0;
    const outcomes: Record<number, string> = {};
    const done: number[] = [];
    for (const t of pending) {
      const outcome = await this.removeFile({ id: t.recordingId, vaultPath: t.vaultPath, sha256: t.sha256, size: t.size }, refused);
      outcomes[t.recordingId] = outcome;
      if (outcome !== 'refused') done.push(t.recordingId);
    }
    if (!done.length) return 0;
    this.audit.run({ action: 'retention.dispose.finish', target: 'vault', details: { recordings: outcomes } }, () => {
      const at = this.nowIso();
      for (const id of done) this.store.markFileRemoved(id, at);
    });
    this.caseService.refreshViewsOf(done);
    return done.length;
  }

  /**
   * Step 2 for one file: only the catalogued file goes. Something else at its path (a swapped file,
   * a symlink on the way) is refused, left as it is, and recorded with what was found.
   */
  private async removeFile(r: { id: number; vaultPath: string; sha256: string; size: number }, refused: RefusedRemoval[]): Promise<'removed' | 'already-gone' | 'refused'> {
    const outcome = await this.disk.removeDisposedFile(this.settings.vaultRoot, r.vaultPath, r);
    if (outcome.kind !== 'refused') return outcome.kind;
    refused.push({ id: r.id, vaultPath: r.vaultPath, found: outcome.found });
    this.audit.record({
      action: 'retention.dispose.file',
      target: `recording:${r.id}`,
      outcome: 'refused',
      details: { vaultPath: r.vaultPath, sha256: r.sha256, size: r.size, found: outcome.found, why: 'what is at the path is not the catalogued file' },
    });
    return 'refused';
  }

  /**
   * Dispose of eligible recordings (all, or the oldest `limit`). `approver` is the named person whose
   * sign-off this is (the operator, checked for the approver role by the command).
   */
  async dispose(req: { reason: string; approver: string; limit?: number; progress?: Progress; mandate?: DisposalMandate }): Promise<DisposalResult> {
    if (!req.reason.trim()) {
      this.audit.refuse({ action: 'retention.dispose', target: 'vault', details: { why: 'no reason given' } }, { zh: '删除须写明理由', en: 'disposal needs a reason' }, { zh: '请加 --reason "…"，例如 --reason "保存期满，季度清理"。', en: 'Add --reason "…" (why, e.g. the retention period has ended).' });
    }
    const refused: RefusedRemoval[] = [];
    const finished = await this.finishUnfinished(refused);
    const cutoffs = this.cutoffs();
    const scope = req.mandate?.scope;
    const total = Math.min(scope ? this.store.countEligibleIn(cutoffs, scope) : this.store.countEligible(cutoffs), req.limit ?? Infinity);
    const result: DisposalResult = { disposed: [], bytes: 0, finished, refused };
    req.progress?.start(total, 0);
    try {
      while (result.disposed.length < total) {
        const candidates = this.store.eligible(cutoffs, Math.min(BATCH, total - result.disposed.length), scope);
        if (!candidates.length) break;
        const batch = this.tombstone(candidates, cutoffs, req.reason.trim(), req.approver, req.mandate);
        if (!batch.length) break;
        await this.settings.afterTombstones?.();
        const removed: Recording[] = [];
        for (const r of batch) if ((await this.removeFile(r, refused)) !== 'refused') removed.push(r);
        if (removed.length) {
          this.audit.run({ action: 'retention.dispose.file-removed', target: 'vault', details: { recordingIds: removed.map((r) => r.id) } }, () => {
            const at = this.nowIso();
            for (const r of removed) this.store.markFileRemoved(r.id, at);
          });
          this.caseService.refreshViewsOf(removed.map((r) => r.id));
        }
        for (const r of removed) {
          result.disposed.push({ id: r.id, vaultPath: r.vaultPath, sha256: r.sha256, size: r.size });
          result.bytes += r.size;
          req.progress?.advance(1, r.size);
        }
      }
    } finally {
      req.progress?.stop();
    }
    return result;
  }

  /** Step 1: tombstones and one audit entry per recording, in one transaction. */
  private tombstone(candidates: Recording[], cutoffs: Cutoffs, reason: string, approver: string, mandate?: DisposalMandate): Recording[] {
    const standing = mandate && { id: mandate.id, scope: formatStandingScope(mandate.scope), approvers: [mandate.firstBy, mandate.secondBy] };
    return this.audit.run(
      { action: 'retention.dispose.batch', target: 'vault', details: { reason, approver, ...(standing ? { standingApproval: standing } : {}) } },
      () => {
        const at = this.nowIso();
        const done: Recording[] = [];
        // A standing approval revoked (or run out) since the sweep began disposes of nothing more.
        if (mandate && !mandate.stillLive()) return done;
        for (const r of candidates) {
          // Asked again under the write lock: a hold placed since the listing wins.
          if (!this.store.isEligible(r.id, cutoffs, mandate?.scope)) continue;
          const { id, sha256, size, vaultPath, ...metadata } = r;
          this.store.insertTombstone({ recordingId: id, sha256, size, vaultPath, localDate: r.localDate, metadata, approvedBy: approver, reason, disposedAt: at });
          this.audit.insertInTransaction({ action: 'retention.dispose', target: `recording:${id}`, details: { sha256, size, vaultPath, approvedBy: approver, reason, ...(standing ? { standingApproval: standing } : {}) } });
          done.push(r);
        }
        return done;
      },
      (done) => ({ recordingIds: done.map((r) => r.id) }),
    );
  }

  private nowIso(): string {
    return this.clock.nowIso();
  }
}
