/** `central index|report|search`: the catalogue across stations, its help and what it prints. */
import { defineMessages, message } from '../../core/i18n/messages.js';
import type { TrailProblemKind } from '../../core/trail-continuity.js';

const KIND_ZH: Record<TrailProblemKind, string> = {
  missing: '缺失（不在任何日志段中）',
  overlap: '重复（两个日志段含同一序号）',
  'broken-link': '链接断开（前一条的哈希不符）',
  'bad-hash': '写入后被改动（哈希不符）',
  unreadable: '无法读取',
  misnamed: '日志段所含序号与其名称不符',
  rewritten: '日志段写入后被改写（存储中有内容不同的版本）',
};
const KIND_EN: Record<TrailProblemKind, string> = {
  missing: 'missing (in no segment)',
  overlap: 'held twice (two segments overlap)',
  'broken-link': 'broken link (the previous hash does not match)',
  'bad-hash': 'altered after it was written (its hash does not match)',
  unreadable: 'unreadable',
  misnamed: 'a segment holding other entries than its name says',
  rewritten: 'segment rewritten after it was written (the store holds versions with different contents)',
};
const kindZh = (k: string) => KIND_ZH[k as TrailProblemKind] ?? k;
const kindEn = (k: string) => KIND_EN[k as TrailProblemKind] ?? k;

