/** `recordings attribute`: out of quarantine, or a corrected recorder or officer (R8, R17). */
import { defineMessages, message } from '../../core/i18n/messages.js';

export const attributeMessages = defineMessages({
  attribute: message({
    zh: '把录像归到正确的执法记录仪下（解除隔离），或更正其民警；历史记录保留',
    en: 'file recordings under the right recorder (out of quarantine) or correct their officer; the history is kept',
  }),
  idsArg: message({ zh: '录像编号（evidence-vault recordings list --flag quarantined）', en: 'recording ids (evidence-vault recordings list --flag quarantined)' }),
  device: message({ zh: '录制它们的已登记记录仪编号', en: 'the registered recorder that made them' }),
  officer: message({ zh: '佩戴它的民警警号；不给时按配发登记确定', en: 'the officer who wore it; else the assignment register decides' }),
  reason: message({ zh: '原因（记录在审计日志和更正记录中）', en: 'why (recorded in the audit trail and the correction history)' }),
  example: message({ zh: '示例：', en: 'Example:' }),
  notes: message({
    zh: '文件不复制、不改动，移到其日期和记录仪文件夹；登记表和案件视图显示更正；\n`recordings show ID` 列出每一次更正。更正历史永久保留。',
    en: 'The files move to their day and recorder folder without being copied; registers and case views show the\ncorrection; `recordings show ID` lists every correction.',
  }),
  notARecordingId: message<{ value: string }>({ zh: (p) => `"${p.value}" 不是录像编号`, en: (p) => `"${p.value}" is not a recording id` }),
  findIds: message({ zh: '查找编号：evidence-vault recordings list --flag quarantined', en: 'Find ids with: evidence-vault recordings list --flag quarantined' }),
  moved: message<{ id: number; from: string; to: string; device: string; officer: string }>({
    zh: (p) => `✓ ${p.id}：${p.from} → ${p.to}（记录仪 ${p.device}，警号 ${p.officer}）`,
    en: (p) => `✓ ${p.id}: ${p.from} → ${p.to} (recorder ${p.device}, officer ${p.officer})`,
  }),
  unchanged: message<{ id: number }>({ zh: (p) => `= ${p.id}：已是该归属，未改动`, en: (p) => `= ${p.id}: already so, unchanged` }),
});
