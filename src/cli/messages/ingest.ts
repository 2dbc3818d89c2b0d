/** `ingest`: a recorder volume into the vault, and its summary. */
import { defineMessages, message } from '../../core/i18n/messages.js';

export const ingestMessages = defineMessages({
  ingest: message({ zh: '把已挂载的执法记录仪卷上的每个音像文件复制进证据库，校验并编目', en: 'copy every media file of a mounted recorder volume into the vault, verified and catalogued' }),
  pathArg: message({ zh: '执法记录仪卷的挂载位置', en: 'where the recorder volume is mounted' }),
  device: message({ zh: '记录仪编号；不给时从文件名识别，识别不出则隔离存放', en: "the recorder's number; else taken from the file names, else quarantined" }),
  deviceOverride: message({ zh: '即使文件名或卷标识指向另一台记录仪，也按 --device 存储（须给出 --reason；记录在案）', en: 'store under --device although the file names or the volume name another recorder (needs --reason; recorded)' }),
  reason: message({ zh: '为什么 --device-override 是对的（记录在审计日志中）', en: 'why --device-override is right (recorded in the audit trail)' }),
  example: message({ zh: '示例：', en: 'Example:' }),
  notes: message({
    zh: [
      '同一卷重复导入不会重复存储，无论 --device 怎么写。--device 与文件名或卷标识不符时，',
      '在复制任何文件之前拒绝导入。同一记录仪卷同一时间只能有一个导入：第二个以退出码 75 退出',
      '（等第一个完成后再试）。有文件留在记录仪上未能存储时退出码为 1，并逐一列出。',
      'Ctrl-C 停止：不再取新文件，正在复制的文件复制完；记录仪停止响应时其复制即放弃，再按一次立即放弃。',
    ].join('\n'),
    en: [
      'Running it again on the same volume stores nothing twice, whatever --device says. A --device the file names or',
      'the volume contradict is refused before anything is copied. One ingest per recorder volume at a time: a second',
      'one exits 75 (try again when the first is done). Exit status 1 when any file stayed on the recorder; each is named.',
      'Ctrl-C stops: no more files are taken and those being copied finish; a recorder that stopped answering has its',
      'copies abandoned at once, and a second Ctrl-C abandons any copy in flight.',
    ].join('\n'),
  }),
  overrideNeeds: message({ zh: '--device-override 需要同时给出 --device 和 --reason', en: '--device-override needs --device and --reason' }),
  overrideHint: message({ zh: '例如 evidence-vault ingest /media/recorder --device 0001235 --device-override --reason "记录仪更换主板，文件名仍为旧编号"', en: 'e.g. evidence-vault ingest /media/recorder --device 0001235 --device-override --reason "mainboard replaced, the file names keep the old number"' }),
  progress: message({ zh: '导入', en: 'ingest' }),
  head: message<{ path: string; device: string | null; session: number; seconds: string }>({
    zh: (p) => `导入 ${p.path}${p.device ? `（记录仪 ${p.device}）` : ''}：导入会话 ${p.session}，${p.seconds} 秒`,
    en: (p) => `Ingest of ${p.path}${p.device ? ` (recorder ${p.device})` : ''}: session ${p.session}, ${p.seconds} s`,
  }),
  stored: message<{ files: number; size: string }>({ zh: (p) => `  已存储      ${p.files} 个文件，${p.size}`, en: (p) => `  stored          ${p.files} files, ${p.size}` }),
  already: message<{ files: number; size: string }>({ zh: (p) => `  已存在      ${p.files} 个文件，${p.size}`, en: (p) => `  already there   ${p.files} files, ${p.size}` }),
  flagged: message<{ count: number }>({ zh: (p) => `  需核查      ${p.count}`, en: (p) => `  flagged         ${p.count}` }),
  left: message<{ count: number; notReached: number }>({
    zh: (p) => `  未存储      ${p.count}${p.notReached ? `（另有 ${p.notReached} 个未处理）` : ''}`,
    en: (p) => `  left on source  ${p.count}${p.notReached ? ` (+${p.notReached} not reached)` : ''}`,
  }),
  notMedia: message<{ files: number }>({ zh: (p) => `  非音像文件  ${p.files} 个文件，未改动`, en: (p) => `  not media       ${p.files} files left alone` }),
  moreFlagged: message<{ count: number }>({ zh: (p) => `  ! … 另有 ${p.count} 个需核查（见 --json）`, en: (p) => `  ! … ${p.count} more flagged (see --json)` }),
  notFootage: message<{ path: string; reason: string }>({ zh: (p) => `  - ${p.path}：不是音像资料，未改动（${p.reason}）`, en: (p) => `  - ${p.path}: not footage, left alone (${p.reason})` }),
  stoppedEarly: message<{ what: string }>({ zh: (p) => `提前停止：${p.what}`, en: (p) => `Stopped early: ${p.what}` }),
  stopping: message({
    zh: '正在停止：不再取新文件，正在复制的文件复制完为止（再按一次 Ctrl-C 立即放弃它们，放弃的文件仍在记录仪上）',
    en: 'Stopping: no more files are taken; the files being copied finish (Ctrl-C again abandons them now; they stay on the recorder)',
  }),
  notAnswering: message<{ path: string }>({
    zh: (p) => `${p.path} 上的记录仪已停止响应（存储卡故障？）：可保持连接等待；或按 Ctrl-C 停止，未存储的文件仍在记录仪上，之后重新运行同一命令`,
    en: (p) => `The recorder at ${p.path} has stopped answering (a failing card?): leave it connected and wait, or press Ctrl-C to stop; files not stored stay on the recorder: run the same command again later`,
  }),
  abandoning: message({ zh: '放弃正在复制的文件：未存储，仍在记录仪上', en: 'Abandoning the files being copied: not stored, still on the recorder' }),
  incomplete: message({
    zh: '未存储的文件仍在记录仪上，请勿清除；排除原因后重新运行同一命令。',
    en: 'Files not stored are still on the recorder: do not clear it; fix the cause and run the same command again.',
  }),
});
