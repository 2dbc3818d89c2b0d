/** Words shared by several commands: help titles, progress, how a check ends. */
import { defineMessages, message } from '../../core/i18n/messages.js';

export const commonMessages = defineMessages({
  example: message({ zh: '示例：', en: 'Example:' }),
  examples: message({ zh: '示例：', en: 'Examples:' }),
  files: message({ zh: '个文件', en: 'files' }),
  eta: message({ zh: '剩余时间', en: 'ETA' }),
  notRecordedDiskFull: message({ zh: '本次检查本身未能记入审计记录：磁盘已满', en: 'the check itself could not be recorded: disk full' }),
  notRecorded: message<{ reason: string }>({ zh: (p) => `本次检查本身未能记入审计记录：${p.reason}`, en: (p) => `the check itself could not be recorded: ${p.reason}` }),
  notRecordedHint: message<{ path: string }>({
    zh: (p) => `释放 ${p.path} 所在磁盘的空间（df -h ${p.path}），然后重新运行本次检查，使其记入审计记录`,
    en: (p) => `free space on the disk holding ${p.path} (df -h ${p.path}), then run the check again so that it is on the record`,
  }),
  repairTitle: message({ zh: '从完好副本（归档数据包、光盘映像）恢复受损或缺失的录像：', en: 'To restore the damaged or missing recordings from a good copy (archive set, disc image):' }),
  notRecordingId: message<{ what: string }>({ zh: (p) => `"${p.what}" 不是录像编号`, en: (p) => `"${p.what}" is not a recording id` }),
  recordingIdsHint: message({ zh: '录像编号即 evidence-vault recordings list 列出的数字', en: 'Recording ids are the numbers shown by: evidence-vault recordings list' }),
  noRoles: message({ zh: '无角色', en: 'no roles' }),
  deactivated: message({ zh: '［已停用］', en: '[deactivated]' }),
  none: message({ zh: '（无）', en: '(none)' }),
  yes: message({ zh: '是', en: 'yes' }),
  no: message({ zh: '否', en: 'no' }),
});
