/**
 * What `repair` says of each recording it could not put back, or found fine, and of each source it
 * looked in. The English is what the trail and --json keep; the person reads the run's language. Pure.
 */
import { defineMessages, message } from './messages.js';

export const repairWords = defineMessages({
  disposed: message({ zh: '其间已依法销毁：不予恢复', en: 'lawfully disposed meanwhile: not restored' }),
  fixedMeanwhile: message<{ problem: string }>({ zh: (p) => `原为 ${p.problem}，现已一致（其间已被修复）`, en: (p) => `${p.problem} before, matches now (repaired meanwhile)` }),
  movedMeanwhile: message<{ path: string }>({ zh: (p) => `其间已移至 ${p.path}，且在该处一致`, en: (p) => `moved to ${p.path} meanwhile, and matches there` }),
  leftWritable: message({ zh: '内容无误，但文件可写（可能是恢复在设为只读前被中断）', en: 'the right bytes, left writable (a restore interrupted before its seal?)' }),
  appeared: message({ zh: '其间出现了一个一致的文件', en: 'a matching file appeared meanwhile' }),
  appearedWritable: message({ zh: '其间出现了一个一致但可写的文件', en: 'a matching file appeared meanwhile, writable' }),
  madeReadOnly: message<{ why: string }>({ zh: (p) => `${p.why}：已设为只读`, en: (p) => `${p.why}: made read-only` }),
  noCopy: message<{ sha: string; size: number; sources: number }>({
    zh: (p) => `在 ${p.sources} 个来源中没有完全相同的副本（SHA-256 ${p.sha}…，${p.size} 字节）`,
    en: (p) => `no identical copy (SHA-256 ${p.sha}…, ${p.size} bytes) in ${p.sources} source(s)`,
  }),
  noSource: message({ zh: '没有可查找的来源', en: 'no source to look in' }),
  otherFile: message({ zh: '修复期间该路径上出现了另一个文件；已原样保留', en: 'another file appeared at the path while repairing; it was left as it is' }),
  readBackWrong: message({ zh: '恢复的副本每次读回都不一致', en: 'the restored copy read back wrong every time' }),
  vaultFull: message<{ code: string; root: string }>({
    zh: (p) => `证据库所在磁盘已无法写入（${p.code}）：${p.root}；请腾出空间后再次运行 repair`,
    en: (p) => `the vault's disk cannot take more (${p.code}) at ${p.root}: free space, then run repair again`,
  }),
  failed: message<{ what: string }>({ zh: (p) => `修复失败：${p.what}`, en: (p) => `repair failed: ${p.what}` }),
  notTried: message<{ why: string }>({ zh: (p) => `未尝试：${p.why}`, en: (p) => `not tried: ${p.why}` }),
  // A source's state in the list that ends the report.
  available: message({ zh: '可用', en: 'available' }),
  gone: message({ zh: '不存在', en: 'gone' }),
  unreadable: message({ zh: '无法读取', en: 'unreadable' }),
  refused: message({ zh: '拒绝使用', en: 'refused' }),
});
