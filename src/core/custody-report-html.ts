/**
 * The chain of custody as a print-ready page (A4 portrait): Chinese first with English beside, every
 * number a reader checks marked with `data-count`, the chain head at the foot, spaces to sign. Pure
 * text, nothing fetched; headless Chromium prints it to the PDF attached to a 法制审核 application (L4).
 */
import { LEVEL_LABELS } from './classification.js';
import type { CustodyCounts, CustodyItem, CustodyReport, TrailRef } from './custody-report.js';

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const v = (x: string | number | null | undefined) => (x === null || x === undefined || x === '' ? '<span class="none">—</span>' : esc(String(x)));
/** What the read-back compared: a large file's XXH3 made in the copy's pass, or the SHA-256 itself. */
const READ_BACK = {
  sha256: '入库前已从磁盘回读，SHA-256 一致 read back from the disk before cataloguing, SHA-256 matched',
  'xxh3-64': '入库前已从磁盘回读，与复制时计算的 XXH3-64 校验值一致 read back from the disk before cataloguing, matched the XXH3-64 computed during the copy',
} as const;
const hash = (x: string | null | undefined) => (x ? `<code>${esc(x)}</code>` : v(null));

const CSS = `
@page { size: A4 portrait; margin: 14mm 12mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei", "Source Han Serif SC", "SimSun", serif; font-size: 9pt; color: #000; }
h1 { text-align: center; font-size: 16pt; margin: 0 0 1mm; letter-spacing: 0.1em; }
h1 small { display: block; font-size: 10pt; letter-spacing: 0; font-weight: normal; }
h2 { font-size: 11pt; margin: 5mm 0 1.5mm; border-bottom: 0.8pt solid #000; break-after: avoid; }
h3 { font-size: 10pt; margin: 3mm 0 1mm; break-after: avoid; }
.en { color: #444; font-weight: normal; }
table { width: 100%; border-collapse: collapse; margin-bottom: 2mm; }
th, td { border: 0.6pt solid #000; padding: 0.8mm 1.2mm; vertical-align: top; text-align: left; overflow-wrap: anywhere; }
th { background: #eee; }
thead { display: table-header-group; }
tr { break-inside: avoid; }
table.kv th { width: 34%; }
code { font-family: "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 7.5pt; word-break: break-all; }
.none { color: #777; }
.bad { color: #b00; font-weight: bold; }
.empty { color: #555; margin: 0 0 2mm; }
.item { break-before: page; }
.item:first-of-type { break-before: auto; }
.sign { display: grid; grid-template-columns: 1fr 1fr 1fr; gap: 4mm; margin-top: 8mm; break-inside: avoid; }
.sign p { margin: 0 0 6mm; }
.line { display: inline-block; border-bottom: 0.6pt solid #000; width: 32mm; }
.chain { margin-top: 4mm; font-size: 8pt; break-inside: avoid; }
`;

const COUNT_LABELS: [keyof CustodyCounts, string][] = [
  ['fixityChecks', '完整性核验 Fixity checks'],
  ['fixityProblems', '核验发现问题 Checks finding a problem'],
  ['holds', '保存措施 Holds'],
  ['activeHolds', '现行保存措施 Holds in force'],
  ['cases', '关联案件 Cases'],
  ['accessEntries', '调阅/复制授权及使用 Access grants and uses'],
  ['discs', '证据光盘 Discs'],
  ['discHandovers', '光盘交接 Disc handovers'],
  ['archiveSets', '归档集 Archive sets'],
  ['attributions', '归属更正 Attribution changes'],
  ['repairs', '修复 Repairs'],
  ['trailEntries', '审计记录 Trail entries'],
];

function table(head: string[], rows: string[][], empty: string): string {
  if (!rows.length) return `<p class="empty">${empty}</p>`;
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('')}</tbody></table>`;
}

const kv = (rows: [string, string][]) => `<table class="kv"><tbody>${rows.map(([k, x]) => `<tr><th>${k}</th><td>${x}</td></tr>`).join('')}</tbody></table>`;

function countsTable(c: CustodyCounts, scope: string): string {
  return `<table class="kv counts"><tbody>${COUNT_LABELS.map(([k, label]) => `<tr><th>${label}</th><td data-count="${k}" data-scope="${scope}">${c[k]}</td></tr>`).join('')}</tbody></table>`;
}

const entryRows = (es: readonly TrailRef[]) => es.map((e) => [String(e.seq), v(e.at), v(e.operator), v(e.role), v(e.action), v(e.target), e.outcome === 'ok' ? 'ok' : `<span class="bad">${esc(e.outcome)}</span>`]);
const ENTRY_HEAD = ['序号 Seq', '时间 Time', '操作人 Operator', '角色 Role', '事项 Action', '对象 Target', '结果 Outcome'];

function itemHtml(it: CustodyItem): string {
  const r = it.recording;
  const s = it.ingest.session;
  const sc = `recording-${r.id}`;
  return `<section class="item" id="${sc}">
