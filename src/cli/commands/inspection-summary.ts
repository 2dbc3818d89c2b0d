/** The inspection's summary table for the terminal (the page, CSV and JSON carry the rest). */
import { officerLabel, type InspectionRecord, type InspectionReport } from '../../core/inspection-types.js';
import { NOT_AVAILABLE_TEXT, hoursText } from '../../core/inspection-html.js';
import { table } from '../output.js';

const n = (v: number | null) => (v === null ? NOT_AVAILABLE_TEXT : String(v));
const ex = (v: number | null, e: number | null) => (v === null ? NOT_AVAILABLE_TEXT : `${v}/${e}`);

export function inspectionSummary(r: InspectionReport): string {
  const t = r.totals;
  const s = r.staffing;
  const lines = [
    `执法记录仪使用情况检查 Inspection (R15) ${r.period.from} – ${r.period.to}: ${r.period.days} days, ${r.period.workingDays} working days`,
    '',
    table(
      ['警号 ID', '姓名 NAME', '文件 FILES', '小时 HOURS', '天数 DAYS', '中断/已说明 GAPS', '超时/已说明 LATE', '未交存 NOT DOCKED'],
      r.officers.map((o) => [o.officerId ?? '—', officerLabel(o), o.recordings, hoursText(o.seconds), o.daysRecorded, ex(o.gaps, o.gapsExplained), ex(o.late, o.lateExplained), n(o.daysNotDocked)]),
    ),
    '',
    table(
      ['记录仪 RECORDER', '状态 STATUS', '文件 FILES', '小时 HOURS', '交存天数 DOCKED', '未交存 NOT DOCKED', '时钟 CLOCK'],
      r.devices.map((d) => [d.deviceNumber ?? '未识别 unknown', d.status ?? 'unregistered', d.recordings, hoursText(d.seconds), d.daysDocked, n(d.daysNotDocked), n(d.clockDrift)]),
    ),
    '',
    `合计 totals: ${t.recordings} files, ${hoursText(t.seconds)} h; gaps ${ex(t.gaps, t.gapsExplained)}; late ${ex(t.late, t.lateExplained)}; recorder-days not docked ${n(t.daysNotDocked)}; in repair ${t.devicesInRepair}; clock drift ${n(t.devicesWithClockDrift)}`,
    `R3: ${s.activeOfficers ?? s.officers} officers, ${s.recorders} recorders in service, ${s.officersPerRecorder ?? '—'} per recorder — ${s.rule}: ${s.meetsRule ? '符合 met' : '不符合 NOT MET'}`,
    ...r.units.map((u) => `  ${u.unit ?? '(no unit)'}: ${u.activeOfficers ?? u.officers} officers, ${u.recorders} recorders — ${u.staffing.meetsRule ? 'met' : 'NOT MET'}`),
    `exemptions (P14): ${r.exemptions === null ? NOT_AVAILABLE_TEXT : r.exemptions.length}; cases closed >30 days, not archived (P25): ${r.cases === null ? NOT_AVAILABLE_TEXT : r.cases.length}`,
    previousLine(r.previousInspection),
  ];
  const missing = Object.entries(r.notAvailable);
  if (missing.length) lines.push('', '未提供 not available:', ...missing.map(([k, why]) => `  ${k}: ${why}`));
  return lines.join('\n');
}

export function previousLine(p: InspectionRecord | null): string {
  if (!p) return 'previous inspection: none on record / 无上次检查记录';
  const open = p.actions.filter((a) => !a.closedAt);
  return `previous inspection ${p.period} by ${p.inspector}: ${p.actions.length - open.length} of ${p.actions.length} actions closed${open.length ? `; open: ${open.map((a) => `${p.id}.${a.no} ${a.text}`).join('; ')}` : ''}`;
}