export const centralMessages = defineMessages({
  group: message({
    zh: '局中心目录：各采集站写入对象存储的录像元数据和审计日志段，汇总到 PostgreSQL（使用自己的 --config，不接触任何采集站）',
    en: "the bureau's central catalogue: the recording metadata and audit trail segments every station writes to the object store, gathered in PostgreSQL (its own --config; no station is touched)",
  }),
  index: message({
    zh: '把对象存储中各采集站的元数据和审计日志段读入 PostgreSQL：可重复运行，只读新的或有新版本的对象；并检查各站审计日志的连续性',
    en: "read every station's metadata and audit trail segments from the object store into PostgreSQL: run it as often as you like, it reads only objects that are new or have a new version; and check each station's trail for continuity",
  }),
  indexNotes: message({
    zh: '退出码：0 完好；1 有站点审计日志断裂或对象格式不符（--json 中的 findings）；75 对象存储或 PostgreSQL 暂不可用，或另一次 index 正在运行。每次连上 PostgreSQL 的运行都记入 index_runs 表（连不上时只写入日志），并写入日志（stderr/journal）。',
    en: 'Exit status: 0 all intact; 1 a station\'s trail is broken or an object is not what its format says (findings in --json); 75 the store or PostgreSQL cannot be reached, or another index is running. Every run that reaches PostgreSQL is kept in the index_runs table (one that cannot is only logged), and every run is logged (stderr, the journal).',
  }),
  report: message({
    zh: '跨采集站的 R15 检查（只读 PostgreSQL）：按站、单位、民警和记录仪统计期间内的录像数、时长和有录像的天数，合计，以及各站审计日志状态',
    en: 'the R15 inspection across stations, from PostgreSQL alone: per station, unit, officer and recorder, the recordings, hours and days recorded in the period, the totals, and each station\'s trail status',
  }),
  reportNotes: message({
    zh: '各站的数字与该站自己的 evidence-vault report inspection --json 相同：期间内本地日期的全部录像（已依法销毁的也计入），民警按其最近一次元数据所记的单位计。对象存储中的元数据不含以下内容，本报告不提供（请看各站自己的报告）：中断及其说明、超时存储、交存天数与未交存的工作日、民警在职状态、未摄录登记、逾期案件、R3 配备比例、未产生录像的已登记民警和记录仪、上次检查。',
    en: "A station's numbers equal its own evidence-vault report inspection --json: every recording whose local date is in the period (lawfully disposed ones too), an officer's under the unit the officer's latest metadata names. The metadata in the store does not carry the following, so this report leaves them out (see each station's own report): gaps and their explanations, late stores, days docked and working days not docked, officers' status, acts not recorded, overdue cases, R3's staffing ratio, registered officers and recorders with no recordings, the previous inspection.",
  }),
  search: message({
    zh: '跨采集站查找录像（只读 PostgreSQL）：按民警、记录仪、案件、日期、单位和站点，最新的在前',
    en: 'find recordings across stations, from PostgreSQL alone: by officer, recorder, case, dates, unit and station, newest first',
  }),
  from: message({ zh: '第一天，YYYY-MM-DD（含）', en: 'first day, YYYY-MM-DD (included)' }),
  to: message({ zh: '最后一天，YYYY-MM-DD（含）', en: 'last day, YYYY-MM-DD (included)' }),
  station: message({ zh: '只看该采集站（可重复）', en: 'this station only (repeat for several)' }),
  officer: message({ zh: '民警警号', en: "the officer's ID" }),
  recorder: message({ zh: '执法记录仪编号', en: 'the recorder number' }),
  caseNumber: message({ zh: '案件编号', en: 'the case number' }),
  unit: message({ zh: '单位：民警所属单位或采集站所属单位', en: "unit: the officer's or the station's" }),
  limit: message<{ n: number }>({ zh: (p) => `最多列出多少条（默认 ${p.n}）`, en: (p) => `list at most this many (default ${p.n})` }),
  progress: message<{ station: string; no: number; of: number; listed: number; read: number }>({
    zh: (p) => `中心目录：采集站 ${p.station}（${p.no}/${p.of}）：已列出 ${p.listed} 个对象，读取 ${p.read} 个`,
    en: (p) => `central index: station ${p.station} (${p.no}/${p.of}): ${p.listed} objects listed, ${p.read} read`,
  }),
  indexStation: message<{ station: string; listed: number; read: number; recordings: number; recordingsRead: number; fromDigests: number; segments: number; invalid: number }>({
    zh: (p) => `${p.station}：列出 ${p.listed} 个对象，读取 ${p.read} 个；录像 ${p.recordings} 条（本次读入 ${p.recordingsRead} 条${p.fromDigests ? `，其中 ${p.fromDigests} 条取自元数据汇总` : ''}）；日志段 ${p.segments} 个${p.invalid ? `；格式不符的对象 ${p.invalid} 个` : ''}`,
    en: (p) => `${p.station}: ${p.listed} objects listed, ${p.read} read; ${p.recordings} recordings (${p.recordingsRead} read now${p.fromDigests ? `, ${p.fromDigests} of them from metadata digests` : ''}); ${p.segments} trail segments${p.invalid ? `; ${p.invalid} objects not what their format says` : ''}`,
  }),
  trailIntact: message<{ entries: number; seq: number | null }>({
    zh: (p) => (p.seq === null ? '  审计日志：尚无日志段' : `  审计日志完好：${p.entries} 条，至第 ${p.seq} 条`),
    en: (p) => (p.seq === null ? '  audit trail: no segment yet' : `  audit trail intact: ${p.entries} entries, up to entry ${p.seq}`),
  }),
  trailBroken: message<{ count: number }>({
    zh: (p) => `  审计日志断裂：${p.count} 处问题`,
    en: (p) => `  audit trail BROKEN: ${p.count} problem(s)`,
  }),
  trailProblem: message<{ seq: number; kind: string; segment: string }>({
    zh: (p) => `    第 ${p.seq} 条：${kindZh(p.kind)}（${p.segment}）`,
    en: (p) => `    entry ${p.seq}: ${kindEn(p.kind)} (${p.segment})`,
  }),
  moreProblems: message<{ count: number }>({ zh: (p) => `    ……另有 ${p.count} 处（见 --json）`, en: (p) => `    … and ${p.count} more (see --json)` }),
  indexTotals: message<{ stations: number; listed: number; read: number; recordings: number; segments: number; invalid: number; broken: number; seconds: string }>({
    zh: (p) => `合计：${p.stations} 个采集站，列出 ${p.listed} 个对象，读取 ${p.read} 个；录像 ${p.recordings} 条，日志段 ${p.segments} 个；格式不符的对象 ${p.invalid} 个；审计日志断裂的站 ${p.broken} 个；用时 ${p.seconds} 秒`,
    en: (p) => `Totals: ${p.stations} stations, ${p.listed} objects listed, ${p.read} read; ${p.recordings} recordings, ${p.segments} trail segments; ${p.invalid} objects not what their format says; ${p.broken} stations with a broken trail; ${p.seconds} s`,
  }),
  noStations: message({ zh: '存储桶中尚无任何采集站的对象（stations/ 下为空）。', en: 'The bucket holds no station\'s objects yet (nothing under stations/).' }),
  reportTitle: message<{ from: string; to: string; stations: number }>({
    zh: (p) => `跨采集站的执法记录仪使用情况检查（R15）${p.from} – ${p.to}：${p.stations} 个采集站`,
    en: (p) => `Inspection (R15) across stations ${p.from} – ${p.to}: ${p.stations} stations`,
  }),
  colStation: message({ zh: '采集站', en: 'STATION' }),
  colUnit: message({ zh: '单位', en: 'UNIT' }),
  colOfficers: message({ zh: '民警数', en: 'OFFICERS' }),
  colOfficerId: message({ zh: '警号', en: 'ID' }),
  colName: message({ zh: '姓名', en: 'NAME' }),
  colRecorder: message({ zh: '记录仪', en: 'RECORDER' }),
  colFiles: message({ zh: '文件', en: 'FILES' }),
  colHours: message({ zh: '小时', en: 'HOURS' }),
  colDays: message({ zh: '天数', en: 'DAYS' }),
  colDisposed: message({ zh: '已销毁', en: 'DISPOSED' }),
  colClock: message({ zh: '时钟异常', en: 'CLOCK' }),
  colTrail: message({ zh: '审计日志', en: 'TRAIL' }),
  colIndexed: message({ zh: '最近读入', en: 'INDEXED' }),
  trailOk: message<{ seq: number }>({ zh: (p) => `完好（至第 ${p.seq} 条）`, en: (p) => `intact (to ${p.seq})` }),
  trailBad: message<{ seq: number }>({ zh: (p) => `断裂（第 ${p.seq} 条起）`, en: (p) => `BROKEN (at ${p.seq})` }),
  trailNone: message({ zh: '尚未读入', en: 'not indexed' }),
  unattributed: message({ zh: '未归属', en: 'unattributed' }),
  notRegistered: message({ zh: '未登记', en: 'not registered' }),
  noUnit: message({ zh: '（无单位）', en: '(no unit)' }),
  unknownRecorder: message({ zh: '（无记录仪）', en: '(no recorder)' }),
  reportTotals: message<{ stations: number; files: number; hours: string; days: number; disposed: number; broken: number }>({
    zh: (p) => `合计：${p.stations} 个采集站，${p.files} 个文件，${p.hours} 小时，有录像的天数 ${p.days}（其中已依法销毁 ${p.disposed} 个文件）；审计日志断裂的站 ${p.broken} 个`,
    en: (p) => `Totals: ${p.stations} stations, ${p.files} files, ${p.hours} hours, ${p.days} days recorded (${p.disposed} files lawfully disposed of since); ${p.broken} stations with a broken trail`,
  }),
  trailsTitle: message({ zh: '各站审计日志（仅依据对象存储中的日志段检查）：', en: "Each station's audit trail (checked from the store's segments alone):" }),
  notAvailableLine: message({
    zh: '对象存储中的元数据不含中断、超时存储、交存、在职状态、未摄录登记、逾期案件和 R3 配备比例：请看各站自己的报告（见 --help）。',
    en: "The store's metadata carries no gaps, late stores, docking, officers' status, acts not recorded, overdue cases or R3 ratio: see each station's own report (--help).",
  }),
  colRecording: message({ zh: '录像编号', en: 'REC' }),
  colStart: message({ zh: '开始', en: 'START' }),
  colMinutes: message({ zh: '分钟', en: 'MIN' }),
  colCases: message({ zh: '案件', en: 'CASES' }),
  colFile: message({ zh: '原文件名', en: 'FILE' }),
  disposedMark: message({ zh: '［已销毁］', en: '[disposed]' }),
  secretHidden: message<{ level: string }>({ zh: (p) => `（${p.level}，不显示）`, en: (p) => `(${p.level}: not shown)` }),
  secretHiddenLine: message<{ count: number }>({
    zh: (p) => `其中 ${p.count} 条为涉密录像（R14），只显示站点、编号、日期和密级：中心目录不设保密权限，详情请在所属采集站由有相应权限的人员查看。`,
    en: (p) => `${p.count} of them are secret footage (R14): only station, id, date and level are shown, as the central catalogue holds no clearances; see them at their station, as someone cleared for their level.`,
  }),
  secretLeftOut: message<{ count: number }>({
    zh: (p) => `所查采集站和日期范围内有 ${p.count} 条涉密录像（R14），未参与按人员、记录仪、案件或单位的查找，也未列出：列出或只计其中符合条件的，都会透露其归属。请在所属采集站由有相应权限的人员查看。`,
    en: (p) => `${p.count} secret recording(s) (R14) of the stations and dates searched are not searched by officer, recorder, case or unit, nor listed: listing them, or counting only those that match, would tell whose they are. See them at their station, as someone cleared for their level.`,
  }),
  noneFound: message({ zh: '没有符合条件的录像。', en: 'No recordings match.' }),
  found: message<{ count: number }>({ zh: (p) => `共 ${p.count} 条。`, en: (p) => `${p.count} recording(s).` }),
  more: message<{ count: number }>({
    zh: (p) => `仅列出前 ${p.count} 条，还有更多：请加条件缩小范围，或加大 --limit。`,
    en: (p) => `Only the first ${p.count} are listed and there are more: narrow the search or raise --limit.`,
  }),
});
