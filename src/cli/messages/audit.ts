/** `audit log` and `audit verify`. */
import { defineMessages, message } from '../../core/i18n/messages.js';

export const auditMessages = defineMessages({
  group: message({ zh: '审计日志：谁在何时做了什么，以及是否有内容被篡改', en: 'the audit trail: who did what, when, and whether anything was altered' }),
  log: message({ zh: '列出审计日志条目，按时间先后', en: 'list audit entries, oldest first' }),
  fromOpt: message({ zh: '此本地日期/时间及以后的条目', en: 'entries on or after this local date/time' }),
  toOpt: message({ zh: '此本地日期及以前的条目（含当日）', en: 'entries on or before this local date (inclusive)' }),
  actionOpt: message({ zh: '此操作及其子操作（export 匹配 export.*）', en: 'this action and its sub-actions (export matches export.*)' }),
  operatorOpt: message({ zh: '只看此操作员', en: 'only this operator' }),
  outcomeOpt: message({ zh: 'ok（成功）、refused（拒绝）或 failed（失败）', en: 'ok, refused or failed' }),
  targetOpt: message({ zh: '只看关于此对象的条目（存储库路径、记录仪编号等）', en: 'only entries about this target (a vault path, a device number …)' }),
  limitOpt: message({ zh: '最多列出这么多条', en: 'at most this many entries' }),
  notDate: message<{ flag: string; what: string }>({ zh: (p) => `${p.flag} "${p.what}" 不是日期`, en: (p) => `${p.flag} "${p.what}" is not a date` }),
  dateHint: message({ zh: '格式为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM。', en: 'Use YYYY-MM-DD or YYYY-MM-DDTHH:MM.' }),
  badOutcome: message<{ what: string }>({ zh: (p) => `--outcome "${p.what}" 不是 ok、refused、failed 之一`, en: (p) => `--outcome "${p.what}" is not one of ok, refused, failed` }),
  badLimit: message<{ what: string }>({ zh: (p) => `--limit "${p.what}" 不是正整数`, en: (p) => `--limit "${p.what}" is not a positive whole number` }),
  logHeaders: message({ zh: '序号|时间|操作员|角色|操作|结果|对象', en: 'SEQ|AT|OPERATOR|ROLE|ACTION|OUTCOME|TARGET' }),
  entries: message<{ count: number }>({ zh: (p) => `共 ${p.count} 条`, en: (p) => `${p.count} entries` }),
  noEntries: message({ zh: '没有符合条件的审计日志条目。', en: 'No audit entries match.' }),

  verify: message({
    zh: '一份报告：每个存储文件与其哈希值、目录与审计日志、哈希链、审计日志文件与目录、未编目的文件；以及审计日志与存于本机之外的链头',
    en: 'one report: every stored file vs its hash, the catalogue vs the trail, the chain, the trail file vs the catalogue, files nothing catalogued; and the trail vs chain heads kept off the PC',
  }),
  anchorOpt: message({
    zh: '存于本机之外的链头：audit verify 打印的那一行、登记表或回执上的那一行；归档数据包文件夹；光盘映像（.iso）或光驱；store：对象存储中本站的审计日志分段；可重复',
    en: 'a chain head kept off this PC: the line printed by audit verify, a register or a receipt; an archive set folder; a disc image (.iso) or drive; store: this station\'s audit trail segments in the object store; repeatable',
  }),
  verifyNotes: message({
    zh: [
      '发现任何问题时退出状态为 1（受损或缺失的录像在报告末尾给出应运行的 evidence-vault repair 命令）；',
      '未发现问题但本次检查未能记入审计日志时为 75（磁盘已满：检查照常运行并报告）。末尾打印的链头应抄录并签字。',
      'root 可以改写审计日志的两份副本使其彼此一致；只有存于本机之外的链头（签字的纸件、归档数据包、光盘、',
      '系统日志中每日的锚定行）能发现这种改写：--anchor 检查从第 1 条重新计算的第 N 条，其哈希值是否与当时完全相同。',
    ].join('\n'),
    en: [
      'Exit status 1 when anything is found (damaged or missing recordings end the report with the',
      'evidence-vault repair command to run); 75 when nothing is found but the check could not be recorded',
      '(a full disk: it still runs and reports). The chain head printed at the end is what to write down and sign.',
      'Root can rewrite both copies of the trail so that they agree with each other; only a head kept off the PC',
      "(signed paper, an archive set, a disc, the journal's daily anchor line) shows it: --anchor checks that",
      'entry N, recomputed from entry 1, still has exactly the hash it had.',
    ].join('\n'),
  }),
  checkFiles: message({ zh: '存储文件与目录', en: 'Stored files against the catalogue' }),
  checkCatalogue: message({ zh: '目录记录与审计日志中的导入条目', en: 'Catalogue rows against the ingest entries in the trail' }),
  checkChain: message({ zh: '目录中的审计哈希链', en: 'The audit chain in the catalogue' }),
  checkTrailFile: message({ zh: '审计日志文件与目录', en: 'The audit trail file against the catalogue' }),
  checkAnchor: message({ zh: '审计日志与存于本机之外的链头（--anchor）', en: 'The audit trail against chain heads kept off this PC (--anchor)' }),
  countFiles: message<{ count: number; bytes: string }>({ zh: (p) => `${p.count} 个文件，${p.bytes}`, en: (p) => `${p.count} files, ${p.bytes}` }),
  countRows: message<{ count: number }>({ zh: (p) => `${p.count} 行`, en: (p) => `${p.count} rows` }),
  countEntries: message<{ count: number }>({ zh: (p) => `${p.count} 条`, en: (p) => `${p.count} entries` }),
  countAnchors: message<{ count: number }>({ zh: (p) => `${p.count} 个链头`, en: (p) => `${p.count} anchors` }),
  checkLine: message<{ mark: string; title: string; count: string; verdict: string }>({
    zh: (p) => `${p.mark} ${p.title}（${p.count}）：${p.verdict}`,
    en: (p) => `${p.mark} ${p.title} (${p.count}): ${p.verdict}`,
  }),
  problems: message<{ count: number }>({ zh: (p) => `${p.count} 个问题`, en: (p) => `${p.count} problems` }),
  ok: message({ zh: '正常', en: 'ok' }),
  allPassed: message<{ seconds: string }>({ zh: (p) => `全部检查通过，用时 ${p.seconds} 秒。`, en: (p) => `All checks passed in ${p.seconds} s.` }),
  problemsFound: message<{ count: number; seconds: string }>({ zh: (p) => `发现 ${p.count} 个问题，用时 ${p.seconds} 秒。`, en: (p) => `${p.count} problems found in ${p.seconds} s.` }),
  selfOnly: message({
    zh: '审计日志仅与自身核对；一致的改写只有对照存于本机之外的链头才能发现：audit verify --anchor …',
    en: 'The trail was checked against itself only; a consistent rewrite shows against a chain head kept off this PC: audit verify --anchor …',
  }),
  /** The chain head to keep off this PC; both forms are read back by `audit verify --anchor`. */
  chainHead: message<{ seq: number; hash: string; at: string | null }>({
    zh: (p) => `审计链头：第 ${p.seq} 条，${p.hash}${p.at ? `（${p.at}）` : ''}`,
    en: (p) => `Audit chain head: entry ${p.seq}, ${p.hash}${p.at ? ` (${p.at})` : ''}`,
  }),
  colon: message({ zh: '：', en: ': ' }),
  rowsAdvice: message({
    zh: '目录中的记录与审计日志中存入时的记录不一致：目录被绕过审计日志改动过，文件可能也已被相应改动（repair 按目录中的哈希恢复，不能用于这些录像）。\n请保持本机现状，记下以上发现，用审计日志中记录的哈希核对归档集或光盘中的副本，并报告单位负责人（R15：evidence-vault inspection record）。',
    en: "Catalogue rows disagree with the trail entries that stored them: the catalogue was changed behind the trail's back, and the files may have been changed to match (repair restores by the catalogue's hash: not for these).\nKeep the PC as it is, note the findings, check the copies in archive sets or on discs against the hashes the trail recorded, and report it to the head of department (R15: evidence-vault inspection record).",
  }),
  anchorHeldWord: message({ zh: '一致', en: 'ok' }),
  trailAdvice: message({
    zh: '审计日志与自身或与本机之外保存的链头不一致：审计日志无法修复，这本身就是证据。请保持本机现状（不要重新 init，不要用备份替换目录库），\n记下以上发现及其时间，用手中最新的链头核对（--anchor 纸质记录、归档集、光盘，或 --anchor store），并报告单位负责人\n（R15：evidence-vault inspection record 记录发现的问题和整改措施）。',
    en: "The trail disagrees with itself or with a head kept off this PC: a trail cannot be repaired, and this is evidence in itself. Keep the PC as it is\n(no init again, no catalogue restored from a backup), note the findings and their times, check against the newest heads you hold\n(--anchor a paper line, an archive set, a disc, or --anchor store), and report it to the head of department (R15: evidence-vault inspection record).",
  }),
});
