/** Every recording flag, with what it means to a person: the type checker keeps this list complete. */
import type { RecordingFlag } from './types.js';

const MEANING: Record<RecordingFlag, string> = {
  'unregistered-device': 'recorder not in the register / 记录仪未登记',
  quarantined: 'recorder unknown, kept in quarantine / 来源记录仪不明，隔离保存',
  'probe-error': 'media could not be read / 无法读取媒体信息',
  'name-sanitized': 'name had unsafe characters / 文件名含不安全字符',
  'name-shortened': 'name too long, stored shortened / 文件名过长，已缩短保存',
  'time-from-mtime': 'time from the file date / 时间取自文件修改时间',
  'officer-mismatch': 'officer in the name differs from the register / 文件名中警号与登记不符',
  attributed: 'recorder or officer corrected by a person / 经人工更正归属',
  'clock-ahead': 'starts after its recorder was docked: recorder clock ahead / 开始时间晚于入库时刻，记录仪时钟超前',
  'clock-skew': 'file-name, metadata and file times disagree / 文件名、元数据与文件时间不一致',
};

export const RECORDING_FLAGS = Object.keys(MEANING) as RecordingFlag[];

export function isRecordingFlag(text: string): text is RecordingFlag {
  return Object.hasOwn(MEANING, text);
}

export function flagMeaning(flag: RecordingFlag): string {
  return MEANING[flag];
}
