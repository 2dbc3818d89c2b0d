/**
 * The recorder register beyond "add": status over its life (R16), USB serial and volume rule to
 * recognise it when docked, and who wore it when (R8, R10). Every change goes through the audit trail,
 * refusals included.
 */
import { officerAt } from '../core/assignments.js';
import type { Said } from '../core/errors.js';
import { DEVICE_STATUSES, type DeviceStatus } from '../core/dock-report.js';
import { formatVolumeRule, parseVolumeRule } from '../core/recorder-match.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { AssignmentRow, RecorderRecord, RecorderStore } from '../adapters/catalog/recorder-store.js';
/** A recorder as the register shows it (for the entry points, which do not reach the stores). */
export type { RecorderRecord };
import type { RegisterStore } from '../adapters/catalog/register-store.js';
import type { AuditInput, AuditTrail } from './audit-trail.js';
import type { OfficerLookup } from './ingest.js';

export class RecorderLifecycle implements OfficerLookup {
  constructor(
    private readonly store: RecorderStore,
    private readonly registers: RegisterStore,
    private readonly audit: AuditTrail,
    private readonly clock: UnitClock,
  ) {}

  recorders(): RecorderRecord[] {
    return this.store.recorders();
  }

  /** One recorder; an unknown number is refused (and the refusal audited under `action`). */
  show(number: string, action = 'device.show'): RecorderRecord {
    return this.recorder(number, { action, target: number });
  }

  history(number: string): AssignmentRow[] {
    this.recorder(number, { action: 'device.history', target: number });
    return this.store.assignments(number);
  }

  officerAt(deviceNumber: string, atMs: number): string | null {
    return officerAt(this.store.assignments(deviceNumber), atMs);
  }

  holderOf(deviceNumber: string): (atMs: number) => string | null {
    const assignments = this.store.assignments(deviceNumber);
    return (atMs) => officerAt(assignments, atMs);
  }

  /** Hand a recorder to an officer from `from` (default now); the previous holder's period ends there. */
  assign(number: string, officerId: string, from?: string): AssignmentRow {
    const input: AuditInput = { action: 'device.assign', target: number, details: { officerId, from: from ?? null } };
    const rec = this.recorder(number, input);
    const officer = this.registers.officer(officerId);
    if (!officer) this.refuse(input, { zh: `民警 ${officerId} 未登记`, en: `officer ${officerId} is not registered` }, { zh: '请先登记该民警：evidence-vault officer add --help', en: 'Register the officer first: evidence-vault officer add --help' });
    if ((officer.status ?? 'active') !== 'active') this.refuse(
        input,
        { zh: `民警 ${officerId} 的状态为 ${officer.status}（自 ${officer.statusDate} 起）`, en: `officer ${officerId} is ${officer.status} (since ${officer.statusDate})` },
        { zh: '请分配给在职民警：evidence-vault officer list', en: 'Assign it to an active officer: evidence-vault officer list' },
      );
    if (rec.status !== 'in-service') {
      // A retired recorder stays retired (R16): there is nothing to put back in service.
      const hint: Said =
        rec.status === 'retired'
          ? { zh: '请分配另一台记录仪：evidence-vault device list', en: 'Assign another recorder: evidence-vault device list' }
          : { zh: `请先恢复使用：evidence-vault device status ${number} in-service`, en: `Put it back in service first: evidence-vault device status ${number} in-service` };
      this.refuse(input, { zh: `执法记录仪 ${number} 状态为 ${rec.status}，不能分配`, en: `recorder ${number} is ${rec.status}` }, hint);
    }
    const at = this.when(from, input);
    const open = this.store.assignments(number).find((a) => a.toMs === null);
    if (open && at.getTime() < open.fromMs) this.refuse(
        input,
        { zh: `执法记录仪 ${number} 自 ${open.fromAt} 起已分配给 ${open.officerId}，晚于 ${this.clock.iso(at)}`, en: `recorder ${number} is assigned to ${open.officerId} since ${open.fromAt}, after ${this.clock.iso(at)}` },
        { zh: '请给出晚于当前分配开始时间的 --from。', en: 'Give a --from time after the current assignment began.' },
      );
    const fromAt = this.clock.iso(at);
    const id = this.audit.run({ ...input, details: { officerId, from: fromAt, previous: open?.officerId ?? null } }, () => {
      this.store.closeOpenAssignment(number, fromAt, at.getTime());
      return this.store.addAssignment({ deviceNumber: number, officerId, fromAt, fromMs: at.getTime(), assignedBy: this.audit.who.operator });
    });
    return this.store.assignments(number).find((a) => a.id === id)!;
  }

