/**
 * The lines `status` and `fixity status` print about the nightly fixity check and the quarterly
 * archive. The English is also the language-neutral text of --json (kept as it was), so it does not
 * change with the run's language. Pure.
 */
import { defineMessages, message } from './messages.js';

/** A list typed with commas (codes, set ids), as Chinese writes it. */
const zhList = (list: string) => String(list).split(', ').join('、');

export const statusLineMessages = defineMessages({
  fixityNone: message<{ at: string; days: number }>({
    zh: (p) => `完整性校验：尚未运行（每晚 ${p.at} 运行，每个文件在 ${p.days} 天内校验一遍）`,
    en: (p) => `fixity: no check has run yet (nightly at ${p.at}, every file within ${p.days} days)`,
  }),
  fixityOk: message<{ at: string; files: number }>({
    zh: (p) => `完整性校验：正常——最近一次 ${p.at}：重新读取 ${p.files} 个文件，审计链完好`,
    en: (p) => `fixity: ok — last check ${p.at}: ${p.files} files re-read, audit chain intact`,
  }),
  fixityRunning: message<{ at: string }>({
    zh: (p) => `完整性校验：${p.at} 开始的一次校验正在运行（或已中断）`,
    en: (p) => `fixity: a check started ${p.at} is running (or was interrupted)`,
  }),
  fixityFailed: message<{ at: string; reason: string | null }>({
    zh: (p) => `完整性校验未能完成（${p.at}）：${p.reason ?? '原因不明'}`,
    en: (p) => `FIXITY CHECK FAILED at ${p.at}: ${p.reason ?? 'unknown error'}`,
  }),
  fixityAlert: message<{ at: string; count: number }>({
    zh: (p) => `完整性校验告警（${p.at}）：发现 ${p.count} 个问题——请运行 evidence-vault audit verify`,
    en: (p) => `FIXITY ALERT at ${p.at}: ${p.count} problems — run evidence-vault audit verify`,
  }),
  reminderNoSet: message<{ quarter: string; count: number }>({
    zh: (p) => `季度 ${p.quarter} 尚无归档集（${p.count} 条影像）：请运行 evidence-vault export quarter ${p.quarter} --out 目录`,
    en: (p) => `quarter ${p.quarter} has no archive set yet (${p.count} recordings): run evidence-vault export quarter ${p.quarter} --out DIR`,
  }),
  reminderSupplement: message<{ quarter: string; count: number }>({
    zh: (p) => `季度 ${p.quarter}：归档集制作后又存储了 ${p.count} 条影像：请运行 evidence-vault export quarter ${p.quarter} --out 目录，制作补充归档集`,
    en: (p) => `quarter ${p.quarter}: ${p.count} recordings ingested after its set was made: run evidence-vault export quarter ${p.quarter} --out DIR for a supplement set`,
  }),
  reminderProvisional: message<{ list: string }>({
    zh: (p) => `（季度结束前制作的临时归档集 ${zhList(p.list)} 不计入）`,
    en: (p) => ` (provisional ${p.list} made before it ended does not count)`,
  }),
});
