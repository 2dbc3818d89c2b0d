/**
 * Recorders as fixed assets (R16): asset number and purchase date, a fault and repair log, and
 * retirement asked by one person and approved by another with the approver role; until approved the
 * recorder stays as it was. Every change goes through the audit trail, refusals included.
 */
import { UserError } from '../core/errors.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { DeviceEvent, EquipmentStore, RetirementRequest } from '../adapters/catalog/equipment-store.js';
import type { RecorderRecord, RecorderStore } from '../adapters/catalog/recorder-store.js';
import type { RegisterStore } from '../adapters/catalog/register-store.js';
import type { AuditInput, AuditTrail } from './audit-trail.js';
import { checkAsset } from './registers.js';

export type { DeviceEvent, RetirementRequest };

export interface RecorderSheet extends RecorderRecord {
  events: DeviceEvent[];
  retirements: RetirementRequest[];
}

export class EquipmentService {
  constructor(private readonly deps: { equipment: EquipmentStore; recorders: RecorderStore; registers: RegisterStore; audit: AuditTrail; clock: UnitClock }) {}

  /** `device show`: the register entry with its fault and repair log and retirement requests. */
  sheet(number: string, action = 'device.show'): RecorderSheet {
    const rec = this.recorder(number, { action, target: number });
    return { ...rec, events: this.deps.equipment.events(number), retirements: this.deps.equipment.retirements(number) };
  }

  setAsset(number: string, input: { assetNumber?: string; purchased?: string }): RecorderRecord {
    const { equipment, registers, audit, clock } = this.deps;
    const base: AuditInput = { action: 'device.set', target: number, details: { assetNumber: input.assetNumber ?? null, purchased: input.purchased ?? null } };
    const rec = this.recorder(number, base);
    this.notRetired(rec, base);
    if (input.assetNumber === undefined && input.purchased === undefined) audit.refuse(base, { zh: '未指定要修改的项目', en: 'nothing to set' }, { zh: '请给出 --asset-number 和/或 --purchased。', en: 'Give --asset-number and/or --purchased.' });
    try {
      checkAsset({ number, ...input }, registers, clock.today());
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      audit.refuse(base, err.said, err.hintSaid);
    }
    audit.run({ ...base, details: { ...base.details, previous: { assetNumber: rec.assetNumber, purchasedOn: rec.purchasedOn } } }, () =>
      equipment.setAsset(number, { assetNumber: input.assetNumber?.trim(), purchasedOn: input.purchased }),
    );
    return this.deps.recorders.recorder(number)!;
  }

  /** A retired recorder's register entry is closed: no new faults, repairs or asset numbers after the approval. */
  private notRetired(rec: RecorderRecord, base: AuditInput): void {
    if (rec.status === 'retired') this.deps.audit.refuse(
        base,
        { zh: `执法记录仪 ${rec.number} 已报废`, en: `recorder ${rec.number} is retired` },
        {
          zh: `报废获批时其登记已关闭（R16）：见 evidence-vault device show ${rec.number}`,
          en: 'Its register entry was closed when the retirement was approved (R16): see evidence-vault device show ' + rec.number,
        },
      );
  }

  /** A fault or a repair, in the recorder's log for good. */
  logEvent(number: string, kind: 'fault' | 'repaired', text: string): DeviceEvent {
    const { equipment, audit, clock } = this.deps;
    const base: AuditInput = { action: kind === 'fault' ? 'device.fault' : 'device.repaired', target: number, details: { text } };
    this.notRetired(this.recorder(number, base), base);
    if (!text.trim()) audit.refuse(base, { zh: '说明为空', en: 'the text is empty' }, { zh: '请说明发生了什么：--text "…"。', en: 'Say what happened: --text "…".' });
    const e = { deviceNumber: number, kind, text: text.trim(), at: clock.nowIso(), by: audit.who.operator };
    const id = audit.run(base, () => equipment.addEvent(e), (id) => ({ eventId: id }));
    return { id, ...e };
  }

