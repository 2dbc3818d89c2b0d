/**
 * Disposal always has a person (R12(3)): the daily sweep disposes only under a standing disposal
 * approval — a scope (all, or the recordings whose cases are all of one category), a period of local
 * dates, a reason — proposed by one approver and confirmed by a second, different one in a separate
 * invocation. One approver may revoke it. Without a live one the sweep disposes of nothing.
 */
import { UserError, type Said } from '../core/errors.js';
import { isLocalDate } from '../core/working-days.js';
import { formatStandingScope, isLongTermCategory, parseStandingScope } from '../core/retention-policy.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { HoldApprovalsStore, StandingApproval } from '../adapters/catalog/hold-approvals-store.js';
import type { AuditTrail } from './audit-trail.js';

const noStanding = (id: number): Said => ({ zh: `没有常设审批 #${id}`, en: `no standing approval #${id}` });
const SEE_STANDING: Said = { zh: '查看：evidence-vault retention standing list', en: 'See: evidence-vault retention standing list' };

export type StandingState = 'pending' | 'live' | 'not-yet' | 'expired' | 'revoked';
export type StandingView = Omit<StandingApproval, 'scope'> & { scope: string; state: StandingState };

export interface StandingStatus {
  live: { id: number; scope: string; validFrom: string; validUntil: string; approvers: string[] }[];
}

const REFUSED = 77;
/** A standing approval is reviewed at least yearly: a longer period is refused. */
const MAX_DAYS = 366;

export class StandingApprovals {
  constructor(
    private readonly store: HoldApprovalsStore,
    private readonly audit: AuditTrail,
    private readonly clock: UnitClock,
  ) {}

  /** The first approver's proposal: pending until a second, different approver confirms it. */
  propose(input: { scope: string; from: string; until: string; reason: string }): StandingView {
    const details = { scope: input.scope, from: input.from, until: input.until, reason: input.reason };
    const refuse = (message: Said, hint?: Said): never => this.audit.refuse({ action: 'retention.standing.approve', target: 'vault', details }, message, hint);
    const scope = parseStandingScope(input.scope);
    if (!scope) return refuse(
        { zh: `范围格式不对：--scope "${input.scope}" 既不是 "all" 也不是 "category:NAME"`, en: `--scope "${input.scope}" is neither "all" nor "category:NAME"` },
        { zh: '请用 --scope all，或 --scope category:penalty（其案件全属该类别的影像）。', en: 'Use --scope all, or --scope category:penalty (recordings whose cases are all of that category).' },
      );
    if (scope.kind === 'category' && isLongTermCategory(scope.category)) {
      return refuse({ zh: `${scope.category} 属 R6 长期保存类别，应永久保存：不得批准销毁`, en: `${scope.category} is an R6 category, kept for good: no approval disposes of it` });
    }
    for (const [name, v] of [['--from', input.from], ['--until', input.until]] as const) {
      if (!isLocalDate(v)) {
        return refuse(
          { zh: `日期格式不对：${name} "${v}"`, en: `${name} "${v}" is not a date` },
          { zh: '日期请写作 YYYY-MM-DD，例如 --from 2026-12-01 --until 2027-05-31', en: 'Give dates as YYYY-MM-DD, e.g. --from 2026-12-01 --until 2027-05-31' },
        );
      }
    }
    if (input.from > input.until) return refuse(
        { zh: `起始日期 --from ${input.from} 晚于截止日期 --until ${input.until}`, en: `--from ${input.from} is after --until ${input.until}` },
        { zh: '两天都包含在内：--from 为第一天，--until 为最后一天。', en: 'Both days are included: --from is the first, --until the last.' },
      );
    const today = this.clock.today();
    if (input.until < today) return refuse({ zh: `截止日期 --until ${input.until} 已过（今天是 ${today}）`, en: `--until ${input.until} is already past (today is ${today})` });
    if ((Date.parse(input.until) - Date.parse(input.from)) / 86_400_000 > MAX_DAYS) {
      return refuse(
        { zh: `${input.from} 至 ${input.until} 期间超过一年`, en: `${input.from} to ${input.until} is longer than a year` },
        { zh: '常设审批至少每年复核一次：请给出较短的期间。', en: 'A standing approval is reviewed at least once a year: give a shorter period.' },
      );
    }
    if (!input.reason.trim()) return refuse({ zh: '常设销毁审批须说明理由', en: 'a standing disposal approval needs a reason' }, { zh: '请加上 --reason "…"，例如 --reason "2027 年度常规到期销毁"。', en: 'Add --reason "…", e.g. --reason "2027 年度常规到期销毁".' });
    return this.audit.run({ action: 'retention.standing.approve', target: 'vault', details: { ...details, scope: formatStandingScope(scope), step: 'proposed' } }, () => {
      const id = this.store.insertStanding({ scope, validFrom: input.from, validUntil: input.until, reason: input.reason.trim(), firstBy: this.audit.who.operator, firstAt: this.clock.nowIso() });
      return this.view(this.store.standing(id)!);
    }, (v) => ({ standingId: v.id, state: v.state }));
  }

