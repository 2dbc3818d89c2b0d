/**
 * The R15 inspection on the record: who inspected which half-year, what they found, what is to be
 * done; and, later, each action closed. Recorded once, never edited (catalogue triggers), every act
 * audited. The next period's report shows the last inspection and which of its actions are closed.
 */
import { UserError, type Said } from '../core/errors.js';
import { halfYear } from '../core/inspection-period.js';
import type { InspectionRecord } from '../core/inspection-types.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { InspectionStore } from '../adapters/catalog/inspection-store.js';
import type { AuditTrail } from './audit-trail.js';

const MAX_TEXT = 8000;

function text(name: string, value: string | undefined, required: boolean): string {
  const v = (value ?? '').trim();
  if (required && !v) throw new UserError({ zh: `${name} 不能为空`, en: `${name} is empty` }, { zh: `请用文字说明，例如 ${name} "…"。`, en: `Say it in words, e.g. ${name} "…".` });
  if (v.length > MAX_TEXT) throw new UserError(
      { zh: `${name} 内容过长：${v.length} 个字符，最多 ${MAX_TEXT} 个`, en: `${name} is ${v.length} characters; at most ${MAX_TEXT}` },
      { zh: '记录请从简，长文放入纸质档案。', en: 'Keep the record short and put the long text in the paper file.' },
    );
  return v;
}

export class InspectionService {
  constructor(
    private readonly store: InspectionStore,
    private readonly audit: AuditTrail,
    private readonly clock: UnitClock,
  ) {}

  record(input: { period: string; inspector: string; findings: string; actions: string[] }): InspectionRecord {
    const period = halfYear(input.period);
    const inspector = text('--inspector', input.inspector, true);
    const findings = text('--findings', input.findings, true);
    const actions = input.actions.map((a) => text('--actions', a, true));
    if (period.from > this.clock.today()) throw new UserError(
        { zh: `${period.label} 尚未开始`, en: `${period.label} has not begun` },
        { zh: '请记录已开始的半年度的检查，例如刚结束的半年。', en: 'Record an inspection of a half-year that has begun, e.g. the one just ended.' },
      );
    const recordedAt = this.clock.nowIso();
    const recordedBy = this.audit.who.operator;
    const id = this.audit.run(
      { action: 'inspection.record', target: period.label, details: { inspector, findings, actions, from: period.from, to: period.to } },
      () => this.store.addInspection({ period: period.label, from: period.from, to: period.to, inspector, findings, actions, recordedAt, recordedBy }),
      (id) => ({ inspectionId: id }),
    );
    return this.store.inspection(id)!;
  }

  list(): InspectionRecord[] {
    return this.store.inspections();
  }

  /** Close action `no` of inspection `id` (as `inspection list` numbers them), with what was done. */
  closeAction(id: number, no: number, note: string): InspectionRecord {
    const done = text('--note', note, true);
    const target = `${id}.${no}`;
    const found = this.store.inspection(id);
    const refuse = (message: Said, hint: Said) => this.audit.refuse({ action: 'inspection.close-action', target, details: { note: done } }, message, hint);
    if (!found) refuse({ zh: `没有编号为 ${id} 的检查记录`, en: `no inspection ${id}` }, { zh: '查看编号：evidence-vault inspection list', en: 'See the numbers: evidence-vault inspection list' });
    const action = found!.actions.find((a) => a.no === no);
    if (!action) refuse(
        { zh: `检查记录 ${id} 没有第 ${no} 项整改措施`, en: `inspection ${id} has no action ${no}` },
        { zh: `其整改措施编号为 1 至 ${found!.actions.length}：evidence-vault inspection list`, en: `Its actions are numbered 1 to ${found!.actions.length}: evidence-vault inspection list` },
      );
    if (action!.closedAt) refuse(
        { zh: `整改措施 ${id}.${no} 已于 ${action!.closedAt} 由 ${action!.closedBy} 关闭`, en: `action ${id}.${no} was closed on ${action!.closedAt} by ${action!.closedBy}` },
        { zh: '已关闭的措施不再打开；如需更多整改，请记录新的检查措施。', en: 'A closed action stays closed; record a new inspection action if more is needed.' },
      );
    this.audit.run({ action: 'inspection.close-action', target, details: { inspection: found!.period, action: action!.text, note: done } }, () => {
      try {
        this.store.closeAction(id, no, { closedAt: this.clock.nowIso(), closedBy: this.audit.who.operator, note: done });
      } catch (err) {
        // Two people closing it at the same moment: the first one's closing stands.
        if (String((err as { code?: string }).code).startsWith('SQLITE_CONSTRAINT')) throw new UserError({ zh: `整改措施 ${id}.${no} 刚被他人关闭`, en: `action ${id}.${no} was closed meanwhile` }, { zh: '查看由谁关闭：evidence-vault inspection list', en: 'See who closed it: evidence-vault inspection list' });
        throw err;
      }
    });
    return this.store.inspection(id)!;
  }
}