  /** End the current assignment without a successor (recorder back in the cupboard). */
  unassign(number: string, at?: string): void {
    const input: AuditInput = { action: 'device.unassign', target: number, details: { at: at ?? null } };
    this.recorder(number, input);
    const when = this.when(at, input);
    const open = this.store.assignments(number).find((a) => a.toMs === null);
    if (!open) this.refuse(input, { zh: `执法记录仪 ${number} 未分配给任何人`, en: `recorder ${number} is not assigned to anyone` });
    if (when.getTime() < open.fromMs) this.refuse(input, { zh: `分配给 ${open.officerId} 始于 ${open.fromAt}，晚于该时间`, en: `the assignment to ${open.officerId} began at ${open.fromAt}, after that time` });
    const toAt = this.clock.iso(when);
    this.audit.run({ ...input, details: { at: toAt, officerId: open.officerId } }, () => this.store.closeOpenAssignment(number, toAt, when.getTime()));
  }

  /** R16: in service, in repair, retired. A recorder leaving service is unassigned at the same moment. */
  setStatus(number: string, status: string, reason?: string): RecorderRecord {
    const input: AuditInput = { action: 'device.status', target: number, details: { status, reason: reason ?? null } };
    const rec = this.recorder(number, input);
    if (!DEVICE_STATUSES.includes(status as DeviceStatus)) this.refuse(input, { zh: `“${status}”不是执法记录仪状态`, en: `"${status}" is not a recorder status` }, { zh: `可用：${DEVICE_STATUSES.join('、')}`, en: `Use one of: ${DEVICE_STATUSES.join(', ')}` });
    if (rec.status === 'retired' && status !== 'retired') this.refuse(input, { zh: `执法记录仪 ${number} 已报废`, en: `recorder ${number} is retired` }, { zh: '报废的记录仪不能恢复使用（R16）：请登记新记录仪。', en: 'A retired recorder does not come back (R16): register a new one.' });
    // R16: retirement is a request one person makes and another approves (services/equipment.ts).
    if (status === 'retired' && rec.status !== 'retired') this.refuse(
        input,
        { zh: `报废执法记录仪 ${number} 须经另一人审批`, en: `retiring recorder ${number} needs a second person's approval` },
        {
          zh: `请提出申请：evidence-vault device status ${number} retired（再由审批人执行：evidence-vault device retire ${number} --approve）`,
          en: `Ask for it: evidence-vault device status ${number} retired (an approver then runs: evidence-vault device retire ${number} --approve)`,
        },
      );
    const now = this.clock.now();
    const nowAt = this.clock.iso(now);
    this.audit.run({ ...input, details: { ...input.details, previous: rec.status } }, () => {
      this.store.setStatus(number, status as DeviceStatus);
      if (status !== 'in-service') this.store.closeOpenAssignment(number, nowAt, now.getTime());
    });
    return this.store.recorder(number)!;
  }

  setSerial(number: string, serial: string | null): RecorderRecord {
    const input: AuditInput = { action: 'device.serial', target: number, details: { serial } };
    const rec = this.recorder(number, input);
    const other = serial ? this.registers.deviceBySerial(serial) : undefined;
    if (other && other.number !== number) this.refuse(input, { zh: `USB 序列号 ${serial} 已属于执法记录仪 ${other.number}`, en: `USB serial ${serial} already belongs to recorder ${other.number}` });
    this.audit.run({ ...input, details: { serial, previous: rec.serial } }, () => this.store.setSerial(number, serial));
    return this.store.recorder(number)!;
  }

  setVolumeRule(number: string, ruleText: string | null): RecorderRecord {
    const input: AuditInput = { action: 'device.volume-rule', target: number, details: { rule: ruleText } };
    const rec = this.recorder(number, input);
    const rule = ruleText === null ? null : parseVolumeRule(ruleText);
    if (ruleText !== null && !rule) this.refuse(input, { zh: `“${ruleText}”不是卷识别规则`, en: `"${ruleText}" is not a volume rule` }, { zh: '可用 label:<LABEL>、uuid:<XXXX-XXXX> 或 file-names', en: 'Use label:<LABEL>, uuid:<XXXX-XXXX> or file-names' });
    this.audit.run({ ...input, details: { rule: rule && formatVolumeRule(rule), previous: rec.volumeRule && formatVolumeRule(rec.volumeRule) } }, () =>
      this.store.setVolumeRule(number, rule),
    );
    return this.store.recorder(number)!;
  }

  private recorder(number: string, input: AuditInput): RecorderRecord {
    const rec = this.store.recorder(number);
    if (!rec) this.refuse(input, { zh: `执法记录仪 ${number} 未登记`, en: `recorder ${number} is not registered` }, { zh: '查看记录仪：evidence-vault device list', en: 'See: evidence-vault device list' });
    return rec;
  }

  private when(text: string | undefined, input: AuditInput): Date {
    if (text === undefined) return this.clock.now();
    const d = this.clock.parse(text);
    if (!d) this.refuse(input, { zh: `“${text}”不是时间`, en: `"${text}" is not a time` }, { zh: '请用 YYYY-MM-DD 或 "YYYY-MM-DD HH:MM"（本单位时区）。', en: 'Use YYYY-MM-DD or "YYYY-MM-DD HH:MM" (unit time zone).' });
    return d;
  }

  private refuse(input: AuditInput, message: Said, hint?: Said): never {
    return this.audit.refuse(input, message, hint);
  }
}
