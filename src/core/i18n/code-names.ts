/**
 * The Chinese names of codes the interface prints (the code is what an option takes and what --json
 * carries): shown beside the code in Chinese, as roles are (`custodian（专（兼）职管理员）`). Pure.
 * Other tables of the kind: ROLE_ZH (access-messages.ts), LEVEL_LABELS (classification.ts),
 * PURPOSE_LABELS (access-request.ts), GAP_REASON_ZH (register-gaps.ts), the recording flags' meanings.
 */
import type { LateReason } from '../late-storage.js';
import type { HoldReason, LongTermCategory } from '../retention-policy.js';
import type { AuditOutcome } from '../audit-chain.js';
import type { StartTimeSource } from '../types.js';

/** Where a recording's start time was read from (`startedAtSource`). */
export const START_SOURCE_ZH: Readonly<Record<StartTimeSource, string>> = {
  'file-name': '文件名',
  metadata: '媒体元数据',
  mtime: '文件修改时间',
};

/** A case's category (`--category`): the ordinary one and R6's long-term ones; a configured one has no name here. */
export const CASE_CATEGORY_ZH: Readonly<Record<'general' | LongTermCategory, string>> = {
  general: '一般',
  'mass-incident': '群体性事件',
  'personal-safety': '人身安全',
  'coercive-measure': '强制措施',
  'party-objection': '当事人有异议',
  'major-complex': '重大复杂',
};

/** Why a hold keeps recordings (`hold add --reason`): R12(3)'s complaint, reconsideration, litigation, evidence use, R6's categories. */
export const HOLD_REASON_ZH: Readonly<Record<HoldReason, string>> = {
  complaint: '投诉',
  reconsideration: '复议',
  litigation: '诉讼',
  'evidence-use': '作为证据使用',
  'mass-incident': CASE_CATEGORY_ZH['mass-incident'],
  'personal-safety': CASE_CATEGORY_ZH['personal-safety'],
  'coercive-measure': CASE_CATEGORY_ZH['coercive-measure'],
  'party-objection': CASE_CATEGORY_ZH['party-objection'],
  'major-complex': CASE_CATEGORY_ZH['major-complex'],
  other: '其他',
};

/** Why a recording was stored late (`late explain --reason`, P25). */
export const LATE_REASON_ZH: Readonly<Record<LateReason, string>> = {
  'remote-work': '异地执法',
  'device-fault': '设备故障',
  other: '其他原因',
};

/** How an act on the audit trail ended (`audit log --outcome`). */
export const OUTCOME_ZH: Readonly<Record<AuditOutcome, string>> = { ok: '成功', refused: '拒绝', failed: '失败' };

/** The result of xorriso's MD5 check of a disc read back (`disc verify`'s md5). */
export const MD5_CHECK_ZH: Readonly<Record<string, string>> = {
  ok: '通过',
  mismatch: '不一致',
  'no-md5': '光盘没有 MD5 校验值',
  unreadable: '无法读取',
};

/** An audit target as Chinese text names it: `recording:5` is 录像 5, `case:X` 案件 X; anything else as it is. */
export function targetZh(target: string): string {
  const m = /^(recording|case):(.+)$/s.exec(target);
  return m ? `${m[1] === 'recording' ? '录像' : '案件'} ${m[2]}` : target;
}

/** `code（名称）`, or the code alone when the table has no name for it. */
export function codeWithZh(code: string, names: Readonly<Record<string, string>>): string {
  return Object.hasOwn(names, code) ? `${code}（${names[code]}）` : code;
}
