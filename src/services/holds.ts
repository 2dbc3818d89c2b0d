/**
 * Holds keep recordings for good (R12(3), R6). Releasing needs an approver and a reason; an R6 or a
 * litigation hold needs two different named approvers: the first signs a pending release, the second
 * confirms it in a separate invocation. Who signed is the operator on the audit trail.
 */
import { UserError } from '../core/errors.js';
import { HOLD_REASONS, isHoldReason, releaseNeedsTwoApprovers, type HoldReason } from '../core/retention-policy.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { CaseStore } from '../adapters/catalog/case-store.js';
import type { RecordingStore } from '../adapters/catalog/recording-store.js';
import type { Hold, HoldRelease, RetentionStore } from '../adapters/catalog/retention-store.js';
import type { AuditTrail } from './audit-trail.js';
import type { HoldPlacer } from './disc-build.js';

export interface ReleaseOutcome {
  hold: Hold;
  state: 'released' | 'pending';
  signatures: HoldRelease;
}

export class HoldService implements HoldPlacer {
  constructor(
    private readonly store: RetentionStore,
    private readonly cases: CaseStore,
    private readonly recordings: RecordingStore,
    private readonly audit: AuditTrail,
    private readonly clock: UnitClock,
  ) {}

  add(input: { recordingId?: number; caseNumber?: string; reason: string; note?: string | null }): Hold {
    const target = input.caseNumber !== undefined ? `case:${input.caseNumber}` : `recording:${input.recordingId}`;
    return this.audit.run({ action: 'hold.add', target, details: { reason: input.reason, note: input.note ?? null } }, () => {
      if ((input.caseNumber === undefined) === (input.recordingId === undefined)) throw new UserError('a hold is on one recording or one case', 'Give --recording ID or --case NUMBER.');
      if (!isHoldReason(input.reason)) throw new UserError(`unknown hold reason "${input.reason}"`, `Use one of: ${HOLD_REASONS.join(', ')}.`);
      const note = input.note?.trim() || null;
      if (input.reason === 'other' && !note) throw new UserError('a hold for "other" needs a written reason', 'Add --note "…" saying why it is kept.');
      let recordingId: number | null = null;
      let caseId: number | null = null;
      if (input.caseNumber !== undefined) {
        const c = this.cases.byNumber(input.caseNumber.trim());
        if (!c) throw new UserError(`no case ${input.caseNumber}`, 'See: evidence-vault case list');
        caseId = c.id;
      } else {
        if (!this.recordings.get(input.recordingId!)) throw new UserError(`no recording with id ${input.recordingId}`, 'Find ids with: evidence-vault recordings list');
        if (this.store.isDisposed(input.recordingId!)) throw new UserError(`recording ${input.recordingId} was disposed of already`);
        recordingId = input.recordingId!;
      }
      const placed = { recordingId, caseId, reason: input.reason as HoldReason, note, placedAt: this.nowIso(), placedBy: this.audit.who.operator };
      const id = this.store.insertHold(placed);
      return { id, ...placed, releasedAt: null };
    }, (h) => ({ holdId: h.id }));
  }

  list(opts: { active?: boolean; caseNumber?: string; recordingId?: number } = {}): (Hold & { release: HoldRelease | null })[] {
    let caseId: number | undefined;
    if (opts.caseNumber !== undefined) {
      const c = this.cases.byNumber(opts.caseNumber.trim());
      if (!c) throw new UserError(`no case ${opts.caseNumber}`, 'See: evidence-vault case list');
      caseId = c.id;
    }
    return this.store.holds({ active: opts.active, caseId, recordingId: opts.recordingId }).map((h) => ({ ...h, release: this.store.release(h.id) ?? null }));
  }

  /**
   * R12(3): footage burned to an evidence disc is kept for good. Called inside the transaction that
   * catalogues the disc, so the holds and the disc commit together; each hold has its own audit entry.
   */
  placeEvidenceHolds(recordingIds: readonly number[], note: string): { placed: number } {
    let placed = 0;
    for (const recordingId of recordingIds) {
      if (this.store.holdsKeeping(recordingId).some((h) => h.reason === 'evidence-use' && h.recordingId === recordingId)) continue;
      const hold = { recordingId, caseId: null, reason: 'evidence-use' as HoldReason, note, placedAt: this.nowIso(), placedBy: this.audit.who.operator };
      const id = this.store.insertHold(hold);
      this.audit.insertInTransaction({ action: 'hold.add', target: `recording:${recordingId}`, details: { reason: 'evidence-use', note, holdId: id } });
      placed++;
    }
    return { placed };
  }

  /** Holds that keep one recording now (its own and its cases'). */
  keeping(recordingId: number): Hold[] {
    return this.store.holdsKeeping(recordingId);
  }

  release(holdId: number, reason: string): ReleaseOutcome {
    const who = this.audit.who.operator;
    const target = `hold:${holdId}`;
    const hold = this.store.hold(holdId);
    const refuse = (err: UserError): never => {
      this.audit.record({ action: 'hold.release', target, outcome: 'refused', details: { reason, why: err.message } });
      throw err;
    };
    if (!hold) return refuse(new UserError(`no hold #${holdId}`, 'See: evidence-vault hold list'));
    if (!reason.trim()) return refuse(new UserError('releasing a hold needs a reason', 'Add --reason "…".'));
    if (hold.releasedAt) return refuse(new UserError(`hold #${holdId} was released on ${hold.releasedAt}`));
    const pending = this.store.release(holdId);
    const two = releaseNeedsTwoApprovers(hold.reason);
    if (pending && pending.firstBy === who) {
      return refuse(new UserError(
        `you (${who}) signed the release of hold #${holdId} already; a ${hold.reason} hold needs a second, different approver`,
        'Ask another approver to run: evidence-vault hold release ' + holdId + ' --reason "…"',
      ));
    }
    return this.audit.run({ action: 'hold.release', target, details: { holdReason: hold.reason, reason, twoPerson: two } }, () => {
      const now = this.nowIso();
      if (!pending) {
        this.store.signFirst(holdId, who, now, reason.trim());
        if (two) return this.outcome(holdId, 'pending');
      } else {
        this.store.signSecond(holdId, who, now, reason.trim());
      }
      this.store.markReleased(holdId, now);
      return this.outcome(holdId, 'released');
    }, (o) => ({ state: o.state, signatures: [o.signatures.firstBy, o.signatures.secondBy].filter(Boolean) }));
  }

  private outcome(holdId: number, state: 'released' | 'pending'): ReleaseOutcome {
    return { hold: this.store.hold(holdId)!, state, signatures: this.store.release(holdId)! };
  }

  private nowIso(): string {
    return this.clock.nowIso();
  }
}