  /** The second approver's confirmation of a pending proposal. */
  confirm(id: number): StandingView {
    const who = this.audit.who.operator;
    const a = this.store.standing(id);
    const refuse = (message: Said, hint?: Said, exitCode?: number): never =>
      this.audit.refuse({ action: 'retention.standing.approve', target: `standing:${id}`, details: { step: 'confirm' } }, message, hint, exitCode);
    if (!a) return refuse(noStanding(id), SEE_STANDING);
    if (a.revokedAt) return refuse({ zh: `常设审批 #${id} 已于 ${a.revokedAt} 由 ${a.revokedBy} 撤销`, en: `standing approval #${id} was revoked on ${a.revokedAt} by ${a.revokedBy}` });
    if (a.secondBy) return refuse({ zh: `常设审批 #${id} 已由 ${a.secondBy} 确认`, en: `standing approval #${id} was confirmed already by ${a.secondBy}` });
    if (a.firstBy === who) {
      return refuse(
        { zh: `常设审批 #${id} 由您（${who}）提出；需另一名审批人确认`, en: `you (${who}) proposed standing approval #${id}; a second, different approver confirms it` },
        { zh: `请另一名审批人执行：evidence-vault retention standing approve ${id}`, en: `Ask another approver to run: evidence-vault retention standing approve ${id}` },
        REFUSED,
      );
    }
    if (a.validUntil < this.clock.today()) {
      return refuse({ zh: `常设审批 #${id} 有效期至 ${a.validUntil}：未经确认即已到期`, en: `standing approval #${id} ran until ${a.validUntil}: it is over before being confirmed` }, { zh: '请重新提出。', en: 'Propose a new one.' });
    }
    return this.audit.run({ action: 'retention.standing.approve', target: `standing:${id}`, details: { step: 'confirmed', scope: formatStandingScope(a.scope), from: a.validFrom, until: a.validUntil, firstBy: a.firstBy } }, () => {
      this.store.confirmStanding(id, who, this.clock.nowIso());
      const now = this.store.standing(id)!;
      if (now.secondBy !== who) throw new UserError({ zh: `常设审批 #${id} 已被他人同时更改`, en: `standing approval #${id} changed meanwhile` }, SEE_STANDING, 75);
      return this.view(now);
    }, (v) => ({ state: v.state, approvers: [v.firstBy, v.secondBy] }));
  }

  revoke(id: number, reason: string): StandingView {
    const a = this.store.standing(id);
    const refuse = (message: Said, hint?: Said): never => this.audit.refuse({ action: 'retention.standing.revoke', target: `standing:${id}`, details: { reason } }, message, hint);
    if (!a) return refuse(noStanding(id), SEE_STANDING);
    if (!reason.trim()) return refuse({ zh: '撤销须说明理由', en: 'revoking needs a reason' }, { zh: '请加上 --reason "…"。', en: 'Add --reason "…".' });
    if (a.revokedAt) return refuse({ zh: `常设审批 #${id} 已于 ${a.revokedAt} 由 ${a.revokedBy} 撤销`, en: `standing approval #${id} was revoked already on ${a.revokedAt} by ${a.revokedBy}` });
    return this.audit.run({ action: 'retention.standing.revoke', target: `standing:${id}`, details: { reason, scope: formatStandingScope(a.scope) } }, () => {
      this.store.revokeStanding(id, this.audit.who.operator, this.clock.nowIso(), reason.trim());
      return this.view(this.store.standing(id)!);
    });
  }

  list(): StandingView[] {
    const rows = this.store.standingAll().map((a) => this.view(a));
    this.audit.record({ action: 'retention.standing.list', target: 'vault', details: { count: rows.length, live: rows.filter((r) => r.state === 'live').map((r) => r.id) } });
    return rows;
  }

  /** Live today: confirmed, not revoked, inside its period. */
  live(): StandingApproval[] {
    return this.store.live(this.clock.today());
  }

  isLive(id: number): boolean {
    return this.store.live(this.clock.today()).some((a) => a.id === id);
  }

  /** What `status` shows: the live approvals (none: the daily sweep disposes of nothing). */
  statusFacts(): StandingStatus {
    return { live: this.live().map((a) => ({ id: a.id, scope: formatStandingScope(a.scope), validFrom: a.validFrom, validUntil: a.validUntil, approvers: [a.firstBy, a.secondBy!] })) };
  }

  private view(a: StandingApproval): StandingView {
    const today = this.clock.today();
    const state: StandingState = a.revokedAt ? 'revoked' : !a.secondBy ? (a.validUntil < today ? 'expired' : 'pending') : a.validUntil < today ? 'expired' : a.validFrom > today ? 'not-yet' : 'live';
    return { ...a, scope: formatStandingScope(a.scope), state };
  }
}
