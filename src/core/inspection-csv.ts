/**
 * The inspection as one CSV file with a section per table, UTF-8 with a byte-order mark so Excel
 * opens the Chinese correctly. A fact not available is written as 未提供 not available, never 0.
 */
import { officerLabel, type InspectionReport } from './inspection-types.js';
import { NOT_AVAILABLE_TEXT, hoursText } from './inspection-html.js';
import { deviceStatusText, officerStatusText, yesNoText } from './inspection-words.js';

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
    section('期间 period', ['起 from', '止 to', '天数 days', '工作日 workingDays', '统计至 through', '生成于 generatedAt', '单位 unit'], [[r.period.from, r.period.to, r.period.days, r.period.workingDays, r.period.through ?? '', r.generatedAt, r.unitName ?? '']]),
    section(
      '民警 officers',
      ['警号 officerId', '姓名 name', '单位 unit', '状态 status', '文件 recordings', '小时 hours', '有录像天数 daysRecorded', '中断 gaps', '已说明的中断 gapsExplained', '超时存储 late', '已说明的超时 lateExplained', '未交存工作日 daysNotDocked'],
      r.officers.map((o) => [o.officerId ?? '', officerLabel(o), o.unit ?? '', o.officerId === null ? '' : officerStatusText(o.status), o.recordings, hoursText(o.seconds), o.daysRecorded, o.gaps, o.gapsExplained, o.late, o.lateExplained, o.daysNotDocked]),
    ),
    section(
      '记录仪 devices',
      ['编号 deviceNumber', '品牌 brand', '型号 model', '状态 status', '使用人 officers', '文件 recordings', '小时 hours', '有录像天数 daysRecorded', '交存天数 daysDocked', '中断 gaps', '已说明的中断 gapsExplained', '超时存储 late', '已说明的超时 lateExplained', '未交存工作日 daysNotDocked', '时钟异常文件 clockDrift'],
      r.devices.map((d) => [d.deviceNumber ?? '', d.brand ?? '', d.model ?? '', deviceStatusText(d.status), d.officers.join(' '), d.recordings, hoursText(d.seconds), d.daysRecorded, d.daysDocked, d.gaps, d.gapsExplained, d.late, d.lateExplained, d.daysNotDocked, d.clockDrift]),
    ),
    section(
      '单位 units',
      ['单位 unit', '民警 officers', '在岗 activeOfficers', '在用记录仪 recorders', '每台民警数 officersPerRecorder', '符合R3 meetsR3', '文件 recordings', '小时 hours', '中断 gaps', '已说明的中断 gapsExplained', '超时存储 late', '已说明的超时 lateExplained', '未交存工作日 daysNotDocked'],
      r.units.map((u) => [u.unit ?? '', u.officers, u.activeOfficers, u.recorders, u.staffing.officersPerRecorder ?? '', yesNoText(u.staffing.meetsRule), u.recordings, hoursText(u.seconds), u.gaps, u.gapsExplained, u.late, u.lateExplained, u.daysNotDocked]),
    ),
    r.exemptions === null
      ? `# 未摄录情形 exemptions\r\n${NOT_AVAILABLE_TEXT}`
      : section('未摄录情形 exemptions', ['编号 id', '日期 date', '警号 officerId', '执法活动 act', '批准人 consentedBy', '理由 reason'], r.exemptions.map((e) => [e.id, e.date, e.officerId ?? '', e.act, e.consentedBy ?? '', e.reason ?? ''])),
    r.cases === null
      ? `# 结案超过30日未归档 overdue cases\r\n${NOT_AVAILABLE_TEXT}`
      : section('结案超过30日未归档 overdue cases', ['案件 case', '名称 title', '结案日期 closedOn', '归档期限 deadline', '逾期天数 daysOverdue', '未归档 unarchived'], r.cases.map((c) => [c.number, c.title, c.closedOn, c.deadline, c.daysOverdue, c.unarchived])),
    section('交存日历 calendar', ['日期 date', '工作日 working', '交存台数 docked'], r.calendar.map((d) => [d.date, yesNoText(d.working), d.docked])),
    r.previousInspection
      ? section('上次检查 previous inspection', ['半年度 period', '检查人 inspector', '发现的问题 findings', '序号 actionNo', '整改措施 action', '完成时间 closedAt', '关闭人 closedBy', '整改情况 note'], r.previousInspection.actions.length ? r.previousInspection.actions.map((a) => [r.previousInspection!.period, r.previousInspection!.inspector, r.previousInspection!.findings, a.no, a.text, a.closedAt ?? '', a.closedBy ?? '', a.note ?? '']) : [[r.previousInspection.period, r.previousInspection.inspector, r.previousInspection.findings, '', '', '', '', '']])
      : '# 上次检查 previous inspection\r\n无 none',
  ];
  return '\uFEFF' + parts.join('\r\n\r\n') + '\r\n';
}
