/**
 * Access only by approval (R13, P27, R14). A custodian, archivist or administrator files a request
 * (purpose, recordings or a case, beneficiary, last day); an approver who is not the requester and
 * whose clearance covers every recording in it approves or refuses; the grant lives through its last
 * day in the unit's zone and ends on its own (access-copies.ts removes its working copy). Every step
 * is on the trail with `target: "access:ID"` and `details.recordings`.
 */
import { accessState, accessTarget, dayAfter, getsWorkingCopy, isAccessPurpose, untilProblem, ACCESS_PURPOSES, type AccessPurpose, type AccessRequest, type AccessState } from '../core/access-request.js';
import { clearanceCovers, LEVEL_LABELS, type ClassificationLevel } from '../core/classification.js';
import { errorMessage, markRecorded, UserError } from '../core/errors.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { AccessStore } from '../adapters/catalog/access-store.js';
import type { CaseStore } from '../adapters/catalog/case-store.js';
import type { ClassificationStore } from '../adapters/catalog/classification-store.js';
import type { RecordingStore } from '../adapters/catalog/recording-store.js';
import type { AuditTrail } from './audit-trail.js';
import type { AccessCopies } from './access-copies.js';
import { EXIT_REFUSED } from './command-session.js';

export interface AccessDeps {
  store: AccessStore;
  classification: ClassificationStore;
  recordings: RecordingStore;
  cases: CaseStore;
  copies: AccessCopies;
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

const levelText = (l: ClassificationLevel) => `${LEVEL_LABELS[l].en} (${LEVEL_LABELS[l].zh})`;

export class AccessService {
  constructor(private readonly deps: AccessDeps) {}

  private get audit(): AuditTrail {
    return this.deps.audit;
  }

  request(input: RequestInput): { id: number; recordings: number[]; until: string; endsAt: string } {
    const { purpose } = input;
    if (!isAccessPurpose(purpose)) throw new UserError(`--purpose ${purpose} is not a purpose / 用途无效`, `Use one of: ${ACCESS_PURPOSES.join(', ')}.`);
    const beneficiary = input.beneficiary.trim();
    if (!beneficiary) throw new UserError('--for is empty: name who the footage is for / 请注明使用人', 'e.g. --for "当事人 张某 (P27)"');
    if (beneficiary.length > 500) throw new UserError('--for is longer than 500 characters / 使用人说明过长', 'Name the person and their standing in a line.');
    const problem = untilProblem(input.until, this.deps.clock.today());
    if (problem) throw new UserError(problem, 'Give the last day the grant may be used, e.g. --until 2026-12-05.');
    const { recordingIds, caseId } = this.scope(input);
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
    if (hasIds === (input.caseNumber !== undefined)) throw new UserError('give either --recordings ID,ID or --case NUMBER / 请指定影像或案件（二选一）', 'e.g. --recordings 812,813 or --case 鞍自然执〔2026〕17号');
    if (input.caseNumber !== undefined) {
      const c = this.deps.cases.byNumber(input.caseNumber);
      if (!c) throw new UserError(`no case numbered ${input.caseNumber} / 无此案件`, 'Check the case number (案号) exactly as registered: evidence-vault case list');
      const ids = this.deps.cases.recordingIds(c.id);
      if (!ids.length) throw new UserError(`case ${input.caseNumber} has no recordings linked / 该案件未关联影像`, `Link them first: evidence-vault case link ${input.caseNumber} --recordings ID,ID`);
      return { recordingIds: [...ids].sort((a, b) => a - b), caseId: c.id };
    }
    const ids = [...new Set(input.recordingIds!)].sort((a, b) => a - b);
    const unknown = ids.filter((id) => !this.deps.recordings.get(id));
    if (unknown.length) throw new UserError(`no recording ${unknown.join(', ')} in the catalogue / 目录中无此影像`, 'Look the ids up: evidence-vault recordings list');
    return { recordingIds: ids, caseId: null };
  }

  private get(id: number): AccessRequest {
    const r = this.deps.store.get(id);
    if (!r) throw new UserError(`no access request ${id} / 无此申请`, 'See the requests: evidence-vault access list --all');
    return r;
  }

  /** The checks every decision passes: not by the requester, only while open, and (approval) within the approver's clearance. */
  private mayDecide(r: AccessRequest, action: 'access.approve' | 'access.refuse'): void {
    const me = this.audit.who.operator;
    const base = { action, target: accessTarget(r.id), details: { recordings: r.recordingIds, purpose: r.purpose } };
    if (r.requestedBy === me) {
      this.audit.refuse(base, `refused: ${me} filed access request ${r.id} and cannot decide it / 申请人不得审批本人的申请`, 'Another approver (a leader who did not ask) decides it.', EXIT_REFUSED);
    }
    const state = accessState(r, this.deps.clock.now().getTime());
    if (state !== 'open') {
      const why = state === 'lapsed' ? `its period ended on ${r.untilDate} before anyone decided it` : `it is already ${state === 'live' || state === 'ended' ? 'approved' : 'refused'} (by ${r.decidedBy} at ${r.decidedAt})`;
      this.audit.refuse(base, `refused: access request ${r.id} is not open: ${why} / 该申请已处理或已过期`, 'File a new request if access is still needed: evidence-vault access request …', EXIT_REFUSED);
    }
    if (action === 'access.refuse') return;
    const { clearance, above } = this.aboveClearanceOf(me, r.recordingIds);
    if (above.length) {
      const needed = above.some(([, l]) => l === 'state-secret') ? 'state-secret' : 'commercial-secret';
      this.audit.refuse(
        { ...base, details: { ...base.details, clearance, needed, above: above.map(([id, level]) => ({ id, level })) } },
        `refused: ${above.map(([id, l]) => `recording ${id} is ${levelText(l)}`).join(', ')}; approving needs a ${levelText(needed)} clearance, ${me} holds ${levelText(clearance)} / 审批人密级权限不足`,
        `An approver with a ${needed} clearance decides it (clearances are given by an administrator).`,
        EXIT_REFUSED,
      );
    }
  }

