/**
 * The Chinese names of codes the interface prints (the code is what an option takes and what --json
 * carries): shown beside the code in Chinese, as roles are (`custodian（专（兼）职管理员）`). Pure.
 * Other tables of the kind: ROLE_ZH (access-messages.ts), LEVEL_LABELS (classification.ts),
 * PURPOSE_LABELS (access-request.ts), GAP_REASON_ZH (register-gaps.ts), the recording flags' meanings.
 */
import type { StartTimeSource } from '../types.js';

/** Where a recording's start time was read from (`startedAtSource`). */
export const START_SOURCE_ZH: Readonly<Record<StartTimeSource, string>> = {
  'file-name': '文件名',
  metadata: '媒体元数据',
  mtime: '文件修改时间',
};

/** `code（名称）`, or the code alone when the table has no name for it. */
export function codeWithZh(code: string, names: Readonly<Record<string, string>>): string {
  return Object.hasOwn(names, code) ? `${code}（${names[code]}）` : code;
}
