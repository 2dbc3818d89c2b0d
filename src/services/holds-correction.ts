/**
 * A hold placed on the wrong recording (a mistyped id, the wrong case) is corrected, never released:
 * the first approver signs a pending correction, a second, different approver confirms it in a
 * separate invocation. The hold then stops keeping the recording, and the recording is kept at least
 * the minimum period (R12(3): six months) from the correction's date, so a correction never makes
 * footage disposable at once. Both names and reasons are on the record.
 */
import { UserError, type Said } from '../core/errors.js';
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
  const refuse = (message: Said, hint?: Said, exitCode?: number): never =>
    d.audit.refuse({ action: 'hold.correct', target, details: { reason, holdReason: hold?.reason ?? null } }, message, hint, exitCode);
  if (!hold) return refuse({ zh: `无封存 #${holdId}`, en: `no hold #${holdId}` }, { zh: '查看封存：evidence-vault hold list --all', en: 'See: evidence-vault hold list --all' });
  if (!reason.trim()) {
    return refuse(
      { zh: '更正封存须说明理由：它被错误地设在了什么上', en: 'correcting a hold needs a reason: what it was wrongly placed on' },
      { zh: '请加上 --reason "…"，例如 --reason "录入错误：应为 813 号录像"。', en: 'Add --reason "…", e.g. --reason "录入错误：应为 813 号录像".' },
    );
  }
  const pending = d.approvals.correction(holdId);
  if (pending?.secondBy) {
    return refuse({ zh: `封存 #${holdId} 已于 ${pending.correctedOn} 由 ${pending.firstBy} 和 ${pending.secondBy} 更正`, en: `hold #${holdId} was corrected on ${pending.correctedOn} by ${pending.firstBy} and ${pending.secondBy}` });
  }
  if (hold.releasedAt) return refuse({ zh: `封存 #${holdId} 已于 ${hold.releasedAt} 解除，无可更正`, en: `hold #${holdId} was released on ${hold.releasedAt}; there is nothing to correct` });
  // An R6 case's own hold is not placed on a recording by mistake: it is what the case is. While the
  // case keeps its long-term category, its footage is kept for good (R6, R12(3)).
  if (hold.caseId !== null && d.caseCategory(hold.caseId) === hold.reason) {
    return refuse(
      {
        zh: `封存 #${holdId} 是案件 #${hold.caseId} 本身的封存：该案件属 R6 长期保存类别 ${hold.reason}，其音像资料应永久保存（R6、R12(3)）；长期保存类案件的保存不能更正撤销，只有设错影像的封存可以更正`,
        en: `hold #${holdId} is case #${hold.caseId}'s own: the case is of the R6 long-term category ${hold.reason}, so its footage is kept for good (R6, R12(3)); only a hold put on the wrong recording is corrected`,
      },
      {
        zh: '误关联到该案件的影像应解除关联（evidence-vault case unlink）；案件类别不在此处变更。',
        en: 'A recording linked to this case by mistake is unlinked from it (evidence-vault case unlink); the case\'s category is not changed here.',
      },
      77,
    );
  }
  if (pending && pending.firstBy === who) {
    return refuse(
      { zh: `您（${who}）已签署封存 #${holdId} 的更正；需另一名审批人确认`, en: `you (${who}) signed the correction of hold #${holdId} already; it needs a second, different approver` },
      { zh: `请另一名审批人执行：evidence-vault hold correct ${holdId} --reason "…"`, en: `Ask another approver to run: evidence-vault hold correct ${holdId} --reason "…"` },
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
        throw new UserError(
          { zh: `封存 #${holdId} 已被他人同时签署`, en: `hold #${holdId} was signed by someone else meanwhile` },
          { zh: '请重新查看（evidence-vault hold list --all），如仍需要再运行一次该命令。', en: 'Look at it again (evidence-vault hold list --all) and run the command once more if still needed.' },
          75,
        );
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
