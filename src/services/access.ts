/**
 * Access only by approval (R13, P27, R14). A custodian, archivist or administrator files a request
 * (purpose, recordings or a case, beneficiary, last day); an approver who is not the requester and
 * whose clearance covers every recording in it approves or refuses; the grant lives through its last
 * day in the unit's zone and ends on its own (access-copies.ts removes its working copy). Every step
 * is on the trail with `target: "access:ID"` and `details.recordings`.
 */
import { accessState, accessTarget, purposeWithZh, dayAfter, getsWorkingCopy, isAccessPurpose, untilProblem, ACCESS_PURPOSES, type AccessPurpose, type AccessRequest, type AccessState } from '../core/access-request.js';
import { clearanceCovers, type ClassificationLevel } from '../core/classification.js';
import { errorMessage, markRecorded, UserError, type Said } from '../core/errors.js';
import { notLiveWhy } from '../core/i18n/access-request-messages.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { AccessStore } from '../adapters/catalog/access-store.js';
import type { CaseStore } from '../adapters/catalog/case-store.js';
import type { ClassificationStore } from '../adapters/catalog/classification-store.js';
import type { RecordingStore } from '../adapters/catalog/recording-store.js';
import type { AuditTrail } from './audit-trail.js';
import type { AccessCopies } from './access-copies.js';
import type { AccessClearance } from './access-clearance.js';
import { EXIT_REFUSED } from './command-session.js';

export interface AccessDeps {
  store: AccessStore;
  classification: ClassificationStore;
  recordings: RecordingStore;
  cases: CaseStore;
  copies: AccessCopies;
  /** R14: who a grant's footage may reach (access-clearance.ts). */
  clearance: AccessClearance;
  audit: AuditTrail;
  clock: UnitClock;
  /** One catalogue write transaction: the request and its entry commit together. */
  transaction: <T>(fn: () => T) => T;
}

export interface RequestInput {
  recordingIds?: readonly number[];
  caseNumber?: string;
  purpose: string;
  beneficiary: string;
  until: string;
}

export interface ApproveResult {
  id: number;
  purpose: AccessPurpose;
  until: string;
  endsAt: string;
  /** The working copy folder (view, public use); null when none is made or it failed (then `copyError`). */
  copy: string | null;
  copyError?: string;
  /** Why, in both languages, and what to do (not for --json: `copyError` is its English). */
  copyFailure?: { said: Said; hint: Said | null };
}

export interface AccessListing {
  id: number;
  purpose: AccessPurpose;
  state: AccessState;
  caseNumber: string | null;
  beneficiary: string;
  until: string;
  endsAt: string;
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionReason: string | null;
  copy: string | null;
  recordings: { id: number; name: string; officerId: string | null; level: ClassificationLevel }[];
  /** Recordings above the operator's clearance: counted, not described. */
  hidden: number;
}

const NEW_REQUEST: Said = { zh: '须重新申请：evidence-vault access request …', en: 'A new request is needed: evidence-vault access request …' };
const SEE_REQUESTS: Said = { zh: '查看申请：evidence-vault access list --all', en: 'See the requests: evidence-vault access list --all' };

export class AccessService {
  constructor(private readonly deps: AccessDeps) {}

  private get audit(): AuditTrail {
    return this.deps.audit;
  }

