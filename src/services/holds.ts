/**
 * Holds keep recordings (R12(3), R6). A hold for a complaint, a reconsideration, a lawsuit, an R6
 * category, or "other" placed as permanent is kept for good: it is never released, by anyone (R12(3)
 * 应永久保存). An evidence-use hold (a disc was made) is released by an approver once every case of the
 * recording is closed; a plain "other" hold by an approver with a reason. A hold placed on the wrong
 * recording is corrected by two approvers (holds-correction.ts). Who signed is the operator on the trail.
 */
import { UserError, type Said } from '../core/errors.js';
import { HOLD_REASONS, isHoldReason, isPermanentHold, type HoldReason } from '../core/retention-policy.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { CaseStore } from '../adapters/catalog/case-store.js';
import type { HoldApprovalsStore, HoldCorrection } from '../adapters/catalog/hold-approvals-store.js';
import type { RecordingStore } from '../adapters/catalog/recording-store.js';
import type { Hold, HoldRelease, RetentionStore } from '../adapters/catalog/retention-store.js';
import type { AuditTrail } from './audit-trail.js';
import type { HoldPlacer } from './disc-build.js';
import { correctHold, type CorrectionOutcome } from './holds-correction.js';

/** Exit status of a refusal by rule (R12(3), an open case, a second signature from the same person). */
const SEE_CASES: Said = { zh: '查看案件：evidence-vault case list', en: 'See: evidence-vault case list' };

export const REFUSED = 77;

export interface ReleaseOutcome {
  hold: Hold;
  state: 'released';
  signatures: HoldRelease;
  /** Evidence-use holds: the cases of the recording, all closed (empty: linked to none). */
  closedCases?: string[];
}

export type HoldView = Hold & { permanentByRule: boolean; release: HoldRelease | null; correction: HoldCorrection | null };

export class HoldService implements HoldPlacer {
  constructor(
    private readonly store: RetentionStore,
    private readonly approvals: HoldApprovalsStore,
    private readonly cases: CaseStore,
    private readonly recordings: RecordingStore,
    private readonly audit: AuditTrail,
    private readonly clock: UnitClock,
    private readonly settings: { minimumMonths: number },
  ) {}

  add(input: { recordingId?: number; caseNumber?: string; reason: string; note?: string | null; permanent?: boolean }): Hold {
    const target = input.caseNumber !== undefined ? `case:${input.caseNumber}` : `recording:${input.recordingId}`;
    const permanent = Boolean(input.permanent);
    return this.audit.run({ action: 'hold.add', target, details: { reason: input.reason, note: input.note ?? null, permanent } }, () => {
      if ((input.caseNumber === undefined) === (input.recordingId === undefined)) throw new UserError({ zh: '封存针对一条影像或一个案件', en: 'a hold is on one recording or one case' }, { zh: '请给出 --recording ID 或 --case 案号。', en: 'Give --recording ID or --case NUMBER.' });
      if (!isHoldReason(input.reason)) throw new UserError({ zh: `未知封存理由“${input.reason}”`, en: `unknown hold reason "${input.reason}"` }, { zh: `可用：${HOLD_REASONS.join('、')}。`, en: `Use one of: ${HOLD_REASONS.join(', ')}.` });
      const note = input.note?.trim() || null;
      if (input.reason === 'other' && !note) throw new UserError({ zh: '理由为 other 的封存须写明理由', en: 'a hold for "other" needs a written reason' }, { zh: '请加上 --note "…" 说明保存原因。', en: 'Add --note "…" saying why it is kept.' });
      if (permanent && input.reason === 'evidence-use') {
        throw new UserError(
          { zh: '证据使用保存（evidence-use）随案件办结解除，不能标为永久', en: 'an evidence-use hold ends with its cases and cannot be placed as permanent' },
          {
            zh: '需永久保存的音像资料，请给出适用的理由（complaint、reconsideration、litigation 或 R6 所列类别），或 --reason other --permanent。',
            en: 'For footage kept for good give the reason that applies (complaint, reconsideration, litigation, an R6 category) or --reason other --permanent.',
          },
        );
      }
      let recordingId: number | null = null;
      let caseId: number | null = null;
      if (input.caseNumber !== undefined) {
        const c = this.cases.byNumber(input.caseNumber.trim());
        if (!c) throw new UserError({ zh: `无此案件：${input.caseNumber}`, en: `no case ${input.caseNumber}` }, SEE_CASES);
        caseId = c.id;
      } else {
        if (!this.recordings.get(input.recordingId!)) throw new UserError({ zh: `目录中无编号为 ${input.recordingId} 的影像`, en: `no recording with id ${input.recordingId}` }, { zh: '查找编号：evidence-vault recordings list', en: 'Find ids with: evidence-vault recordings list' });
        if (this.store.isDisposed(input.recordingId!)) throw new UserError({ zh: `影像 ${input.recordingId} 已删除/销毁`, en: `recording ${input.recordingId} was disposed of already` });
        recordingId = input.recordingId!;
      }
      const placed = { recordingId, caseId, reason: input.reason as HoldReason, permanent, note, placedAt: this.clock.nowIso(), placedBy: this.audit.who.operator };
      const id = this.store.insertHold(placed);
      return { id, ...placed, releasedAt: null };
    }, (h) => ({ holdId: h.id, keptForGood: isPermanentHold(h.reason, h.permanent) }));
  }