<h2>录像 ${r.id} 保管链 <span class="en">Recording ${r.id}: chain of custody</span></h2>
${countsTable(it.counts, sc)}
<h3>一、基本信息 <span class="en">The recording</span></h3>
${kv([
    ['密级 Classification (R14)', `${esc(LEVEL_LABELS[it.classification].zh)} ${esc(LEVEL_LABELS[it.classification].en)}`],
    ['原文件名 Original name', v(r.originalName)],
    ['存储位置 Vault path', v(r.vaultPath)],
    ['SHA-256', hash(r.sha256)],
    ['大小 Size (bytes)', v(r.size)],
    ['开始时间 Started', v(r.startedAt)],
    ['时长 Duration (s)', v(r.durationSeconds)],
    ['格式 Format', v(r.format)],
    ['记录仪 Recorder', `${v(r.deviceNumber)} ${r.device ? esc(r.device) : ''}`],
    ['执法人员 Officer', `${v(r.officerId)} ${r.officerName ? esc(r.officerName) : ''}`],
    ['处置 Disposal', r.disposed ? `<span class="bad">已处置 disposed ${esc(r.disposed.at)}, 批准 approved by ${esc(r.disposed.approvedBy)}: ${esc(r.disposed.reason)}</span>` : '未处置，原件在库 not disposed: the original is in the vault'],
  ])}
<h3>二、入库 <span class="en">Ingest</span></h3>
${kv([
    ['入库时间 Stored at', v(it.ingest.at)],
    ['经办 By', v(it.ingest.by)],
    ['来源 Source (volume / folder)', `${v(s?.sourceRoot)}${s?.sourceKey ? ` <code>${esc(s.sourceKey)}</code>` : ''}`],
    ['记录仪上的路径 Path on the recorder', v(r.sourcePath)],
    ['入库批次 Ingest session', s ? `#${s.id} ${esc(s.startedAt)} – ${v(s.finishedAt)} (${esc(s.status)})` : v(null)],
    ['入库审计记录 Trail entry', it.ingest.entry ? `#${it.ingest.entry.seq} ${esc(it.ingest.entry.at)} ${esc(it.ingest.entry.operator)}` : '<span class="bad">审计日志中无入库记录 no ingest entry in the trail</span>'],
    ['回读核对 Read back', it.ingest.readBack ? READ_BACK[it.ingest.readBack] : '<span class="bad">无回读记录 no read-back on the record</span>'],
  ])}
