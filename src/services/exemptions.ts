/**
 * R7, P14: an enforcement act that was not recorded on sound and video, kept with the leader who
 * consented or the written reason. Recorded once, never edited; every entry and refusal audited.
 */
import { addDays } from '../core/retention-policy.js';
import type { UnitClock } from '../core/unit-clock.js';
import { isLocalDate } from '../core/working-days.js';
import type { Exemption, PeopleStore } from '../adapters/catalog/people-store.js';
import type { RegisterStore } from '../adapters/catalog/register-store.js';
import type { AuditInput, AuditTrail } from './audit-trail.js';
import type { Said } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { hints } from '../core/i18n/hint-messages.js';

export type { Exemption };

export class ExemptionService {
  constructor(private readonly deps: { registers: RegisterStore; people: PeopleStore; audit: AuditTrail; clock: UnitClock }) {}

  record(input: { officerId: string; at: string; act: string; consentBy?: string; reason?: string }): Exemption {
    const { registers, people, audit, clock } = this.deps;
    const consentBy = input.consentBy?.trim() || null;
    const reason = input.reason?.trim() || null;
    const base: AuditInput = { action: 'exemption.record', target: input.officerId, details: { at: input.at, act: input.act, consentBy, reason } };
    const refuse = (message: Said | string, hint?: Said | string): never => audit.refuse(base, message, hint);
    const officer = registers.officer(input.officerId);
    if (!officer) refuse({ zh: `警号 ${input.officerId} 未登记`, en: `officer ${input.officerId} is not registered` }, said(hints.seeOfficers));
    const when = clock.parse(input.at);
    if (!when) return refuse({ zh: `"${input.at}" 不是时间`, en: `"${input.at}" is not a time` }, said(hints.useTimeInZone));
    // No enforcement act by an officer who had left or been transferred by then (R3).
    const { status, statusDate } = officer!;
    if (status && status !== 'active' && statusDate && clock.iso(when).slice(0, 10) >= statusDate) {
      refuse({ zh: `${input.officerId} 自 ${statusDate} 起已 ${status}`, en: `officer ${input.officerId} is ${status} since ${statusDate}, before this act` }, said(hints.checkOfficerAndDate));
    }
    if (when.getTime() > clock.now().getTime()) refuse({ zh: `${clock.iso(when)} 尚未到来`, en: `${clock.iso(when)} is in the future` }, said(hints.actHappened));
    if (!input.act.trim()) refuse({ zh: '未写明执法活动', en: 'say which enforcement act was not recorded' }, said(hints.addAct));
    if (!consentBy && !reason) refuse({ zh: '需要领导同意或书面理由', en: 'an unrecorded act needs the leader who consented or a written reason' }, said(hints.addConsentOrReason));
    const row = { officerId: input.officerId, actAt: clock.iso(when), actMs: when.getTime(), act: input.act.trim(), consentBy, reason, recordedAt: clock.nowIso(), recordedBy: audit.who.operator };
    const id = audit.run({ ...base, details: { ...base.details, at: row.actAt } }, () => people.addExemption(row), (id) => ({ exemptionId: id }));
    return { id, officerId: row.officerId, actAt: row.actAt, act: row.act, consentBy, reason, recordedAt: row.recordedAt, recordedBy: row.recordedBy };
  }

  /** Exemptions whose act falls from `from` up to `to` (a date alone: through its end); either may be left open. */
  list(from?: string, to?: string): Exemption[] {
    const { people, clock } = this.deps;
    const end = to === undefined ? null : this.time(isLocalDate(to) ? addDays(to, 1) : to, clock).getTime();
    return people.exemptions(from === undefined ? null : this.time(from, clock).getTime(), end);
  }

  private time(text: string, clock: UnitClock): Date {
    const d = clock.parse(text);
    if (!d) this.deps.audit.refuse({ action: 'exemption.list', target: null, details: { time: text } }, { zh: `“${text}”不是时间`, en: `"${text}" is not a time` }, { zh: '请用 YYYY-MM-DD 或 "YYYY-MM-DD HH:MM"。', en: 'Use YYYY-MM-DD or "YYYY-MM-DD HH:MM".' });
    return d;
  }
}