  request(input: RequestInput): { id: number; recordings: number[]; until: string; endsAt: string } {
    const { purpose } = input;
    if (!isAccessPurpose(purpose)) throw new UserError({ zh: `--purpose ${purpose} 不是有效用途`, en: `--purpose ${purpose} is not a purpose` }, { zh: `可用：${ACCESS_PURPOSES.map(purposeWithZh).join('、')}。`, en: `Use one of: ${ACCESS_PURPOSES.join(', ')}.` });
    const beneficiary = input.beneficiary.trim();
    if (!beneficiary) throw new UserError({ zh: '--for 为空：请注明音像资料供谁使用', en: '--for is empty: name who the footage is for' }, { zh: '例如 --for "当事人 张某 (P27)"', en: 'e.g. --for "当事人 张某 (P27)"' });
    if (beneficiary.length > 500) throw new UserError({ zh: '--for 超过 500 个字符：使用人说明过长', en: '--for is longer than 500 characters' }, { zh: '用一行写明使用人及其身份。', en: 'Name the person and their standing in a line.' });
    const problem = untilProblem(input.until, this.deps.clock.today());
    if (problem) throw new UserError(problem, { zh: '请给出授权可使用的最后一天，例如 --until 2026-12-05。', en: 'Give the last day the grant may be used, e.g. --until 2026-12-05.' });
    const { recordingIds, caseId } = this.scope(input);
    // What a request grants is handed to its requester: they must be cleared for it (R14); a case
    // they may not see is refused as a case, without naming what it holds.
    const asked = { action: 'access.request', target: 'access:new', details: { recordings: recordingIds, purpose, case: input.caseNumber ?? null } };
    if (caseId !== null) this.deps.clearance.requireCase(asked, this.audit.who.operator, { id: caseId, number: input.caseNumber! });
    this.deps.clearance.require(asked, this.audit.who.operator, { as: 'self' }, recordingIds);
    const [year, month, day] = dayAfter(input.until).split('-').map(Number) as [number, number, number];
    const ends = this.deps.clock.instant({ year, month, day, hour: 0, minute: 0, second: 0 });
    const endsAt = this.deps.clock.iso(ends);
    const id = this.deps.transaction(() => {
      const id = this.deps.store.insert({
        purpose,
        caseId,
        beneficiary,
        untilDate: input.until,
        endsAt,
        endsAtMs: ends.getTime(),
        requestedBy: this.audit.who.operator,
        requestedAt: this.deps.clock.nowIso(),
        recordingIds,
      });
      this.audit.insertInTransaction({ action: 'access.request', target: accessTarget(id), details: { recordings: recordingIds, purpose, beneficiary, until: input.until, endsAt, case: input.caseNumber ?? null } });
      return id;
    });
    this.audit.flushToFile();
    return { id, recordings: recordingIds, until: input.until, endsAt };
  }

  private scope(input: RequestInput): { recordingIds: number[]; caseId: number | null } {
    const hasIds = Boolean(input.recordingIds?.length);
    if (hasIds === (input.caseNumber !== undefined)) throw new UserError({ zh: '请指定 --recordings ID,ID 或 --case 案号（二选一）', en: 'give either --recordings ID,ID or --case NUMBER' }, { zh: '例如 --recordings 812,813 或 --case 鞍自然执〔2026〕17号', en: 'e.g. --recordings 812,813 or --case 鞍自然执〔2026〕17号' });
    if (input.caseNumber !== undefined) {
      const c = this.deps.cases.byNumber(input.caseNumber);
      if (!c) throw new UserError({ zh: `无此案件：${input.caseNumber}`, en: `no case numbered ${input.caseNumber}` }, { zh: '请按登记的案号原样核对：evidence-vault case list', en: 'Check the case number exactly as registered: evidence-vault case list' });
      const ids = this.deps.cases.recordingIds(c.id);
      if (!ids.length) throw new UserError({ zh: `案件 ${input.caseNumber} 未关联影像`, en: `case ${input.caseNumber} has no recordings linked` }, { zh: `请先关联：evidence-vault case link ${input.caseNumber} --recordings ID,ID`, en: `Link them first: evidence-vault case link ${input.caseNumber} --recordings ID,ID` });
      return { recordingIds: [...ids].sort((a, b) => a - b), caseId: c.id };
    }
    const ids = [...new Set(input.recordingIds!)].sort((a, b) => a - b);
    const unknown = ids.filter((id) => !this.deps.recordings.get(id));
    if (unknown.length) throw new UserError({ zh: `目录中无影像 ${unknown.join('、')}`, en: `no recording ${unknown.join(', ')} in the catalogue` }, { zh: '查找编号：evidence-vault recordings list', en: 'Look the ids up: evidence-vault recordings list' });
    return { recordingIds: ids, caseId: null };
  }

  private get(id: number): AccessRequest {
    const r = this.deps.store.get(id);
    if (!r) throw new UserError({ zh: `无此调阅申请：${id}`, en: `no access request ${id}` }, SEE_REQUESTS);
    return r;
  }