<h3>三、完整性核验 <span class="en">Fixity checks</span></h3>
${table(['序号 Seq', '时间 Time', '方式 Kind', '操作人 By', '结果 Result'], it.fixity.map((f) => [String(f.seq), v(f.at), f.kind === 'fixity' ? '定期核验 scheduled fixity' : '核验 verify', v(f.operator), f.result === 'ok' ? '一致 matched' : `<span class="bad">${f.result === 'problem' ? '不一致 problem' : '未完成 failed'}</span> ${v(f.detail)}`]), '尚无核验 No check has re-hashed it yet.')}
<h3>四、保存措施 <span class="en">Holds</span></h3>
${table(['编号 No.', '范围 On', '事由 Reason', '设立 Placed', '解除 Released'], it.holds.map((h) => [`#${h.id}`, h.on === 'case' ? `案件 case ${v(h.caseNumber)}` : '本录像 this recording', `${esc(h.reason)}${h.note ? `: ${esc(h.note)}` : ''}`, `${esc(h.placedAt)} ${esc(h.placedBy)}`, h.releasedAt ? `${esc(h.releasedAt)} ${esc(h.releasedBy.join(', '))}` : '现行 in force']), '无 None.')}
<h3>五、关联案件 <span class="en">Cases</span></h3>
${table(['案号 Case', '案由 Title', '类别 Category', '状态 Status', '关联 Linked'], it.cases.map((c) => [v(c.number), v(c.title), v(c.category), v(c.status), `${esc(c.linkedAt)} ${esc(c.linkedBy)}`]), '无 None.')}
<h3>六、调阅、复制授权及使用 <span class="en">Access grants and their uses</span></h3>
${table(ENTRY_HEAD, entryRows(it.access), '无 None.')}
<h3>七、证据光盘及交接 <span class="en">Discs carrying it and where they went</span></h3>
${it.discs.length ? it.discs.map((d) => `${kv([['光盘 Disc', `${esc(d.number)} (登记表 register ${esc(d.registerNumber)}${d.caseNumber ? `, 案件 case ${esc(d.caseNumber)}` : ''})`], ['制作 Made', `${esc(d.madeAt)} ${esc(d.madeBy)}`], ['镜像 SHA-256 Image', hash(d.imageSha256)], ['现状 Now', esc(d.state)]])}${table(['时间 Time', '事项 Step', '经办 By', '接收人/监销人 To / witness', '用途/备注 Purpose / note'], d.handovers.map((h) => [v(h.at), v(h.event), v(h.by), v(h.recipient ?? h.witness), v([h.purpose, h.note].filter(Boolean).join('; '))]), '未发出，在库 Never handed out: in the vault office.')}`).join('') : '<p class="empty">无 None.</p>'}
<h3>八、归档集 <span class="en">Archive sets</span></h3>
${table(['归档集 Set', '季度 Quarter', '包 Bag', '状态 Status', '去向 Destination', '清单 Manifest SHA-256'], it.archiveSets.map((a) => [v(a.setId), `${esc(a.quarter)}${a.provisional ? ' (临时 provisional)' : ''}`, String(a.bagIndex), v(a.status), v(a.destination), hash(a.manifestSha256)]), '无 None.')}
<h3>九、归属更正 <span class="en">Attribution changes</span></h3>
${table(['时间 Time', '经办 By', '原 From', '改为 To', '理由 Reason'], it.attributions.map((a) => [v(a.at), v(a.by), `${v(a.from.device)} / ${v(a.from.officer)}<br>${v(a.from.vaultPath)}`, `${v(a.to.device)} / ${v(a.to.officer)}<br>${v(a.to.vaultPath)}`, v(a.reason)]), '无 None.')}
<h3>十、修复 <span class="en">Repairs</span></h3>
${table(ENTRY_HEAD, entryRows(it.repairs), '无 None.')}
<h3>十一、全部审计记录 <span class="en">Every trail entry about it</span></h3>
${table(ENTRY_HEAD, entryRows(it.trail), '无 None.')}
</section>`;
}

export function custodyHtml(r: CustodyReport): string {
  const scope = 'recording' in r.scope ? `录像 recording ${r.scope.recording}` : `案件 case ${esc(r.scope.case)}${r.caseTitle ? ` ${esc(r.caseTitle)}` : ''}`;
  return `<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>保管链报告 Chain of custody — ${scope}</title><style>${CSS}</style></head>
<body>
<h1>执法记录仪影像资料保管链报告<small>Chain of custody of body-worn recorder footage</small></h1>
${kv([
    ['单位 Unit', v(r.unitName)],
    ['范围 Scope', scope],
    ['生成时间 Generated', v(r.generatedAt)],
    ['生成人 By', v(r.generatedBy)],
    ['录像数 Recordings', `<span data-count="items">${r.items.length}</span>`],
  ])}
${r.items.length > 1 ? `<h2>合计 <span class="en">Totals</span></h2>${countsTable(r.counts, 'total')}` : ''}
${r.items.map(itemHtml).join('\n')}
<div class="chain">审计链头（生成时） <span class="en">Audit chain head when made</span>: 序号 seq <span data-chain="seq">${r.chainHead.seq}</span>, <code data-chain="hash">${esc(r.chainHead.hash)}</code><br>
核对 Check later: <code>evidence-vault audit verify --anchor "Audit chain head: entry ${r.chainHead.seq}, ${esc(r.chainHead.hash)}"</code></div>
<div class="sign"><div><p>制表人 Prepared by <span class="line"></span></p><p>日期 Date <span class="line"></span></p></div><div><p>审核人 Reviewed by <span class="line"></span></p><p>日期 Date <span class="line"></span></p></div><div><p>单位（盖章） Unit stamp</p></div></div>
</body></html>
`;
}
