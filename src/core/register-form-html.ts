/**
 * The register as a print-ready page: A4 landscape (ten columns with a full SHA-256 do not fit
 * portrait), Chinese, with spaces to sign and stamp. Pure text; a browser turns it into the PDF.
 */
import { cameraOperatorText, durationText, FIELD_LABELS, localTimeText, sizeText, type RegisterForm, type RegisterRow } from './register-form.js';
import { gapSectionHtml } from './register-gaps.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const GAP = '<span class="gap">（待补）</span>';
const cell = (v: string | null) => (v ? esc(v) : GAP);

const CSS = `
@page { size: A4 landscape; margin: 12mm 10mm 12mm 10mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Source Han Serif SC", "SimSun", "Songti SC", serif; font-size: 9pt; color: #000; }
h1 { text-align: center; font-size: 18pt; letter-spacing: 0.3em; margin: 0 0 3mm; }
.head { display: flex; flex-wrap: wrap; justify-content: space-between; gap: 1mm 6mm; margin-bottom: 2mm; }
.head div { white-space: nowrap; }
table.rows { width: 100%; border-collapse: collapse; table-layout: fixed; }
table.rows th, table.rows td { border: 0.6pt solid #000; padding: 1mm 1.2mm; vertical-align: top; overflow-wrap: anywhere; word-break: break-word; }
table.rows th { background: #eee; font-weight: bold; text-align: center; }
table.rows thead { display: table-header-group; }
table.rows tr { break-inside: avoid; }
td.hash { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 7.5pt; word-break: break-all; }
td.num { text-align: center; }
.gap { color: #b00; font-weight: bold; }
.missing { margin-top: 3mm; border: 0.8pt solid #b00; padding: 2mm; break-inside: avoid; }
.missing h2 { font-size: 10pt; margin: 0 0 1mm; color: #b00; }
.missing ol { margin: 0; padding-left: 6mm; }
.gaps { margin-top: 3mm; border: 0.6pt solid #000; padding: 2mm; break-inside: avoid; }
.gaps h2 { font-size: 10pt; margin: 0 0 1mm; }
.gaps ol { margin: 0; padding-left: 6mm; }
.foot { margin-top: 4mm; display: grid; grid-template-columns: 1fr 1fr 62mm; gap: 3mm; break-inside: avoid; }
.sign p { margin: 0 0 5mm; }
.line { display: inline-block; border-bottom: 0.6pt solid #000; width: 38mm; }
.stamp { border: 0.6pt dashed #000; height: 38mm; text-align: center; padding-top: 2mm; color: #444; }
.chain { grid-column: 1 / -1; font-size: 7pt; color: #333; }
.chain code { font-family: "DejaVu Sans Mono", monospace; word-break: break-all; }
`;

// Column shares of the 277 mm between the margins, as percentages so borders never push the table wider.
const COLUMNS: [string, number][] = [
  ['序号', 9],
  ['文件名', 34],
  ['执法人员姓名', 20],
  ['摄录人员姓名', 17],
  ['摄录起止时间', 30],
  ['地点', 34],
  ['设备品牌型号', 24],
  ['录音录像格式', 22],
  ['长度', 22],
  ['SHA-256 校验值', 65],
];

function rowHtml(r: RegisterRow): string {
  const time = `${esc(localTimeText(r.startedAt))}<br>至 ${r.endedAt ? esc(localTimeText(r.endedAt)) : GAP}`;
  const length = `${r.still ? '照片' : r.durationSeconds !== null ? durationText(r.durationSeconds) : GAP}<br>${esc(sizeText(r.size))}`;
  const device = r.deviceModel ? `${esc(r.deviceModel)}${r.deviceNumber ? `<br>编号 ${esc(r.deviceNumber)}` : ''}` : GAP;
  return `<tr>
<td class="num">${r.seq}</td>
<td>${esc(r.fileName)}</td>
<td>${r.officers.length ? esc(r.officers.join('、')) : GAP}</td>
<td>${cell(cameraOperatorText(r))}</td>
<td>${time}</td>
<td>${cell(r.place)}</td>
<td>${device}</td>
<td>${cell(r.format)}</td>
<td>${length}</td>
<td class="hash">${esc(r.sha256)}</td>
</tr>`;
}

export function registerHtml(reg: RegisterForm): string {
  const missing = reg.missing.length
    ? `<section class="missing"><h2>待补事项（共 ${reg.missing.length} 项，补齐后方可签字）</h2><ol>${reg.missing
        .map((m) => `<li>${m.recordingId === null ? '表头' : `序号 ${reg.rows.find((r) => r.recordingId === m.recordingId)?.seq ?? '?'}（录像 ${m.recordingId}）`}：${esc(FIELD_LABELS[m.field])}缺失</li>`)
        .join('')}</ol></section>`
    : '';
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>同步录音录像摄录情况记录表 ${esc(reg.registerNumber)}</title>
<style>${CSS}</style>
</head>
<body>
<h1>同步录音录像摄录情况记录表</h1>
<div class="head">
<div>案号：${cell(reg.case.number)}</div>
<div>案件名称：${cell(reg.case.title)}</div>
<div>记录表编号：${esc(reg.registerNumber)}</div>
<div>光盘编号：${esc(reg.discNumber)}（第 ${reg.part} 张，共 ${reg.parts} 张）</div>
<div>单位：${cell(reg.unitName)}</div>
</div>
<table class="rows">
<colgroup>${COLUMNS.map(([, w]) => `<col style="width:${((w / 277) * 100).toFixed(2)}%">`).join('')}</colgroup>
<thead><tr>${COLUMNS.map(([h]) => `<th>${h}</th>`).join('')}</tr></thead>
<tbody>
${reg.rows.map(rowHtml).join('\n')}
</tbody>
</table>
${gapSectionHtml(reg.rows)}
${missing}
<section class="foot">
<div class="sign">
<p>执法人员（签名）：<span class="line"></span> <span class="line"></span></p>
<p>摄录人员（签名）：<span class="line"></span></p>
</div>
<div class="sign">
<p>制表人（签名）：<span class="line"></span></p>
<p>日期：<span class="line" style="width:14mm"></span>年<span class="line" style="width:9mm"></span>月<span class="line" style="width:9mm"></span>日</p>
</div>
<div class="stamp">单位（盖章）</div>
<div class="chain">本表共 ${reg.rows.length} 条录音录像，与光盘内 SHA256SUMS 一致。制表时间：${esc(localTimeText(reg.issuedAt))}。审计链头：第 ${reg.auditHead.seq} 条，<code>${esc(reg.auditHead.hash)}</code></div>
</section>
</body>
</html>
`;
}