  /** The recordings whose effective level `who`'s clearance does not cover now. */
  private aboveClearanceOf(who: string, recordingIds: readonly number[]): { clearance: ClassificationLevel; above: [number, ClassificationLevel][] } {
    const clearance = this.deps.classification.clearanceOf(who);
    const levels = this.deps.classification.effectiveMany(recordingIds);
    return { clearance, above: [...levels].filter(([, level]) => !clearanceCovers(clearance, level)) };
  }

  async approve(id: number): Promise<ApproveResult> {
    const r = this.get(id);
    this.mayDecide(r, 'access.approve');
    const me = this.audit.who.operator;
    const at = this.deps.clock.nowIso();
    this.audit.run({ action: 'access.approve', target: accessTarget(id), details: { recordings: r.recordingIds, purpose: r.purpose, requestedBy: r.requestedBy, beneficiary: r.beneficiary, until: r.untilDate, endsAt: r.endsAt } }, () => {
      // Another approver decided it between the check and now: nothing is changed.
      if (!this.deps.store.decide(id, 'approved', me, at, null)) throw markRecorded(new UserError(`refused: access request ${id} was decided meanwhile / 该申请已被处理`, `evidence-vault access list --all`, EXIT_REFUSED));
    });
    const result: ApproveResult = { id, purpose: r.purpose, until: r.untilDate, endsAt: r.endsAt, copy: null };
    if (!getsWorkingCopy(r.purpose)) return result;
    try {
      result.copy = await this.deps.copies.makeWorkingCopy(this.get(id));
    } catch (err) {
      // The grant stands; its working copy can be made again (access copy ID).
      result.copyError = errorMessage(err);
    }
    return result;
  }

  refuse(id: number, reason: string): void {
    const why = reason.trim();
    if (!why) throw new UserError('--reason is empty: say why the request is refused / 请说明不予批准的理由', 'e.g. --reason "与案件无关"');
    const r = this.get(id);
    this.mayDecide(r, 'access.refuse');
    this.audit.run({ action: 'access.refuse', target: accessTarget(id), details: { recordings: r.recordingIds, purpose: r.purpose, requestedBy: r.requestedBy, why } }, () => {
      if (!this.deps.store.decide(id, 'refused', this.audit.who.operator, this.deps.clock.nowIso(), why)) throw markRecorded(new UserError(`refused: access request ${id} was decided meanwhile / 该申请已被处理`, 'evidence-vault access list --all', EXIT_REFUSED));
    });
  }

  /** A live grant: refuses (77, audited) anything else. */
  live(id: number, action: string, details: Record<string, unknown> = {}): AccessRequest {
    const r = this.get(id);
    const state = accessState(r, this.deps.clock.now().getTime());
    if (state === 'live') {
      // R14: footage classified since the approval, above the approver's clearance, is no longer covered.
      const { above } = this.aboveClearanceOf(r.decidedBy!, r.recordingIds);
      if (!above.length) return r;
      return this.audit.refuse(
        { action, target: accessTarget(id), details: { ...details, recordings: r.recordingIds, state, approvedBy: r.decidedBy, above: above.map(([rid, level]) => ({ id: rid, level })) } },
        `refused: access ${id}: ${above.map(([rid, l]) => `recording ${rid} is now ${levelText(l)}`).join(', ')}, above the clearance of ${r.decidedBy} who approved it / 批准后影像密级提高，超出批准人权限`,
        'A new request, decided by an approver holding that clearance: evidence-vault access request …',
        EXIT_REFUSED,
      );
    }
    const why: Record<Exclude<AccessState, 'live'>, string> = {
      open: 'it has not been approved yet / 尚未批准',
      refused: `it was refused by ${r.decidedBy} / 已不予批准`,
      ended: `the grant ended at ${r.endsAt} (last day ${r.untilDate}) / 授权已到期`,
      lapsed: `its period ended on ${r.untilDate} before anyone approved it / 申请已过期`,
    };
    return this.audit.refuse({ action, target: accessTarget(id), details: { ...details, recordings: r.recordingIds, state } }, `refused: access ${id}: ${why[state]}`, 'A new request is needed: evidence-vault access request …', EXIT_REFUSED);
  }

  /** `access open`: the working copy's folder, each use on the record. */
  open(id: number): { id: number; folder: string; until: string; endsAt: string; recordings: number[] } {
    const r = this.live(id, 'access.use');
    const entry = { action: 'access.use', target: accessTarget(id), details: { recordings: r.recordingIds, purpose: r.purpose } };
    if (!getsWorkingCopy(r.purpose)) {
      const how = r.purpose === 'copy' ? `evidence-vault access copy ${id} --to /media/…` : r.purpose === 'evidence' ? 'evidence-vault disc build …' : 'evidence-vault export quarter …';
      return this.audit.refuse(entry, `access ${id} is for purpose ${r.purpose}: it has no working copy to open / 该授权无工作副本`, `It is used by: ${how}`);
    }
    if (!r.copyPath || !this.deps.copies.exists(r.copyPath)) {
      return this.audit.refuse(entry, `access ${id} has no working copy now (it was not made, or is gone) / 工作副本不存在`, `Make it again from the originals: evidence-vault access copy ${id}`);
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
