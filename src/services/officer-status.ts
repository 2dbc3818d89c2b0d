/**
 * Officers over time (R3, R8, R10): active, transferred or left, from a date. An officer who leaves or
 * is transferred gives up their recorders that day, handed to another officer or back to the custodian.
 * Every change goes through the audit trail, refusals included.
 */
import { OFFICER_STATUSES, type OfficerStatus } from '../core/staffing.js';
import type { Officer } from '../core/types.js';
import type { UnitClock } from '../core/unit-clock.js';
import { isLocalDate } from '../core/working-days.js';
import type { PeopleStore } from '../adapters/catalog/people-store.js';
import type { RecorderStore } from '../adapters/catalog/recorder-store.js';
import type { RegisterStore } from '../adapters/catalog/register-store.js';
import type { AuditInput, AuditTrail } from './audit-trail.js';
import type { Said } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { hints } from '../core/i18n/hint-messages.js';

export interface OfficerStatusChange {
  officer: Officer;
  previous: OfficerStatus;
  /** Recorders whose assignment ended, and to whom each went (null: back with the custodian). */
  recorders: { deviceNumber: string; handedTo: string | null }[];
}

export class OfficerStatusService {
  constructor(
    private readonly deps: { registers: RegisterStore; people: PeopleStore; recorders: RecorderStore; audit: AuditTrail; clock: UnitClock },
  ) {}

  setStatus(id: string, status: string, opts: { date?: string; handoverTo?: string } = {}): OfficerStatusChange {
    const { registers, people, recorders, audit, clock } = this.deps;
    const input: AuditInput = { action: 'officer.status', target: id, details: { status, date: opts.date ?? null, handoverTo: opts.handoverTo ?? null } };
    const refuse = (message: Said | string, hint?: Said | string): never => audit.refuse(input, message, hint);
    const officer = registers.officer(id);
    if (!officer) return refuse({ zh: `警号 ${id} 未登记`, en: `officer ${id} is not registered` }, said(hints.seeOfficers));
    if (!OFFICER_STATUSES.includes(status as OfficerStatus)) refuse({ zh: `"${status}" 不是人员状态`, en: `"${status}" is not an officer status` }, said(hints.useOneOf, { list: OFFICER_STATUSES.join(', ') }));
    const date = opts.date ?? clock.today();
    if (!isLocalDate(date)) refuse({ zh: `"${date}" 不是日期`, en: `"${date}" is not a date` }, said(hints.useDate));
    if (date > clock.today()) refuse({ zh: `${date} 尚未到来`, en: `${date} is in the future` }, said(hints.statusOnOrAfterEffect));
    // One status and its date are kept: a change dated before the one on record would rewrite who was active when.
    if (officer.statusDate && date < officer.statusDate) {
      refuse({ zh: `${date} 早于现有状态 ${officer.status} 的日期 ${officer.statusDate}`, en: `${date} is before officer ${id}'s status ${officer.status} from ${officer.statusDate}` }, said(hints.dateOnOrAfter, { date: officer.statusDate }));
    }
    const current = officer.status ?? 'active';
    if (status === current) refuse({ zh: `${id} 已是 ${current}${officer.statusDate ? `（自 ${officer.statusDate} 起）` : ''}`, en: `officer ${id} is ${current} already` }, said(hints.seeOfficers));
    if (opts.handoverTo !== undefined && status === 'active') refuse({ zh: '在岗人员无需移交记录仪', en: 'an active officer hands over nothing' }, said(hints.dropHandover));
    const successor = opts.handoverTo === undefined ? undefined : registers.officer(opts.handoverTo);
    if (opts.handoverTo !== undefined) {
      if (!successor) refuse({ zh: `接收人 ${opts.handoverTo} 未登记`, en: `officer ${opts.handoverTo} is not registered` }, said(hints.seeOfficers));
      if (opts.handoverTo === id) refuse({ zh: '不能移交给本人', en: 'a recorder cannot be handed over to the officer giving it up' });
      if ((successor!.status ?? 'active') !== 'active') refuse({ zh: `接收人 ${opts.handoverTo} 不在岗（${successor!.status}）`, en: `officer ${opts.handoverTo} is ${successor!.status}` });
    }
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    const at = clock.instant({ year: y, month: m, day: d, hour: 0, minute: 0, second: 0 });
    const atIso = clock.iso(at);
    const open = status === 'active' ? [] : people.openAssignmentsOf(id);
    const late = open.find((a) => a.fromMs > at.getTime());
    if (late) refuse({ zh: `记录仪 ${late.deviceNumber} 自 ${late.fromAt} 起由 ${id} 佩戴，晚于 ${date}`, en: `recorder ${late.deviceNumber} was assigned to ${id} at ${late.fromAt}, after ${date}` }, said(hints.dateOnOrAfterThatDay));
    const handed = open.map((a) => ({ deviceNumber: a.deviceNumber, handedTo: opts.handoverTo ?? null }));
    const previous = current;
    audit.run({ ...input, details: { status, date, previous, recorders: handed } }, () => {
      people.setOfficerStatus(id, status, date);
      for (const a of open) {
        recorders.closeOpenAssignment(a.deviceNumber, atIso, at.getTime());
        if (opts.handoverTo) recorders.addAssignment({ deviceNumber: a.deviceNumber, officerId: opts.handoverTo, fromAt: atIso, fromMs: at.getTime(), assignedBy: audit.who.operator });
      }
    });
    return { officer: registers.officer(id)!, previous, recorders: handed };
  }
}