  /** The checks every decision passes: not by the requester, only while open, and (approval) within the approver's clearance. */
  private mayDecide(r: AccessRequest, action: 'access.approve' | 'access.refuse'): void {
    const me = this.audit.who.operator;
    const base = { action, target: accessTarget(r.id), details: { recordings: r.recordingIds, purpose: r.purpose } };
    if (r.requestedBy === me) {
      this.audit.refuse(
        base,
        { zh: `拒绝：调阅申请 ${r.id} 由 ${me} 提出，申请人不得审批本人的申请`, en: `refused: ${me} filed access request ${r.id} and cannot decide it` },
        { zh: '由另一位审批人（未提出申请的领导）审批。', en: 'Another approver (a leader who did not ask) decides it.' },
        EXIT_REFUSED,
      );
    }
    const state = accessState(r, this.deps.clock.now().getTime());
    if (state !== 'open') {
      const approved = state === 'live' || state === 'ended';
      const why: Said =
        state === 'lapsed'
          ? { zh: `申请期限已于 ${r.untilDate} 届满，无人审批`, en: `its period ended on ${r.untilDate} before anyone decided it` }
          : { zh: `已由 ${r.decidedBy} 于 ${r.decidedAt} ${approved ? '批准' : '不予批准'}`, en: `it is already ${approved ? 'approved' : 'refused'} (by ${r.decidedBy} at ${r.decidedAt})` };
      this.audit.refuse(
        base,
        { zh: `拒绝：调阅申请 ${r.id} 已处理或已过期：${why.zh}`, en: `refused: access request ${r.id} is not open: ${why.en}` },
        { zh: '如仍需调阅，请重新申请：evidence-vault access request …', en: 'File a new request if access is still needed: evidence-vault access request …' },
        EXIT_REFUSED,
      );
    }
    if (action === 'access.refuse') return;
    // The requester may have left, or their clearance been lowered, since they asked.
    this.deps.clearance.requireActiveRequester(base, r.requestedBy, r.id);
    this.deps.clearance.require(base, r.requestedBy, { as: 'requester', grantId: r.id }, r.recordingIds);
    this.deps.clearance.requireApprover(base, me, r.recordingIds);
  }

  async approve(id: number): Promise<ApproveResult> {
    const r = this.get(id);
    this.mayDecide(r, 'access.approve');
    const me = this.audit.who.operator;
    const at = this.deps.clock.nowIso();
    this.audit.run({ action: 'access.approve', target: accessTarget(id), details: { recordings: r.recordingIds, purpose: r.purpose, requestedBy: r.requestedBy, beneficiary: r.beneficiary, until: r.untilDate, endsAt: r.endsAt } }, () => {
      // Another approver decided it between the check and now: nothing is changed.
      if (!this.deps.store.decide(id, 'approved', me, at, null)) throw markRecorded(new UserError({ zh: `拒绝：调阅申请 ${id} 已被他人同时处理`, en: `refused: access request ${id} was decided meanwhile` }, 'evidence-vault access list --all', EXIT_REFUSED));
    });
    const result: ApproveResult = { id, purpose: r.purpose, until: r.untilDate, endsAt: r.endsAt, copy: null };
    if (!getsWorkingCopy(r.purpose)) return result;
    try {
      result.copy = await this.deps.copies.makeWorkingCopy(this.get(id));
    } catch (err) {
      // The grant stands; its working copy can be made again (access copy ID).
      result.copyError = errorMessage(err);
      if (err instanceof UserError) result.copyFailure = { said: err.said, hint: err.hintSaid ?? null };
    }
    return result;
  }

  refuse(id: number, reason: string): void {
    const why = reason.trim();
    if (!why) throw new UserError({ zh: '--reason 为空：请说明不予批准的理由', en: '--reason is empty: say why the request is refused' }, { zh: '例如 --reason "与案件无关"', en: 'e.g. --reason "与案件无关"' });
    const r = this.get(id);
    this.mayDecide(r, 'access.refuse');
    this.audit.run({ action: 'access.refuse', target: accessTarget(id), details: { recordings: r.recordingIds, purpose: r.purpose, requestedBy: r.requestedBy, why } }, () => {
      if (!this.deps.store.decide(id, 'refused', this.audit.who.operator, this.deps.clock.nowIso(), why)) throw markRecorded(new UserError({ zh: `拒绝：调阅申请 ${id} 已被他人同时处理`, en: `refused: access request ${id} was decided meanwhile` }, 'evidence-vault access list --all', EXIT_REFUSED));
    });
  }