  /** R16: asks to retire a recorder; nothing changes until another person approves. */
  requestRetirement(number: string, reason?: string): RetirementRequest {
    const { equipment, audit, clock } = this.deps;
    const base: AuditInput = { action: 'device.retire-request', target: number, details: { reason: reason ?? null } };
    const rec = this.recorder(number, base);
    if (rec.status === 'retired') audit.refuse(base, { zh: `执法记录仪 ${number} 已报废`, en: `recorder ${number} is retired already` });
    const pending = equipment.pendingRetirement(number);
    if (pending) audit.refuse(
        base,
        { zh: `执法记录仪 ${number} 已有待审批的报废申请 #${pending.id}（${pending.requestedBy}）`, en: `recorder ${number} has a retirement request waiting (#${pending.id})` },
        { zh: `由审批人审批：evidence-vault device retire ${number} --approve`, en: `An approver decides it: evidence-vault device retire ${number} --approve` },
      );
    audit.run(
      base,
      () => {
        try {
          return equipment.requestRetirement({ deviceNumber: number, reason: reason?.trim() || null, requestedAt: clock.nowIso(), requestedBy: audit.who.operator });
        } catch (err) {
          // Two requests at the same moment: the catalogue keeps one waiting per recorder.
          if (String((err as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) throw new UserError(
              { zh: `执法记录仪 ${number} 已有待审批的报废申请`, en: `recorder ${number} has a retirement request waiting` },
              { zh: `查看：evidence-vault device show ${number}`, en: `See: evidence-vault device show ${number}` },
            );
          throw err;
        }
      },
      (id) => ({ requestId: id }),
    );
    return equipment.pendingRetirement(number)!;
  }

  /** The approver's decision on the waiting request; the one who asked cannot decide it. */
  decideRetirement(number: string, decision: 'approved' | 'rejected', reason?: string): RetirementRequest {
    const { equipment, recorders, audit, clock } = this.deps;
    const base: AuditInput = { action: 'device.retire-approve', target: number, details: { decision, reason: reason ?? null } };
    this.recorder(number, base);
    const pending = equipment.pendingRetirement(number);
    if (!pending) return audit.refuse(
        base,
        { zh: `执法记录仪 ${number} 没有待审批的报废申请`, en: `recorder ${number} has no retirement request waiting` },
        { zh: `请先申请：evidence-vault device status ${number} retired --reason "…"`, en: `Ask first: evidence-vault device status ${number} retired --reason "…"` },
      );
    if (pending.requestedBy === audit.who.operator) {
      audit.refuse(
        { ...base, details: { ...base.details, requestId: pending.id } },
        { zh: `报废需由另一人审批：申请人 ${pending.requestedBy} 不能审批自己的申请`, en: `retirement needs a second person: ${pending.requestedBy} asked for it and cannot approve it` },
        { zh: '由另一名持有 approver（审批人）角色的操作员审批。', en: 'Another operator with the approver role decides it.' },
      );
    }
    const now = clock.now();
    audit.run({ ...base, details: { ...base.details, requestId: pending.id, requestedBy: pending.requestedBy } }, () => {
      if (!equipment.decideRetirement(pending.id, { decision, decidedAt: clock.iso(now), decidedBy: audit.who.operator, decisionReason: reason?.trim() || null })) {
        throw new UserError(
          { zh: `报废申请 #${pending.id} 已由他人处理`, en: `retirement request #${pending.id} was decided meanwhile` },
          { zh: `查看：evidence-vault device show ${number}`, en: `See: evidence-vault device show ${number}` },
        );
      }
      if (decision === 'approved') {
        recorders.setStatus(number, 'retired');
        recorders.closeOpenAssignment(number, clock.iso(now), now.getTime());
      }
    });
    return equipment.retirements(number).find((r) => r.id === pending.id)!;
  }

  private recorder(number: string, input: AuditInput): RecorderRecord {
    const rec = this.deps.recorders.recorder(number);
    if (!rec) return this.deps.audit.refuse(input, { zh: `执法记录仪 ${number} 未登记`, en: `recorder ${number} is not registered` }, { zh: '查看记录仪：evidence-vault device list', en: 'See: evidence-vault device list' });
    return rec;
  }
}
