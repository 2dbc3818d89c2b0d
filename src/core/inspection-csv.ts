/**
 * The inspection as one CSV file with a section per table, UTF-8 with a byte-order mark so Excel
 * opens the Chinese correctly. A fact not available is written as 未提供 not available, never 0.
 */
import { officerLabel, type InspectionReport } from './inspection-types.js';
import { NOT_AVAILABLE_TEXT, hoursText } from './inspection-html.js';

type Cell = string | number | boolean | null;

/**
 * Typed text a spreadsheet could take for a formula: = + - @ first, also after blanks (LibreOffice
 * reads " =1+1" as one), or a tab or carriage return first (OWASP's list). Numbers stay numbers.
 */
const formulaLike = (v: Cell, s: string) => typeof v === 'string' && (/^[\t\r]/.test(s) || /^\s*[=+\-@]/u.test(s));

const field = (v: Cell) => {
  const s = v === null ? NOT_AVAILABLE_TEXT : String(v);
  const text = formulaLike(v, s) ? `'${s}` : s;
  return /[",\r\n]/.test(text) || text !== s ? `"${text.replace(/"/g, '""')}"` : text;
};

function section(title: string, headers: string[], rows: Cell[][]): string {
  return [`# ${title}`, headers.map(field).join(','), ...rows.map((r) => r.map(field).join(','))].join('\r\n');
}

export function inspectionCsv(r: InspectionReport): string {
  const parts = [
    section('期间 period', ['from', 'to', 'days', 'workingDays', 'through', 'generatedAt', 'unit'], [[r.period.from, r.period.to, r.period.days, r.period.workingDays, r.period.through ?? '', r.generatedAt, r.unitName ?? '']]),
    section(
      '民警 officers',
      ['officerId', '姓名 name', '单位 unit', 'status', 'recordings', 'hours', 'daysRecorded', 'gaps', 'gapsExplained', 'late', 'lateExplained', 'daysNotDocked'],
      r.officers.map((o) => [o.officerId ?? '', officerLabel(o), o.unit ?? '', o.officerId === null ? '' : o.status, o.recordings, hoursText(o.seconds), o.daysRecorded, o.gaps, o.gapsExplained, o.late, o.lateExplained, o.daysNotDocked]),
    ),
    section(
      '记录仪 devices',
      ['deviceNumber', 'brand', 'model', 'status', 'officers', 'recordings', 'hours', 'daysRecorded', 'daysDocked', 'gaps', 'gapsExplained', 'late', 'lateExplained', 'daysNotDocked', 'clockDrift'],
      r.devices.map((d) => [d.deviceNumber ?? '', d.brand ?? '', d.model ?? '', d.status ?? 'unregistered', d.officers.join(' '), d.recordings, hoursText(d.seconds), d.daysRecorded, d.daysDocked, d.gaps, d.gapsExplained, d.late, d.lateExplained, d.daysNotDocked, d.clockDrift]),
    ),
    section(
      '单位 units',
      ['unit', 'officers', 'activeOfficers', 'recorders', 'officersPerRecorder', 'meetsR3', 'recordings', 'hours', 'gaps', 'gapsExplained', 'late', 'lateExplained', 'daysNotDocked'],
      r.units.map((u) => [u.unit ?? '', u.officers, u.activeOfficers, u.recorders, u.staffing.officersPerRecorder ?? '', u.staffing.meetsRule, u.recordings, hoursText(u.seconds), u.gaps, u.gapsExplained, u.late, u.lateExplained, u.daysNotDocked]),
    ),
    r.exemptions === null
      ? `# 未摄录情形 exemptions\r\n${NOT_AVAILABLE_TEXT}`
      : section('未摄录情形 exemptions', ['id', 'date', 'officerId', 'act', 'consentedBy', 'reason'], r.exemptions.map((e) => [e.id, e.date, e.officerId ?? '', e.act, e.consentedBy ?? '', e.reason ?? ''])),
    r.cases === null
      ? `# 结案超过30日未归档 overdue cases\r\n${NOT_AVAILABLE_TEXT}`
      : section('结案超过30日未归档 overdue cases', ['case', 'title', 'closedOn', 'deadline', 'daysOverdue', 'unarchived'], r.cases.map((c) => [c.number, c.title, c.closedOn, c.deadline, c.daysOverdue, c.unarchived])),
    section('交存日历 calendar', ['date', 'working', 'docked'], r.calendar.map((d) => [d.date, d.working, d.docked])),
    r.previousInspection
      ? section('上次检查 previous inspection', ['period', 'inspector', 'findings', 'actionNo', 'action', 'closedAt', 'closedBy', 'note'], r.previousInspection.actions.length ? r.previousInspection.actions.map((a) => [r.previousInspection!.period, r.previousInspection!.inspector, r.previousInspection!.findings, a.no, a.text, a.closedAt ?? '', a.closedBy ?? '', a.note ?? '']) : [[r.previousInspection.period, r.previousInspection.inspector, r.previousInspection.findings, '', '', '', '', '']])
      : '# 上次检查 previous inspection\r\nnone',
  ];
  return '\uFEFF' + parts.join('\r\n\r\n') + '\r\n';
}
