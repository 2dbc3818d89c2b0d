/**
 * A hold placed on the wrong recording (a mistyped id, the wrong case) is corrected, never released:
 * the first approver signs a pending correction, a second, different approver confirms it in a
 * separate invocation. The hold then stops keeping the recording, and the recording is kept at least
 * the minimum period (R12(3): six months) from the correction's date, so a correction never makes
 * footage disposable at once. Both names and reasons are on the record.
 */
import { UserError } from '../core/errors.js';
import { addMonths } from '../core/retention-policy.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { HoldApprovalsStore, HoldCorrection } from '../adapters/catalog/hold-approvals-store.js';
import type { Hold, RetentionStore } from '../adapters/catalog/retention-store.js';
import type { AuditTrail } from './audit-trail.js';

export interface CorrectionOutcome {
  hold: Hold;
  state: 'pending' | 'corrected';
  correction: HoldCorrection;
  /** Once corrected: the recordings it kept stay at least through this date. */
  keptAtLeastThrough: string | null;
}

export interface CorrectionDeps {
  store: RetentionStore;
  approvals: HoldApprovalsStore;
  audit: AuditTrail;
  clock: UnitClock;
  minimumMonths: number;
  /** A case's category now (null: no such case). */
  caseCategory: (caseId: number) => string | null;
}

export function correctHold(d: CorrectionDeps, holdId: number, reason: string): CorrectionOutcome {
  const who = d.audit.who.operator;
  const target = `hold:${holdId}`;
  const hold = d.store.hold(holdId);
  const refuse = (message: string, hint?: string, exitCode?: number): never =>
    d.audit.refuse({ action: 'hold.correct', target, details: { reason, holdReason: hold?.reason ?? null } }, message, hint, exitCode);
  if (!hold) return refuse(`no hold #${holdId}`, 'See: evidence-vault hold list --all');
  if (!reason.trim()) return refuse('correcting a hold needs a reason: what it was wrongly placed on', 'Add --reason "…", e.g. --reason "录入错误：应为 813 号录像".');
  const pending = d.approvals.correction(holdId);
  if (pending?.secondBy) return refuse(`hold #${holdId} was corrected on ${pending.correctedOn} by ${pending.firstBy} and ${pending.secondBy}`);
  if (hold.releasedAt) return refuse(`hold #${holdId} was released on ${hold.releasedAt}; there is nothing to correct`);
  // An R6 case's own hold is not placed on a recording by mistake: it is what the case is. While the
  // case keeps its long-term category, its footage is kept for good (R6, R12(3)).
  if (hold.caseId !== null && d.caseCategory(hold.caseId) === hold.reason) {
    return refuse(
      `hold #${holdId} is case #${hold.caseId}'s own: the case is of the R6 long-term category ${hold.reason}, so its footage is kept for good (R6, R12(3)); only a hold put on the wrong recording is corrected / 长期保存类案件的保存不能更正撤销`,
      'A recording linked to this case by mistake is unlinked from it (evidence-vault case unlink); the case\'s category is not changed here.',
      77,
    );
  }
  if (pending && pending.firstBy === who) {
    return refuse(
      `you (${who}) signed the correction of hold #${holdId} already; it needs a second, different approver / 需另一名审批人确认`,
      `Ask another approver to run: evidence-vault hold correct ${holdId} --reason "…"`,
      77,
    );
  }
  return d.audit.run(
    { action: 'hold.correct', target, details: { holdReason: hold.reason, recordingId: hold.recordingId, caseId: hold.caseId, reason } },
    () => {
      const now = d.clock.nowIso();
      // Asked again under the write lock: two approvers signing at the same instant.
      const current = d.approvals.correction(holdId);
      if ((current?.firstBy ?? null) !== (pending?.firstBy ?? null) || current?.secondBy || d.store.hold(holdId)?.releasedAt) {
        throw new UserError(`hold #${holdId} was signed by someone else meanwhile`, 'Look at it again (evidence-vault hold list --all) and run the command once more if still needed.', 75);
      }
      if (!pending) {
        d.approvals.signCorrectionFirst(holdId, who, now, reason.trim());
        return { hold, state: 'pending' as const, correction: d.approvals.correction(holdId)!, keptAtLeastThrough: null };
      }
      const today = d.clock.today();
      d.approvals.signCorrectionSecond(holdId, who, now, reason.trim(), today);
      d.store.markReleased(holdId, now);
      return { hold: d.store.hold(holdId)!, state: 'corrected' as const, correction: d.approvals.correction(holdId)!, keptAtLeastThrough: addMonths(today, d.minimumMonths) };
    },
    (o) => ({ state: o.state, firstBy: o.correction.firstBy, secondBy: o.correction.secondBy, keptAtLeastThrough: o.keptAtLeastThrough }),
  );
}
