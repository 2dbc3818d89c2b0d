/**
 * Disposal always has a person (R12(3)): the daily sweep disposes only under a standing disposal
 * approval — a scope (all, or the recordings whose cases are all of one category), a period of local
 * dates, a reason — proposed by one approver and confirmed by a second, different one in a separate
 * invocation. One approver may revoke it. Without a live one the sweep disposes of nothing.
 */
import { UserError } from '../core/errors.js';
import { isLocalDate } from '../core/working-days.js';
import { formatStandingScope, isLongTermCategory, parseStandingScope } from '../core/retention-policy.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { HoldApprovalsStore, StandingApproval } from '../adapters/catalog/hold-approvals-store.js';
import type { AuditTrail } from './audit-trail.js';

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
    const refuse = (message: string, hint?: string): never => this.audit.refuse({ action: 'retention.standing.approve', target: 'vault', details }, message, hint);
    const scope = parseStandingScope(input.scope);
    if (!scope) return refuse(`--scope "${input.scope}" is neither "all" nor "category:NAME" / 范围格式不对`, 'Use --scope all, or --scope category:penalty (recordings whose cases are all of that category).');
    if (scope.kind === 'category' && isLongTermCategory(scope.category)) {
      return refuse(`${scope.category} is an R6 category, kept for good: no approval disposes of it / R6 类别长期保存，不得批准销毁`);
    }
    for (const [name, v] of [['--from', input.from], ['--until', input.until]] as const) {
      if (!isLocalDate(v)) return refuse(`${name} "${v}" is not a date / 日期格式不对`, 'Give dates as YYYY-MM-DD, e.g. --from 2026-12-01 --until 2027-05-31');
    }
    if (input.from > input.until) return refuse(`--from ${input.from} is after --until ${input.until} / 起始日期晚于截止日期`, 'Both days are included: --from is the first, --until the last.');
    const today = this.clock.today();
    if (input.until < today) return refuse(`--until ${input.until} is already past (today is ${today}) / 截止日期已过`);
    if ((Date.parse(input.until) - Date.parse(input.from)) / 86_400_000 > MAX_DAYS) {
      return refuse(`${input.from} to ${input.until} is longer than a year / 期间超过一年`, 'A standing approval is reviewed at least once a year: give a shorter period.');
    }
    if (!input.reason.trim()) return refuse('a standing disposal approval needs a reason', 'Add --reason "…", e.g. --reason "2027 年度常规到期销毁".');
    return this.audit.run({ action: 'retention.standing.approve', target: 'vault', details: { ...details, scope: formatStandingScope(scope), step: 'proposed' } }, () => {
      const id = this.store.insertStanding({ scope, validFrom: input.from, validUntil: input.until, reason: input.reason.trim(), firstBy: this.audit.who.operator, firstAt: this.clock.nowIso() });
      return this.view(this.store.standing(id)!);
    }, (v) => ({ standingId: v.id, state: v.state }));
  }

  /** The second approver's confirmation of a pending proposal. */
  confirm(id: number): StandingView {
    const who = this.audit.who.operator;
    const a = this.store.standing(id);
    const refuse = (message: string, hint?: string, exitCode?: number): never =>
      this.audit.refuse({ action: 'retention.standing.approve', target: `standing:${id}`, details: { step: 'confirm' } }, message, hint, exitCode);
    if (!a) return refuse(`no standing approval #${id}`, 'See: evidence-vault retention standing list');
    if (a.revokedAt) return refuse(`standing approval #${id} was revoked on ${a.revokedAt} by ${a.revokedBy}`);
    if (a.secondBy) return refuse(`standing approval #${id} was confirmed already by ${a.secondBy}`);
    if (a.firstBy === who) {
      return refuse(`you (${who}) proposed standing approval #${id}; a second, different approver confirms it / 需另一名审批人确认`, `Ask another approver to run: evidence-vault retention standing approve ${id}`, REFUSED);
    }
    if (a.validUntil < this.clock.today()) return refuse(`standing approval #${id} ran until ${a.validUntil}: it is over before being confirmed`, 'Propose a new one.');
    return this.audit.run({ action: 'retention.standing.approve', target: `standing:${id}`, details: { step: 'confirmed', scope: formatStandingScope(a.scope), from: a.validFrom, until: a.validUntil, firstBy: a.firstBy } }, () => {
      this.store.confirmStanding(id, who, this.clock.nowIso());
      const now = this.store.standing(id)!;
      if (now.secondBy !== who) throw new UserError(`standing approval #${id} changed meanwhile`, 'See: evidence-vault retention standing list', 75);
      return this.view(now);
    }, (v) => ({ state: v.state, approvers: [v.firstBy, v.secondBy] }));
  }

  revoke(id: number, reason: string): StandingView {
    const a = this.store.standing(id);
    const refuse = (message: string, hint?: string): never => this.audit.refuse({ action: 'retention.standing.revoke', target: `standing:${id}`, details: { reason } }, message, hint);
    if (!a) return refuse(`no standing approval #${id}`, 'See: evidence-vault retention standing list');
    if (!reason.trim()) return refuse('revoking needs a reason', 'Add --reason "…".');
    if (a.revokedAt) return refuse(`standing approval #${id} was revoked already on ${a.revokedAt} by ${a.revokedBy}`);
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
