/** `daemon`, and the text of `status` (the dock service, recorders docked now, not docked today, per officer). */
import { defineMessages, message } from '../../core/i18n/messages.js';

export const daemonMessages = defineMessages({
  daemon: message({ zh: '接入服务：自动导入接入到媒体根目录下的每台执法记录仪，无需输入命令', en: 'the dock service: ingest every recorder docked under the media roots, with no command typed' }),
  daemonNotes: message({
    zh: '运行直至收到 SIGTERM 或 Ctrl-C；在标准错误上每个文件记一行 JSON 日志，每台记录仪记一条汇总（在 systemd 下写入系统日志）。\n用 `evidence-vault status` 查看它正在做什么。',
    en: 'Runs until SIGTERM or Ctrl-C; logs one JSON line per file and a summary per recorder on stderr (the journal under systemd).\nSee `evidence-vault status` for what it is doing.',
  }),
  status: message({
    zh: '接入服务正在做什么：当前接入的记录仪、进度、今日未接入的记录仪（R12(1)）、每台记录仪对应的民警人数（R3）',
    en: 'what the dock service is doing: recorders docked now, progress, recorders not docked today (R12(1)), recorders per officer (R3)',
  }),
  statusHtml: message({ zh: '将接入情况页面写入 FILE 一次（用于打印或远程查看）；不覆盖已有文件', en: 'write the dock screen page to FILE once (for a printout or a remote look); never overwrites' }),
  statusHtmlWritten: message<{ path: string }>({ zh: (p) => `已生成接入情况页面：${p.path}`, en: (p) => `wrote the dock screen page: ${p.path}` }),
  neverStarted: message({ zh: '接入服务：从未启动（evidence-vault daemon，或 systemctl start evidence-vault）。', en: 'Dock service: never started (evidence-vault daemon, or systemctl start evidence-vault).' }),
  notRunning: message<{ seconds: number }>({ zh: (p) => `接入服务：未运行（最后一次心跳在 ${p.seconds} 秒前）。`, en: (p) => `Dock service: NOT RUNNING (last seen ${p.seconds} s ago).` }),
  running: message<{ pid: number; since: string; roots: string; usb: string }>({
    zh: (p) => `接入服务：运行中（进程 ${p.pid}，自 ${p.since}），监视 ${p.roots}；USB：${p.usb}`,
    en: (p) => `Dock service: running (pid ${p.pid}, since ${p.since}), watching ${p.roots}; USB: ${p.usb}`,
  }),
  dockedNow: message({ zh: '当前接入：', en: 'Docked now:' }),
  dockedHeaders: message({ zh: '记录仪|状态|文件|字节|速率|挂载点|说明', en: 'RECORDER|STATE|FILES|BYTES|RATE|MOUNT|NOTE' }),
  unknownRecorder: message({ zh: '未知（隔离）', en: 'UNKNOWN (quarantine)' }),
  stateSettling: message({ zh: '等待就绪', en: 'settling' }),
  stateWaiting: message({ zh: '排队中', en: 'waiting' }),
  stateIngesting: message({ zh: '导入中', en: 'ingesting' }),
  stateDone: message({ zh: '已完成', en: 'done' }),
  stateFailed: message({ zh: '失败', en: 'failed' }),
  stalled: message<{ seconds: number }>({
    zh: (p) => `已 ${p.seconds} 秒无响应（记录仪可能故障）：请勿拔出，其余记录仪照常导入`,
    en: (p) => `not answering for ${p.seconds} s (a failing recorder?): leave it docked; the others go on`,
  }),
  noneDocked: message({ zh: '当前没有接入的记录仪。', en: 'No recorder docked now.' }),
  notDockedToday: message<{ date: string; list: string }>({ zh: (p) => `今日（${p.date}）未接入归档，R12(1)：${p.list}`, en: (p) => `Not docked today (${p.date}), R12(1): ${p.list}` }),
  allDockedToday: message<{ date: string }>({ zh: (p) => `在用的每台记录仪今日（${p.date}）均已接入归档。`, en: (p) => `Every recorder in service was docked today (${p.date}).` }),
  staffing: message<{ recorders: number; officers: number; ratio: string; rule: string; verdict: string }>({
    zh: (p) => `在用记录仪：${p.recorders} 台，在岗民警 ${p.officers} 人（每台 ${p.ratio} 人）；${p.rule}：${p.verdict}`,
    en: (p) => `Recorders in service: ${p.recorders} for ${p.officers} active officers (${p.ratio} per recorder); ${p.rule}: ${p.verdict}`,
  }),
  unitStaffing: message<{ unit: string; recorders: number; officers: number; verdict: string }>({
    zh: (p) => `  ${p.unit}：记录仪 ${p.recorders} 台，在岗民警 ${p.officers} 人；${p.verdict}`,
    en: (p) => `  ${p.unit}: ${p.recorders} recorders for ${p.officers} active officers; ${p.verdict}`,
  }),
  unassignedUnit: message({ zh: '（未分配）', en: '(unassigned)' }),
  rule: message<{ per: string }>({ zh: (p) => `每 ${p.per} 名民警至少配备 1 台记录仪（R3）`, en: (p) => `at least 1 recorder per ${p.per} officers (R3)` }),
  met: message({ zh: '符合', en: 'met' }),
  notMet: message({ zh: '不符合', en: 'NOT MET' }),
  replicationCurrent: message({ zh: '对象存储副本：全部已复制', en: 'Object store copy: everything replicated' }),
  replicationBehind: message<{ n: number; size: string; oldest: string }>({
    zh: (p) => `对象存储副本：${p.n} 个录像（${p.size}）待复制，最早的录制于 ${p.oldest}（见 evidence-vault replicate status）`,
    en: (p) => `Object store copy: ${p.n} recordings (${p.size}) waiting, the oldest recorded on ${p.oldest} (see evidence-vault replicate status)`,
  }),
  replicationRetrying: message<{ n: number; error: string }>({
    zh: (p) => `  ${p.n} 项重试中：${p.error}`,
    en: (p) => `  ${p.n} items retrying: ${p.error}`,
  }),
});
