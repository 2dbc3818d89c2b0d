/**
 * The R15 inspection as one static page: inline CSS, SVG drawn here, large type, Chinese first. It
 * opens from a USB stick on any PC with no network. Pure text.
 */
import { deviceStatusText, officerStatusText } from './inspection-words.js';
import { officerLabel, type InspectionReport } from './inspection-types.js';
import { dockCalendar, esc, officerBars } from './inspection-svg.js';

/** What the report prints where a source gave nothing: never a zero. */
export const NOT_AVAILABLE_TEXT = '未提供 not available';

export const num = (n: number | null) => (n === null ? NOT_AVAILABLE_TEXT : String(n));
export const ofExplained = (n: number | null, explained: number | null) => (n === null ? NOT_AVAILABLE_TEXT : `${n}（已说明 ${explained ?? 0}）`);
export const hoursText = (seconds: number) => (seconds / 3600).toFixed(1);

const CSS = `
* { box-sizing: border-box; }
body { margin: 24px auto; max-width: 1180px; padding: 0 16px; font-family: "Noto Sans CJK SC", "Noto Sans SC", "WenQuanYi Zen Hei", "Microsoft YaHei", "PingFang SC", sans-serif; font-size: 18px; line-height: 1.5; color: #1a202c; background: #fff; }
h1 { font-size: 32px; margin: 0 0 4px; }
h2 { font-size: 24px; margin: 36px 0 10px; border-bottom: 3px solid #2b6cb0; padding-bottom: 4px; }
.sub { color: #4a5568; margin: 0 0 20px; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; }
.card { border: 1px solid #cbd5e0; border-radius: 8px; padding: 12px 14px; }
.card b { display: block; font-size: 30px; color: #2b6cb0; }
.card.warn b { color: #c53030; }
.card b.na { font-size: 20px; color: #975a16; }
table { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 16px; }
th, td { border: 1px solid #cbd5e0; padding: 6px 8px; text-align: right; }
th { background: #edf2f7; text-align: center; }
td.t { text-align: left; }
.na { color: #975a16; }
.notice { border: 2px solid #d69e2e; background: #fffff0; padding: 10px 14px; border-radius: 8px; }
.chart { max-width: 100%; height: auto; }
.chart .bar { fill: #2b6cb0; }
.chart .axis { stroke: #4a5568; stroke-width: 1.5; }
.chart .lbl, .chart .val { font-size: 15px; fill: #1a202c; font-family: inherit; }
.sign { margin-top: 40px; display: grid; grid-template-columns: 1fr 1fr; gap: 24px; }
.sign span { display: inline-block; border-bottom: 1px solid #000; width: 220px; }
.foot { margin-top: 30px; font-size: 13px; color: #4a5568; word-break: break-all; }
@media print { body { font-size: 12pt; } h2 { break-after: avoid; } table, svg { break-inside: avoid; } }
`;