  list(opts: { active?: boolean; caseNumber?: string; recordingId?: number } = {}): HoldView[] {
    let caseId: number | undefined;
    if (opts.caseNumber !== undefined) {
      const c = this.cases.byNumber(opts.caseNumber.trim());
      if (!c) throw new UserError({ zh: `无此案件：${opts.caseNumber}`, en: `no case ${opts.caseNumber}` }, SEE_CASES);
      caseId = c.id;
    }
    return this.store.holds({ active: opts.active, caseId, recordingId: opts.recordingId }).map((h) => ({
      ...h,
      permanentByRule: isPermanentHold(h.reason, h.permanent),
      release: this.store.release(h.id) ?? null,
      correction: this.approvals.correction(h.id) ?? null,
    }));
  }

  /**
   * R12(3): footage burned to an evidence disc is kept while its cases are open. Called inside the
   * transaction that catalogues the disc, so the holds and the disc commit together; each hold has its own audit entry.
   */
  placeEvidenceHolds(recordingIds: readonly number[], note: string): { placed: number } {
    let placed = 0;
    for (const recordingId of recordingIds) {
      if (this.store.holdsKeeping(recordingId).some((h) => h.reason === 'evidence-use' && h.recordingId === recordingId)) continue;
      const hold = { recordingId, caseId: null, reason: 'evidence-use' as HoldReason, note, placedAt: this.clock.nowIso(), placedBy: this.audit.who.operator };
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
    const refuse = (message: Said, hint?: Said, exitCode?: number, details: Record<string, unknown> = {}): never =>
      this.audit.refuse({ action: 'hold.release', target, details: { reason, holdReason: hold?.reason ?? null, ...details } }, message, hint, exitCode);
    if (!hold) return refuse({ zh: `无封存 #${holdId}`, en: `no hold #${holdId}` }, { zh: '查看封存：evidence-vault hold list', en: 'See: evidence-vault hold list' });
    if (!reason.trim()) return refuse({ zh: '解除封存须说明理由', en: 'releasing a hold needs a reason' }, { zh: '请加上 --reason "…"。', en: 'Add --reason "…".' });
    if (hold.releasedAt) return refuse({ zh: `封存 #${holdId} 已于 ${hold.releasedAt} 解除`, en: `hold #${holdId} was released on ${hold.releasedAt}` });
    if (isPermanentHold(hold.reason, hold.permanent)) {
      return refuse(
        {
          zh: `封存 #${holdId}（${hold.reason}${hold.permanent ? '，设为永久' : ''}）应永久保存，不得解除（R12(3)）`,
          en: `hold #${holdId} (${hold.reason}${hold.permanent ? ', placed as permanent' : ''}) is kept for good and is never released (R12(3))`,
        },
        {
          zh: `如封存设错了影像，由两名审批人更正：evidence-vault hold correct ${holdId} --reason "…"`,
          en: `If it was placed on the wrong recording, two approvers correct it: evidence-vault hold correct ${holdId} --reason "…"`,
        },
        REFUSED,
        { rule: 'R12(3)', permanent: true },
      );
    }
    let closedCases: string[] | undefined;
    if (hold.reason === 'evidence-use') {
      const cases = hold.recordingId !== null ? this.cases.casesOfRecordings([hold.recordingId]) : [this.cases.byId(hold.caseId!)].filter((c) => c !== undefined);
      const open = cases.filter((c) => c.status !== 'closed').map((c) => c.number);
      if (open.length) {
        return refuse(
          {
            zh: `封存 #${holdId}（evidence-use）：案件尚未办结，证据使用保存不得解除：${open.join('、')}`,
            en: `hold #${holdId} (evidence-use) is kept while its cases are open: ${open.join(', ')}`,
          },
          { zh: '请先办结案件（evidence-vault case close …），再解除封存。', en: 'Close the case first (evidence-vault case close …), then release it.' },
          REFUSED,
          { openCases: open },
        );
      }
      closedCases = cases.map((c) => c.number);
    }
    return this.audit.run({ action: 'hold.release', target, details: { holdReason: hold.reason, reason, ...(closedCases ? { closedCases, linkedToNoCase: closedCases.length === 0 } : {}) } }, () => {
      const now = this.clock.nowIso();
      // A first signature left by the old two-person release is completed by a different approver.
      const pending = this.store.release(holdId);
      if (pending && pending.firstBy === who) throw new UserError({ zh: `您（${who}）已签署解除封存 #${holdId}`, en: `you (${who}) signed the release of hold #${holdId} already` }, { zh: '请另一名审批人签署。', en: 'Ask another approver.' }, REFUSED);
      if (pending) this.store.signSecond(holdId, who, now, reason.trim());
      else this.store.signFirst(holdId, who, now, reason.trim());
      this.store.markReleased(holdId, now);
      return { hold: this.store.hold(holdId)!, state: 'released' as const, signatures: this.store.release(holdId)!, closedCases };
    }, (o) => ({ state: o.state, signatures: [o.signatures.firstBy, o.signatures.secondBy].filter(Boolean) }));
  }

  /** A hold placed on the wrong recording: two different approvers, then the minimum period from today. */
  correct(holdId: number, reason: string): CorrectionOutcome {
    const caseCategory = (caseId: number) => this.cases.byId(caseId)?.category ?? null;
    return correctHold({ store: this.store, approvals: this.approvals, audit: this.audit, clock: this.clock, minimumMonths: this.settings.minimumMonths, caseCategory }, holdId, reason);
  }
}
