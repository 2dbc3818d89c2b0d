/** `recordings list` and `recordings show`, and the --from/--to/--device/--officer filters other commands share. */
import { defineMessages, message } from '../../core/i18n/messages.js';

export const recordingsMessages = defineMessages({
  notDate: message<{ flag: string; what: string }>({ zh: (p) => `${p.flag} "${p.what}" 不是日期`, en: (p) => `${p.flag} "${p.what}" is not a date` }),
  notDateHint: message({ zh: '格式为 YYYY-MM-DD 或 YYYY-MM-DDTHH:MM。', en: 'Use YYYY-MM-DD or YYYY-MM-DDTHH:MM.' }),
  reversed: message<{ from: string; to: string }>({
    zh: (p) => `--from ${p.from} 晚于 --to ${p.to}：起始时间晚于截止时间`,
    en: (p) => `--from ${p.from} is after --to ${p.to}`,
  }),
  reversedHint: message({
    zh: '请交换两者：--from 是起始，--to 是截止（只给日期时包含当天全天）。',
    en: 'Swap them: --from is the start, --to the end (a date includes its whole day).',
  }),
  fromOpt: message({ zh: '在此本地日期/时间当时或之后开始的录像', en: 'recordings that started on or after this local date/time' }),
  toOpt: message({ zh: '在此本地日期当天或之前开始的录像（含当天）', en: 'recordings that started on or before this local date (inclusive)' }),
  deviceOpt: message({ zh: '只看这台执法记录仪', en: 'only this recorder' }),
  officerOpt: message({ zh: '只看这位民警（警号）', en: 'only this officer (badge number)' }),
  recordings: message({ zh: '查阅已编目的录像，并更正其来源', en: 'look up catalogued recordings, and correct where one came from' }),
  list: message({ zh: '列出录像，最早的在前', en: 'list recordings, oldest first' }),
  flagOpt: message<{ flags: string }>({ zh: (p) => `只看带此标记的录像：${p.flags}`, en: (p) => `only recordings with this flag: ${p.flags}` }),
  example: message({ zh: '示例：', en: 'Example:' }),
  quarantinedComment: message({ zh: '待确认来源的隔离文件', en: 'quarantined files whose source is to be confirmed' }),
  notAFlag: message<{ flag: string }>({ zh: (p) => `--flag "${p.flag}" 不是录像标记`, en: (p) => `--flag "${p.flag}" is not a recording flag` }),
  flagHint: message<{ flags: string }>({ zh: (p) => `请使用以下之一：${p.flags}`, en: (p) => `Use one of: ${p.flags}` }),
  tooMany: message<{ limit: number }>({
    zh: (p) => `符合条件的录像超过 ${p.limit} 条；只显示前 ${p.limit} 条。请用 --from/--to/--device/--officer 缩小范围，或用 --json 取得全部。`,
    en: (p) => `more than ${p.limit} recordings match; showing the first ${p.limit}. Narrow with --from/--to/--device/--officer, or use --json for all.`,
  }),
  headers: message({
    zh: 'ID|开始时间|记录仪|民警|时长|大小|路径|标记',
    en: 'ID|STARTED|DEVICE|OFFICER|LENGTH|SIZE|PATH|FLAGS',
  }),
  levelHeader: message({ zh: '密级', en: 'LEVEL' }),
  /** In the flags column: lawfully disposed of, its file gone (the tombstone: retention show). */
  disposedFlag: message({ zh: '已销毁', en: 'disposed' }),
  count: message<{ number: number }>({ zh: (p) => `共 ${p.number} 条录像`, en: (p) => `${p.number} recordings` }),
  none: message({ zh: '没有符合条件的录像。', en: 'No recordings match.' }),
  show: message({ zh: '目录库中关于一条录像的全部信息', en: 'everything the catalogue knows about one recording' }),
  idArg: message({ zh: '录像编号（见 recordings list）', en: 'recording id (from recordings list)' }),
  corrected: message<{ at: string; by: string; oldDevice: string; newDevice: string; oldOfficer: string; newOfficer: string; reason: string; was: string }>({
    zh: (p) => `更正        ${p.at}，操作人 ${p.by}：记录仪 ${p.oldDevice} → ${p.newDevice}，民警 ${p.oldOfficer} → ${p.newOfficer}（${p.reason}）；原路径 ${p.was}`,
    en: (p) => `corrected   ${p.at} by ${p.by}: recorder ${p.oldDevice} → ${p.newDevice}, officer ${p.oldOfficer} → ${p.newOfficer} (${p.reason}); was ${p.was}`,
  }),
  classified: message<{ at: string; by: string; level: string; reason: string }>({
    zh: (p) => `定密        ${p.at}，操作人 ${p.by}：${p.level}（${p.reason}）`,
    en: (p) => `classified  ${p.at} by ${p.by}: ${p.level} (${p.reason})`,
  }),
});

/** `recordings show`'s field names in Chinese; in English the field is named by its --json key, as before. */
export const SHOW_FIELD_ZH: Record<string, string> = {
  id: '编号',
  sha256: 'SHA-256',
  size: '大小（字节）',
  vaultPath: '库内路径',
  originalName: '原文件名',
  sourcePath: '来源路径',
  deviceNumber: '记录仪编号',
  officerId: '民警警号',
  startedAt: '开始时间',
  startedAtSource: '开始时间依据',
  localDate: '本地日期',
  durationSeconds: '时长（秒）',
  format: '格式',
  videoCodec: '视频编码',
  audioCodec: '音频编码',
  width: '宽度',
  height: '高度',
  probeError: '探测错误',
  ingestedAt: '入库时间',
  flags: '标记',
  clockSkewSeconds: '时钟偏差（秒）',
  disposedAt: '销毁时间',
  level: '密级',
  cameraOperator: '摄录人',
};