const cellOf = (v: string | number | null) => (v === null ? `<td class="na">${NOT_AVAILABLE_TEXT}</td>` : typeof v === 'number' ? `<td>${v}</td>` : `<td class="t">${esc(v)}</td>`);
const tableOf = (headers: string[], rows: (string | number | null)[][], empty: string) =>
  rows.length ? `<table><thead><tr>${headers.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map(cellOf).join('')}</tr>`).join('')}</tbody></table>` : `<p>${esc(empty)}</p>`;
const explained = (n: number | null, e: number | null) => (n === null ? null : `${n} / ${e}`);

export function inspectionHtml(r: InspectionReport): string {
  const t = r.totals;
  const card = (label: string, value: string, warn = false) => `<div class="card${warn ? ' warn' : ''}">${esc(label)}<b${value === NOT_AVAILABLE_TEXT ? ' class="na"' : ''}>${esc(value)}</b></div>`;
  const expected = r.devices.filter((d) => d.status === 'in-service').length;
  const missing = Object.entries(r.notAvailable);
  const prev = r.previousInspection;
  const staffing = r.staffing;
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>执法记录仪使用情况检查报告 ${esc(r.period.from)} 至 ${esc(r.period.to)}</title><style>${CSS}</style></head>
<body>
<h1>执法记录仪使用情况检查报告</h1>
<p class="sub">Inspection of body-worn recorder use (R15) · ${esc(r.unitName ?? '（单位未设置 unitName not set）')} · ${esc(r.period.from)} 至 ${esc(r.period.to)}（${r.period.days} 天，工作日 ${r.period.workingDays} 天${r.period.through ? `；期间未结束，统计至 ${esc(r.period.through)} period not ended, counted to ${esc(r.period.through)}` : ''}）· 生成于 ${esc(r.generatedAt)}</p>
<div class="cards">
${card('录像文件 files', String(t.recordings))}
${card('摄录时长 hours', hoursText(t.seconds))}
${card('中断（已说明）gaps (explained)', t.gaps === null ? NOT_AVAILABLE_TEXT : `${t.gaps}（${t.gapsExplained}）`, (t.gaps ?? 0) > (t.gapsExplained ?? 0))}
${card('超24小时存储（已说明）late (explained)', t.late === null ? NOT_AVAILABLE_TEXT : `${t.late}（${t.lateExplained}）`, (t.late ?? 0) > (t.lateExplained ?? 0))}
${card('工作日未交存（台·日）recorder-days not docked', num(t.daysNotDocked), (t.daysNotDocked ?? 0) > 0)}
${card('维修中记录仪 in repair', String(t.devicesInRepair))}
${card('时钟异常记录仪 clock drift', num(t.devicesWithClockDrift), (t.devicesWithClockDrift ?? 0) > 0)}
${card('配备比例 R3 officers per recorder', staffing.officersPerRecorder === null ? '无记录仪 none' : String(staffing.officersPerRecorder), !staffing.meetsRule)}
</div>
${missing.length ? `<div class="notice"><b>未提供的数据 Not available in this catalogue:</b><ul>${missing.map(([k, why]) => `<li>${esc(k)}: ${esc(why)}</li>`).join('')}</ul></div>` : ''}
<h2>每名民警摄录时长 Hours recorded per officer</h2>
${officerBars(r.officers)}
<h2>交存日历 Days recorders were docked (R12(1))</h2>
${dockCalendar(r.calendar, expected)}
<h2>民警 Officers</h2>
${tableOf(
    ['警号 ID', '姓名 name', '单位 unit', '状态 status', '文件 files', '小时 hours', '有录像天数 days', '中断/已说明 gaps', '超时存储/已说明 late', '未交存工作日 not docked'],
    r.officers.map((o) => [o.officerId ?? '—', officerLabel(o), o.unit ?? '—', o.officerId === null ? '—' : officerStatusText(o.status), o.recordings, hoursText(o.seconds), o.daysRecorded, explained(o.gaps, o.gapsExplained), explained(o.late, o.lateExplained), o.daysNotDocked]),
    '无民警登记 No officers registered.',
  )}
<h2>记录仪 Recorders</h2>
${tableOf(
    ['编号 number', '品牌型号 model', '状态 status', '使用人 officers', '文件 files', '小时 hours', '有录像天数 days', '交存天数 docked', '中断/已说明 gaps', '超时存储/已说明 late', '未交存工作日 not docked', '时钟异常文件 clock-skewed files'],
    r.devices.map((d) => [d.deviceNumber ?? '未识别 unknown', d.brand ? `${d.brand} ${d.model}` : '—', deviceStatusText(d.status), d.officers.join('、') || '—', d.recordings, hoursText(d.seconds), d.daysRecorded, d.daysDocked, explained(d.gaps, d.gapsExplained), explained(d.late, d.lateExplained), d.daysNotDocked, d.clockDrift]),
    '无记录仪登记 No recorders registered.',
  )}
<h2>单位与配备比例 Units and R3</h2>
<p>全局 overall: ${staffing.activeOfficers ?? staffing.officers} 名民警${staffing.activeOfficers === null ? '（在岗状态未提供，按全部登记民警计 status not available: all registered officers counted）' : '（在岗 active）'}，${staffing.recorders} 台在用记录仪 in service；${esc(staffing.rule)}：<b>${staffing.meetsRule ? '符合 met' : '不符合 not met'}</b></p>
${tableOf(
    ['单位 unit', '民警 officers', '在岗 active', '在用记录仪 recorders', '比例 ratio', 'R3', '文件 files', '小时 hours', '中断/已说明 gaps', '超时存储/已说明 late', '未交存工作日 not docked'],
    r.units.map((u) => [u.unit ?? '（未分单位 none）', u.officers, u.activeOfficers, u.recorders, u.staffing.officersPerRecorder === null ? '—' : String(u.staffing.officersPerRecorder), u.staffing.meetsRule ? '符合 met' : '不符合 not met', u.recordings, hoursText(u.seconds), explained(u.gaps, u.gapsExplained), explained(u.late, u.lateExplained), u.daysNotDocked]),
    '无单位 No units.',
  )}
<h2>未摄录情形 Acts not recorded (P14)</h2>
${r.exemptions === null ? `<p class="na">${NOT_AVAILABLE_TEXT}</p>` : tableOf(['编号 ID', '日期 date', '民警 officer', '执法行为 act', '同意的领导 consented by', '书面理由 reason'], r.exemptions.map((e) => [e.id, e.date, e.officerId ?? '—', e.act, e.consentedBy ?? '—', e.reason ?? '—']), '本期无 None in the period.')}
<h2>结案超过30日未归档 Cases closed over 30 days ago, footage not archived (P25)</h2>
${r.cases === null ? `<p class="na">${NOT_AVAILABLE_TEXT}</p>` : tableOf(['案号 case', '案由 title', '结案日期 closed', '归档期限 deadline', '逾期天数 days overdue', '未归档录像 recordings'], r.cases.map((c) => [c.number, c.title, c.closedOn, c.deadline, c.daysOverdue, c.unarchived]), '无 None.')}
<h2>上次检查 Previous inspection</h2>
${
    prev
      ? `<p>${esc(prev.period)}（${esc(prev.from)} 至 ${esc(prev.to)}），检查人 inspector：${esc(prev.inspector)}，记录于 ${esc(prev.recordedAt)}</p><p>发现问题 findings：${esc(prev.findings)}</p>` +
        tableOf(['序号 no', '整改措施 action', '状态 status', '关闭 closed', '说明 note'], prev.actions.map((a) => [a.no, a.text, a.closedAt ? '已完成 closed' : '未完成 open', a.closedAt ? `${a.closedAt} ${a.closedBy}` : '—', a.note ?? '—']), '未提出整改措施 No actions.')
      : '<p>无记录 None on record.</p>'
  }
<div class="sign"><div>检查人（签名）Inspector: <span></span></div><div>日期 Date: <span></span></div></div>
<p class="foot">审计链头 Audit chain head: #${r.auditHead.seq} ${esc(r.auditHead.hash)}</p>
</body></html>
`;
}
