/** The dock screen's words, in both languages (terms as in docs/glossary.md). */
import { defineMessages, message } from './messages.js';

export const screenMessages = defineMessages({
  title: message({ zh: '执法记录仪接入情况', en: 'Body-worn recorder dock' }),
  updated: message<{ date: string; time: string }>({ zh: (p) => `更新于 ${p.date} ${p.time}`, en: (p) => `Updated ${p.date} ${p.time}` }),
  autoRefresh: message<{ seconds: number }>({ zh: (p) => `每 ${p.seconds} 秒自动刷新`, en: (p) => `refreshes every ${p.seconds} s` }),
  writtenOnce: message({ zh: '一次性生成，不会自动更新', en: 'written once; does not update' }),
  serviceRunning: message({ zh: '接入服务运行中', en: 'Dock service running' }),
  serviceStopped: message({ zh: '接入服务未运行', en: 'Dock service NOT running' }),
  serviceNever: message({ zh: '接入服务从未启动', en: 'Dock service never started' }),

  dockedNow: message({ zh: '当前接入的记录仪', en: 'Docked now' }),
  noneDocked: message({ zh: '当前没有接入的执法记录仪', en: 'No recorder docked now' }),
  recorder: message<{ number: string }>({ zh: (p) => `记录仪 ${p.number}`, en: (p) => `Recorder ${p.number}` }),
  unknownRecorder: message({ zh: '未登记的记录仪', en: 'Unregistered recorder' }),
  noOfficer: message({ zh: '未分配使用人', en: 'no officer assigned' }),
  stateSettling: message({ zh: '识别中', en: 'Recognising' }),
  stateWaiting: message({ zh: '排队等待', en: 'Waiting' }),
  stateIngesting: message({ zh: '正在导入', en: 'Copying' }),
  stateDone: message({ zh: '已完成', en: 'Done' }),
  stateFailed: message({ zh: '未完成', en: 'Not finished' }),
  quarantined: message({ zh: '隔离存放，请登记该设备', en: 'kept in quarantine: register this device' }),
  filesProgress: message<{ done: number; total: number }>({ zh: (p) => `${p.done} / ${p.total} 个文件`, en: (p) => `${p.done} / ${p.total} files` }),
  stalled: message<{ left: string }>({ zh: (p) => `${p.left}无响应，记录仪可能故障：请勿拔出，其余照常导入`, en: (p) => `not answering for ${p.left}, the recorder may be failing: leave it docked, the others go on` }),
  timeLeft: message<{ left: string }>({ zh: (p) => `剩余约 ${p.left}`, en: (p) => `about ${p.left} left` }),
  minutes: message<{ m: number; s: number }>({ zh: (p) => (p.m ? `${p.m} 分 ${p.s} 秒` : `${p.s} 秒`), en: (p) => (p.m ? `${p.m} min ${p.s} s` : `${p.s} s`) }),
  hours: message<{ h: number; m: number }>({ zh: (p) => `${p.h} 小时 ${p.m} 分`, en: (p) => `${p.h} h ${p.m} min` }),
  percentDone: message<{ percent: number }>({ zh: (p) => `已完成 ${p.percent}%`, en: (p) => `${p.percent}% done` }),

  finishedToday: message({ zh: '今日已导入', en: 'Finished today' }),
  noneFinished: message({ zh: '今天还没有导入', en: 'Nothing ingested today yet' }),
  finishedAt: message<{ at: string }>({ zh: (p) => `${p.at} 完成`, en: (p) => `finished ${p.at}` }),
  stored: message<{ files: number; bytes: string }>({ zh: (p) => `存储 ${p.files} 个文件（${p.bytes}）`, en: (p) => `${p.files} files stored (${p.bytes})` }),
  already: message<{ files: number }>({ zh: (p) => `${p.files} 个此前已存储`, en: (p) => `${p.files} already stored` }),
  leftOnRecorder: message<{ files: number }>({ zh: (p) => `${p.files} 个文件仍留在记录仪上`, en: (p) => `${p.files} files still on the recorder` }),
  allStored: message({ zh: '全部存储', en: 'everything stored' }),
  moreFinished: message<{ n: number }>({ zh: (p) => `另有 ${p.n} 次导入已全部存储，未逐一列出`, en: (p) => `${p.n} more sessions, everything stored, not listed` }),
  outcomeInterrupted: message({ zh: '中途停止', en: 'Stopped part-way' }),

  notDocked: message({ zh: '今日尚未接入的记录仪', en: 'Assigned recorders not docked today' }),
  allDocked: message({ zh: '在用记录仪今日均已接入', en: 'Every recorder in service was docked today' }),

  stale: message({ zh: '此页面已长时间未更新：接入服务可能已停止，请联系管理员', en: 'This page has not been updated for a while: the dock service may have stopped; call the administrator' }),
  alerts: message({ zh: '提醒', en: 'Alerts' }),
  noAlerts: message({ zh: '无提醒', en: 'No alerts' }),
  alertStopped: message<{ seconds: number }>({ zh: (p) => `接入服务已停止（${p.seconds} 秒无响应）：请联系管理员`, en: (p) => `The dock service has stopped (silent for ${p.seconds} s): call the administrator` }),
  alertNever: message({ zh: '接入服务从未启动：请联系管理员', en: 'The dock service has never run: call the administrator' }),
  alertFixityFailed: message<{ at: string }>({ zh: (p) => `完整性检查失败（${p.at}）：请联系管理员`, en: (p) => `The fixity check failed (${p.at}): call the administrator` }),
  alertFixityFindings: message<{ at: string; findings: number }>({
    zh: (p) => `完整性检查发现 ${p.findings} 个问题（${p.at}）：请运行 evidence-vault audit verify`,
    en: (p) => `The fixity check found ${p.findings} problems (${p.at}): run evidence-vault audit verify`,
  }),
  alertDiskLow: message<{ free: string; percent: number }>({
    zh: (p) => `存储磁盘即将用满：仅剩 ${p.free}（${p.percent}%）`,
    en: (p) => `The vault disk is filling up: ${p.free} free (${p.percent}%)`,
  }),
  alertQuarter: message<{ quarter: string; recordings: number }>({
    zh: (p) => `${p.quarter} 季度的音像资料（${p.recordings} 条）尚未归档：请整理归档集`,
    en: (p) => `Quarter ${p.quarter} (${p.recordings} recordings) has no archive set yet: make one`,
  }),
  alertQuarterSupplement: message<{ quarter: string; recordings: number }>({
    zh: (p) => `${p.quarter} 季度有 ${p.recordings} 条音像资料在归档后存储：请补充归档`,
    en: (p) => `Quarter ${p.quarter}: ${p.recordings} recordings stored after its archive set: make a supplement set`,
  }),
});
