/** `recordings custody`: the chain-of-custody report (L4). */
import { defineMessages, message } from '../../core/i18n/messages.js';

export const custodyMessages = defineMessages({
  idOrCase: message({ zh: '请给出录像编号或 --case 案号（二者选一）', en: 'give either a recording ID or --case NUMBER' }),
  needsCase: message({ zh: '--case 需要给出案号', en: '--case needs a case number' }),
  casesHint: message({ zh: '案号见：evidence-vault case list', en: 'Case numbers are shown by: evidence-vault case list' }),
  description: message({
    zh: '一条录像（或一个案件的全部录像）的保管链报告，HTML 和 PDF 格式，供法制审核申请使用',
    en: 'chain of custody of a recording (or every recording of a case) as HTML and PDF, for a legal review application',
  }),
  idArg: message({ zh: '录像编号（evidence-vault recordings list）', en: 'the recording id (evidence-vault recordings list)' }),
  caseOpt: message({ zh: '关联到此案号的全部录像，代替单个编号', en: 'every recording linked to this case, instead of one id' }),
  outOpt: message({ zh: '存放 custody-….html 和 .pdf 的文件夹（不存在则新建；其中已有的报告绝不覆盖）', en: 'folder for custody-….html and .pdf (made if missing; a report there is never overwritten)' }),
  notes: message({
    zh: [
      '列出导入（何时、来自哪台记录仪和哪个卷、由谁操作、SHA-256、读回校验）、每次完整性校验、',
      '封存、案件、调阅授权及其使用、光盘及其去向、归档数据包、更正、修复，以及与之有关的每条审计日志，',
      '并附生成时的审计链头。--json 给出相同的内容。',
    ].join('\n'),
    en: [
      'Lists the ingest (when, from which recorder and volume, by whom, SHA-256, read-back), every fixity check,',
      'holds, cases, access grants and their uses, discs and where they went, archive sets, corrections, repairs and',
      'every trail entry about it, with the audit chain head when it was made. --json prints the same facts.',
    ].join('\n'),
  }),
  summary: message<{ items: number; fixity: number; holds: number; cases: number; access: number; discs: number; sets: number; trail: number }>({
    zh: (p) => `保管链报告：${p.items} 条录像 — ${p.fixity} 次完整性校验，${p.holds} 项封存，${p.cases} 个案件，${p.access} 条调阅记录，${p.discs} 张光盘，${p.sets} 个归档数据包，${p.trail} 条审计日志`,
    en: (p) => `Chain of custody: ${p.items} recording(s) — ${p.fixity} fixity checks, ${p.holds} holds, ${p.cases} cases, ${p.access} access entries, ${p.discs} discs, ${p.sets} archive sets, ${p.trail} trail entries`,
  }),
  chainHead: message<{ seq: number; hash: string }>({ zh: (p) => `审计链头：第 ${p.seq} 条，${p.hash}`, en: (p) => `Audit chain head: entry ${p.seq}, ${p.hash}` }),
});
