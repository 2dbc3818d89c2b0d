/** What each recording flag means to a person, in both languages (core/recording-flags.ts keeps the list complete). Pure. */
import { defineMessages, message } from './messages.js';

export const recordingFlagMessages = defineMessages({
  'unregistered-device': message({ zh: '执法记录仪未登记', en: 'recorder not in the register' }),
  quarantined: message({ zh: '来源执法记录仪不明，隔离保存', en: 'recorder unknown, kept in quarantine' }),
  'probe-error': message({ zh: '无法读取媒体信息', en: 'media could not be read' }),
  'name-sanitized': message({ zh: '文件名含不安全字符', en: 'name had unsafe characters' }),
  'name-shortened': message({ zh: '文件名过长，已缩短保存', en: 'name too long, stored shortened' }),
  'time-from-mtime': message({ zh: '时间取自文件修改时间', en: 'time from the file date' }),
  'officer-mismatch': message({ zh: '文件名中的警号与登记不符', en: 'officer in the name differs from the register' }),
  attributed: message({ zh: '经人工更正执法记录仪或民警归属', en: 'recorder or officer corrected by a person' }),
  'clock-ahead': message({ zh: '开始时间晚于入库时刻：执法记录仪时钟超前', en: 'starts after its recorder was docked: recorder clock ahead' }),
  'clock-skew': message({ zh: '文件名、元数据与文件时间不一致', en: 'file-name, metadata and file times disagree' }),
  /** `--flag X` that is no flag: the refusal and its hint. */
  notAFlag: message<{ text: string }>({ zh: (p) => `--flag "${p.text}" 不是影像标记`, en: (p) => `--flag "${p.text}" is not a recording flag` }),
  useOneOf: message<{ list: string }>({ zh: (p) => `可用：${p.list}`, en: (p) => `Use one of: ${p.list}` }),
});