  /**
   * A live grant, used now by this operator: refuses (77, audited) anything else. R14: footage
   * classified, or a clearance lowered, since the approval is no longer covered; and whoever uses it
   * must be cleared for it too.
   */
  live(id: number, action: string, details: Record<string, unknown> = {}): AccessRequest {
    const r = this.get(id);
    const state = accessState(r, this.deps.clock.now().getTime());
    if (state === 'live') {
      const entry = { action, target: accessTarget(id), details: { ...details, recordings: r.recordingIds, state, approvedBy: r.decidedBy, requestedBy: r.requestedBy } };
      this.deps.clearance.require(entry, r.decidedBy!, { as: 'approver', grantId: id }, r.recordingIds);
      this.deps.clearance.require(entry, r.requestedBy, { as: 'requester', grantId: id }, r.recordingIds);
      if (this.audit.who.operator !== r.requestedBy) this.deps.clearance.require(entry, this.audit.who.operator, { as: 'self' }, r.recordingIds);
      return r;
    }
    const w = notLiveWhy(r, state);
    return this.audit.refuse(
      { action, target: accessTarget(id), details: { ...details, recordings: r.recordingIds, state } },
      { zh: `拒绝：授权 ${id}：${w.zh}`, en: `refused: access ${id}: ${w.en}` },
      NEW_REQUEST,
      EXIT_REFUSED,
    );
  }

  /** `access open`: the working copy's folder, each use on the record. */
  open(id: number): { id: number; folder: string; until: string; endsAt: string; recordings: number[] } {
    const r = this.live(id, 'access.use');
    const entry = { action: 'access.use', target: accessTarget(id), details: { recordings: r.recordingIds, purpose: r.purpose } };
    if (!getsWorkingCopy(r.purpose)) {
      const how = r.purpose === 'copy' ? `evidence-vault access copy ${id} --to /media/…` : r.purpose === 'evidence' ? 'evidence-vault disc build …' : 'evidence-vault export quarter …';
      return this.audit.refuse(
        entry,
        { zh: `授权 ${id} 的用途为 ${purposeWithZh(r.purpose)}：该授权无工作副本可打开`, en: `access ${id} is for purpose ${r.purpose}: it has no working copy to open` },
        { zh: `其使用方式：${how}`, en: `It is used by: ${how}` },
      );
    }
    // A copy of secret footage is its requester's account's alone to read (R14): nobody else opens it.
    if (this.audit.who.operator !== r.requestedBy && this.deps.copies.secret(r.recordingIds)) {
      return this.audit.refuse(
        entry,
        { zh: `授权 ${id} 的工作副本含涉密影像，仅申请人 ${r.requestedBy} 本人可读`, en: `access ${id}'s working copy holds secret footage: it is for ${r.requestedBy}, who asked for it, alone` },
        { zh: '如需调阅，请本人另行申请：evidence-vault access request …', en: 'File a request of your own if you need it: evidence-vault access request …' },
        EXIT_REFUSED,
      );
    }
    if (!r.copyPath || !this.deps.copies.exists(r.copyPath)) {
      return this.audit.refuse(
        entry,
        { zh: `授权 ${id} 现无工作副本（未制作或已不存在）`, en: `access ${id} has no working copy now (it was not made, or is gone)` },
        { zh: `从原始文件重新制作：evidence-vault access copy ${id}`, en: `Make it again from the originals: evidence-vault access copy ${id}` },
      );
    }
    this.audit.record({ action: 'access.use', target: accessTarget(id), details: { recordings: r.recordingIds, purpose: r.purpose, folder: r.copyPath, beneficiary: r.beneficiary } });
    return { id, folder: r.copyPath, until: r.untilDate, endsAt: r.endsAt, recordings: r.recordingIds };
  }

  list(all: boolean): AccessListing[] {
    const now = this.deps.clock.now().getTime();
    const clearance = this.deps.classification.clearanceOf(this.audit.who.operator);
    return this.deps.store.list(all ? undefined : now).map((r) => {
      const levels = this.deps.classification.effectiveMany(r.recordingIds);
      const shown = r.recordingIds.filter((id) => clearanceCovers(clearance, levels.get(id) ?? 'ordinary'));
      return {
        id: r.id,
        purpose: r.purpose,
        state: accessState(r, now),
        caseNumber: r.caseNumber,
        beneficiary: r.beneficiary,
        until: r.untilDate,
        endsAt: r.endsAt,
        requestedBy: r.requestedBy,
        requestedAt: r.requestedAt,
        decidedBy: r.decidedBy,
        decidedAt: r.decidedAt,
        decisionReason: r.decisionReason,
        copy: r.copyPath,
        recordings: shown.map((id) => {
          const rec = this.deps.recordings.get(id);
          return { id, name: rec?.originalName ?? '', officerId: rec?.officerId ?? null, level: levels.get(id) ?? 'ordinary' };
        }),
        hidden: r.recordingIds.length - shown.length,
      };
    });
  }
}
