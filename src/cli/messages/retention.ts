/** `retention status/show/run`: retention periods (保存期限), holds and lawful disposal (销毁). */
import { defineMessages, message } from '../../core/i18n/messages.js';

const STATE_ZH: Record<string, string> = { 'inside-minimum': '在最短保存期限内', eligible: '可销毁', held: '已封存', disposed: '已销毁' };

export const retentionMessages = defineMessages({
  notALimit: message<{ value: string }>({ zh: (p) => `--limit "${p.value}" 不是非负整数`, en: (p) => `--limit "${p.value}" is not a whole number` }),
  limitHint: message({ zh: '例如 --limit 500（0 表示不列出，只计数）。', en: 'Use e.g. --limit 500 (0 lists none, only counts).' }),
  group: message({ zh: '保存期限（R12(3)：不少于六个月）、封存与依法销毁', en: 'retention periods (R12(3): at least six months), holds, and lawful disposal' }),
  status: message({
    zh: '在最短保存期限内、可销毁、已封存（按理由）、已销毁的录像；磁盘何时写满',
    en: 'recordings inside their minimum period, eligible for disposal, held (by reason), disposed; when the disk fills',
  }),
  example: message({ zh: '示例：', en: 'Example:' }),
  examples: message({ zh: '示例：', en: 'Examples:' }),
  statusHead: message<{ date: string; months: number; to: string }>({
    zh: (p) => `${p.date} 的保存期限：不少于 ${p.months} 个月（${p.to} 及之前录制的录像已过期限）`,
    en: (p) => `Retention on ${p.date}: at least ${p.months} months (recordings made on or before ${p.to} are past it)`,
  }),
  statusTotal: message<{ count: number }>({ zh: (p) => `  录像总数      ${p.count}`, en: (p) => `  recordings        ${p.count}` }),
  statusInside: message<{ count: number }>({ zh: (p) => `  期限内        ${p.count}`, en: (p) => `  inside period     ${p.count}` }),
  statusEligible: message<{ count: number }>({ zh: (p) => `  可销毁        ${p.count}`, en: (p) => `  eligible          ${p.count}` }),
  statusHeld: message<{ count: number; list: string }>({ zh: (p) => `  已封存        ${p.count}${p.list ? `（${p.list}）` : ''}`, en: (p) => `  held              ${p.count}${p.list ? `  (${p.list})` : ''}` }),
  statusDisposed: message<{ count: number; unfinished: number }>({
    zh: (p) => `  已销毁        ${p.count}${p.unfinished ? `（${p.unfinished} 条被中断：下次保存期限运行时完成）` : ''}`,
    en: (p) => `  disposed          ${p.count}${p.unfinished ? `  (${p.unfinished} interrupted: the next retention run finishes them)` : ''}`,
  }),
  statusDisk: message<{ free: string; rest: string }>({ zh: (p) => `  磁盘          剩余 ${p.free}；${p.rest}`, en: (p) => `  disk              ${p.free} free; ${p.rest}` }),
  noRecentIngest: message({ zh: '近期没有导入', en: 'no recent ingest' }),
  fullNever: message<{ size: string }>({ zh: (p) => `近期每天导入 ${p.size}：一百年以上才会写满`, en: (p) => `${p.size}/day ingested lately: full in more than a hundred years` }),
  fullIn: message<{ size: string; days: number; date: string }>({
    zh: (p) => `近期每天导入 ${p.size}：约 ${p.days} 天后写满（${p.date}）`,
    en: (p) => `${p.size}/day ingested lately: full in about ${p.days} days (${p.date})`,
  }),
  show: message({ zh: '一条录像的保存情况：保存至、可销毁起始日、封存情况，或其销毁记录', en: "one recording's retention: kept through, eligible from, what holds it, or its tombstone" }),
  idArg: message({ zh: '录像编号', en: 'recording id' }),
  showHead: message<{ id: number; date: string; state: string }>({
    zh: (p) => `#${p.id} 录制于 ${p.date}：${STATE_ZH[p.state] ?? p.state}`,
    en: (p) => `#${p.id} made ${p.date}: ${p.state}`,
  }),
  keptThrough: message<{ to: string; from: string }>({
    zh: (p) => `  保存至 ${p.to}，未封存则自 ${p.from} 起可销毁`,
    en: (p) => `  kept through ${p.to}, may be disposed of from ${p.from} unless held`,
  }),
  correctionFloor: message<{ date: string }>({
    zh: (p) => `  其上的封存已更正：至少保存至 ${p.date}（保存期限自更正之日起不少于六个月，R12(3)）`,
    en: (p) => `  a hold on it was corrected: kept at least through ${p.date} (six months from the correction, R12(3))`,
  }),
  heldBy: message<{ list: string }>({ zh: (p) => `  封存：${p.list}`, en: (p) => `  held by ${p.list}` }),
  heldByCase: message<{ id: number }>({ zh: (p) => `，案件 #${p.id}`, en: (p) => ` (case #${p.id})` }),
  cases: message<{ list: string }>({ zh: (p) => `  案件 ${p.list}`, en: (p) => `  cases ${p.list}` }),
  tombstone: message<{ at: string; name: string; reason: string; unfinished: boolean }>({
    zh: (p) => `  ${p.at} 经 ${p.name} 批准销毁：${p.reason}${p.unfinished ? '（文件删除未完成）' : ''}`,
    en: (p) => `  disposed ${p.at} by ${p.name}: ${p.reason}${p.unfinished ? ' (file removal unfinished)' : ''}`,
  }),
  run: message({
    zh: '列出可销毁的录像（试运行）；加 --execute 和 --reason 时由审批人销毁，并留下销毁记录',
    en: 'list what may be disposed of (dry run); with --execute and --reason, an approver disposes of it, leaving tombstones',
  }),
  execute: message({ zh: '真正销毁（仅限审批人）；不加则什么也不删除', en: 'really dispose (approver only); without it nothing is removed' }),
  reason: message({ zh: '原因（--execute 时必填），记入每条销毁记录', en: 'why (required with --execute), recorded in each tombstone' }),
  limit: message<{ count: number }>({
    zh: (p) => `试运行：列出多少条（默认 ${p.count}，0 = 只计数）；--execute：最多销毁这么多条，从最早的开始`,
    en: (p) => `dry run: how many to list (default ${p.count}, 0 = count only); --execute: dispose of at most this many, oldest first`,
  }),
  runNotes: message({ zh: '计数总是完整的；列表从最早的开始。被崩溃中断的销毁会由任何一次运行完成。', en: 'The count is always complete; the list shows the oldest first. Disposals a crash interrupted are finished by any run.' }),
  finished: message<{ count: number }>({ zh: (p) => `已完成 ${p.count} 项被崩溃中断的销毁。`, en: (p) => `Finished ${p.count} disposals a crash had interrupted.` }),
  notFinished: message<{ id: number; path: string; what: string }>({
    zh: (p) => `  ✗ 录像 ${p.id}（${p.path}）：被中断的销毁未完成：${p.what}`,
    en: (p) => `  ✗ recording ${p.id} (${p.path}): an interrupted disposal was not finished: ${p.what}`,
  }),
  colId: message({ zh: '编号', en: 'ID' }),
  colDate: message({ zh: '本地日期', en: 'LOCAL DATE' }),
  colDevice: message({ zh: '记录仪', en: 'DEVICE' }),
  colSize: message({ zh: '大小', en: 'SIZE' }),
  colPath: message({ zh: '路径', en: 'PATH' }),
  mayBeDisposed: message<{ count: number; shown: number; truncated: boolean }>({
    zh: (p) => `${p.count} 条录像可销毁${p.truncated ? `（显示最早的 ${p.shown} 条；用 --limit N 看更多）` : ''}。试运行：未删除任何文件。`,
    en: (p) => `${p.count} recordings may be disposed of${p.truncated ? ` (${p.shown} oldest shown; --limit N for more)` : ''}. Dry run: nothing removed.`,
  }),
  toDispose: message({ zh: '销毁须由审批人运行：evidence-vault retention run --execute --reason "…"', en: 'To dispose, an approver runs: evidence-vault retention run --execute --reason "…"' }),
  progress: message({ zh: '销毁', en: 'dispose' }),
  disposed: message<{ count: number; size: string; name: string; finished: number }>({
    zh: (p) => `已销毁 ${p.count} 条录像（${p.size}），经 ${p.name} 批准；每条都留有销毁记录。${p.finished ? `另完成 ${p.finished} 项被中断的销毁。` : ''}`,
    en: (p) => `Disposed of ${p.count} recordings (${p.size}), approved by ${p.name}; each left a tombstone.${p.finished ? ` Finished ${p.finished} interrupted disposals.` : ''}`,
  }),
  notRemoved: message<{ id: number; path: string; what: string }>({
    zh: (p) => `  ✗ 录像 ${p.id}（${p.path}）未删除：${p.what}`,
    en: (p) => `  ✗ recording ${p.id} (${p.path}) not removed: ${p.what}`,
  }),
  notCatalogued: message({
    zh: '这些路径上的文件不是目录库登记的文件；已原样保留并记录在案。请运行 evidence-vault audit verify 并调查。',
    en: 'What is at those paths is not the catalogued file; it was left as found and recorded. Run evidence-vault audit verify and investigate.',
  }),
});
