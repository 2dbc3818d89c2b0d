/** `verify`: the stored files re-hashed against the catalogue. */
import { defineMessages, message } from '../../core/i18n/messages.js';

export const verifyMessages = defineMessages({
  verify: message({ zh: '重新计算已存储文件的哈希并与目录库比对；报告不符、缺失和多余的文件', en: 're-hash stored files against the catalogue; report mismatched, missing and unexpected files' }),
  example: message({ zh: '示例：', en: 'Example:' }),
  notes: message({
    zh: '有任何问题时退出码为 1（受损或缺失的录像在报告末尾给出要运行的 evidence-vault repair 命令）；\n没有问题但无法记录本次校验时退出码为 75（磁盘已满：仍会运行并报告）。只有不加筛选条件时才查找多余的文件。\n问题一经发现即逐条输出（先按编号输出已编目的文件，再输出未编目的文件），汇总在其后；\n加 --json 时 "problems" 每行一个问题，汇总随后。',
    en: 'Exit status 1 when anything is wrong (damaged or missing recordings end the report with the\nevidence-vault repair command to run); 75 when nothing is wrong but the check could not be recorded\n(a full disk: it still runs and reports). Unexpected files are looked for only when no filter is given.\nProblems are printed as they are found (catalogued files in id order, then files nothing catalogued),\nthe totals after them; with --json, "problems" is one problem a line, the totals follow it.',
  }),
  progress: message({ zh: '校验', en: 'verify' }),
  head: message<{ files: number; size: string; seconds: string; ok: boolean; count: number }>({
    zh: (p) => `已检查 ${p.files} 个文件（${p.size}），用时 ${p.seconds} 秒：${p.ok ? '全部与目录库一致' : `${p.count} 个问题`}`,
    en: (p) => `Checked ${p.files} files (${p.size}) in ${p.seconds} s: ${p.ok ? 'all match the catalogue' : `${p.count} problems`}`,
  }),
  interrupted: message<{ path: string; session: number; from: string }>({
    zh: (p) => `  说明         ${p.path}（导入会话 ${p.session} 从 ${p.from} 放入，编目前被中断：导入中断留下的副本，重新导入该来源即可登记）`,
    en: (p) => `  note         ${p.path}  (placed by ingest session ${p.session} of ${p.from}, interrupted before cataloguing it: ingest that source again and it is adopted)`,
  }),
  remote: message({ zh: '改为核对对象存储中的副本：存在、大小和哈希一致、处于合规锁定且锁定不短于保存期限', en: 'check the copies in the object store instead: present, same size and hash, under a compliance lock lasting at least to the retention end' }),
  read: message({ zh: '与 --remote 一起：把每个副本完整读回并重新计算 SHA-256（较慢）', en: 'with --remote: read every copy back in full and hash it again (slower)' }),
  remoteHead: message<{ checked: number; ok: number; count: number; waiting: number; seconds: string }>({
    zh: (p) => `已核对存储中的 ${p.checked} 个副本，用时 ${p.seconds} 秒：${p.count ? `${p.count} 个问题` : '全部一致且已锁定'}；尚未复制的录像：${p.waiting} 个`,
    en: (p) => `Checked ${p.checked} copies in the store in ${p.seconds} s: ${p.count ? `${p.count} problems` : 'all equal and locked'}; recordings not yet replicated: ${p.waiting}`,
  }),
  notReplicatedLine: message<{ id: number; path: string }>({
    zh: (p) => `  未复制        #${p.id} ${p.path}（存储中没有这条录像，也不在待发送队列中）`,
    en: (p) => `  not-replicated #${p.id} ${p.path}  (not in the store, and not queued to be sent)`,
  }),
  notReplicatedHint: message<{ n: number }>({
    zh: (p) => `${p.n} 条录像既未复制到存储，也不在待发送队列中（例如目录库从备份恢复后队列丢失）：运行 evidence-vault replicate run，它会把这些录像重新排入队列并发送，并记入审计日志。`,
    en: (p) => `${p.n} recordings are neither in the store nor queued to be sent (the queue lost, as when the catalogue is restored from a backup): run evidence-vault replicate run; it queues them again and sends them, on the record.`,
  }),
  readNeedsRemote: message({ zh: '--read 只能与 --remote 一起使用', en: '--read goes with --remote' }),
  readNeedsRemoteHint: message({ zh: '本机文件的校验总是完整读取：evidence-vault verify；存储中的副本：evidence-vault verify --remote --read', en: 'Local files are always read in full: evidence-vault verify; the store’s copies: evidence-vault verify --remote --read' }),
});
