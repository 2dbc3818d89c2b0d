/** `access`: requests, approvals, working copies (R13, P27, R14). */
import { defineMessages, message } from '../../core/i18n/messages.js';
import { PURPOSE_LABELS } from '../../core/access-request.js';

const purposeZh = (p: string) => PURPOSE_LABELS[p as keyof typeof PURPOSE_LABELS] ?? p;

export const accessMessages = defineMessages({
  group: message({ zh: '音像资料经审批方可调阅或复制（R13、P27）：申请、授权、工作副本', en: 'footage seen or copied only by approval (R13, P27): requests, grants, working copies' }),
  notRequestId: message<{ what: string }>({ zh: (p) => `"${p.what}" 不是调阅申请编号`, en: (p) => `"${p.what}" is not an access request id` }),
  requestIdHint: message({ zh: '申请编号见：evidence-vault access list --all', en: 'See: evidence-vault access list --all' }),
  recordingIdsHint: message({ zh: '录像编号形如 --recordings 812,813（见 evidence-vault recordings list）', en: 'Give ids like --recordings 812,813 (see evidence-vault recordings list)' }),

  request: message({ zh: '提出调阅、复制、公开使用、刻录光盘或归档录像的申请（由审批人决定）', en: 'file a request to view, copy, use publicly, put on a disc or archive recordings (an approver decides it)' }),
  recordingsOpt: message({ zh: '录像编号，以逗号分隔', en: 'recording ids, comma-separated' }),
  caseOpt: message({ zh: '某案件的全部录像（以当前关联为准）', en: 'every recording of a case (as linked now)' }),
  purposeOpt: message<{ list: string }>({ zh: (p) => `用途：${p.list}`, en: (p) => `purpose: ${p.list}` }),
  forOpt: message({ zh: '资料提供给谁及其身份，例如 "当事人 张某 (P27)"', en: 'who the footage is for and their standing, e.g. "the party Zhang (P27)"' }),
  untilOpt: message({ zh: '授权可使用的最后一天（YYYY-MM-DD，本单位时区）', en: 'the last day the grant may be used (YYYY-MM-DD, the unit\u2019s zone)' }),
  filed: message<{ id: number; count: number; until: string }>({
    zh: (p) => `调阅申请 ${p.id} 已提交（${p.count} 条录像，至 ${p.until}）。由审批人决定：evidence-vault access approve ${p.id}`,
    en: (p) => `Access request ${p.id} filed (${p.count} recording(s), until ${p.until}). An approver decides it: evidence-vault access approve ${p.id}`,
  }),

  approve: message({ zh: '批准申请（审批人；不得是申请人本人；其密级授权须涵盖每条录像）。调阅和公开使用随即生成工作副本', en: 'approve a request (approver; never the requester; clearance must cover every recording). View and public use get a working copy now' }),
  idArg: message({ zh: '申请编号', en: 'request id' }),
  grantArg: message({ zh: '授权编号', en: 'grant id' }),
  approved: message<{ id: number; purpose: string; until: string; endsAt: string }>({
    zh: (p) => `调阅 ${p.id} 已批准（${p.purpose}），有效至 ${p.until}，于 ${p.endsAt} 终止`,
    en: (p) => `Access ${p.id} approved (${p.purpose}) until ${p.until}; it ends at ${p.endsAt}`,
  }),
  workingCopy: message<{ path: string }>({ zh: (p) => `工作副本：${p.path}`, en: (p) => `Working copy: ${p.path}` }),
  copyFailed: message<{ what: string }>({ zh: (p) => `工作副本未能生成：${p.what}`, en: (p) => `The working copy could not be made: ${p.what}` }),
  copyAfterFix: message<{ hint: string; id: number }>({
    zh: (p) => `${p.hint}（批准仍然有效，不必再次批准：用 evidence-vault access copy ${p.id} 生成工作副本）`,
    en: (p) => `${p.hint} (the approval stands, no need to approve again: make the copy with evidence-vault access copy ${p.id})`,
  }),

  refuse: message({ zh: '驳回申请并说明理由（审批人；不得是申请人本人）', en: 'refuse a request, with the reason (approver; never the requester)' }),
  reasonOpt: message({ zh: '驳回理由', en: 'why it is refused' }),
  refused: message<{ id: number }>({ zh: (p) => `调阅申请 ${p.id} 不予批准。`, en: (p) => `Access request ${p.id} refused.` }),

  open: message({ zh: '使用有效授权：列出其工作副本文件夹（每次使用都记入审计日志）', en: 'use a live grant: print its working copy folder (each use is recorded)' }),
  opened: message<{ id: number; until: string }>({
    zh: (p) => `（授权 ${p.id}，有效至 ${p.until}；授权到期后该文件夹自动删除）`,
    en: (p) => `(grant ${p.id}, until ${p.until}; the folder is removed when the grant ends)`,
  }),

  copy: message({ zh: '重新生成工作副本（调阅、公开使用），或加 --to 复制到移动存储介质（用途为复制，P27）', en: 'make the working copy again (view, public use), or with --to copy onto removable media (purpose copy, P27)' }),
  toOpt: message({ zh: '移动存储介质的挂载点', en: 'the mount point of the removable medium' }),
  copyRemake: message({ zh: '# 重新生成批准时未能生成的工作副本', en: '# remake a working copy that failed at approval' }),
  copied: message<{ count: number; folder: string }>({
    zh: (p) => `已将 ${p.count} 个文件连同 MANIFEST.json 和 SHA256SUMS 复制到 ${p.folder}`,
    en: (p) => `Copied ${p.count} file(s) with MANIFEST.json and SHA256SUMS to ${p.folder}`,
  }),
  noWorkingCopy: message<{ id: number; purpose: string }>({
    zh: (p) => `调阅 ${p.id} 的用途为${purposeZh(p.purpose)}：该授权在存储库中没有工作副本`,
    en: (p) => `access ${p.id} is for purpose ${p.purpose}: it has no working copy in the vault`,
  }),
  usedByDiscOrExport: message({ zh: '该授权由 disc build 或 export 使用。', en: 'It is used by disc build or export.' }),

  list: message({ zh: '待审批的申请和有效授权（--all：含已结束和已驳回的）；超出您密级授权的录像只计数，不列名称', en: 'open requests and live grants (--all: ended and refused ones too); footage above your clearance is counted, not named' }),
  allOpt: message({ zh: '包括已驳回、已失效和已结束的', en: 'include refused, lapsed and ended ones' }),
  noneAtAll: message({ zh: '没有调阅申请。', en: 'No access requests.' }),
  noneOpen: message({ zh: '没有待审批的申请或有效授权。（--all 查看其他）', en: 'No open requests or live grants. (--all for the others)' }),
  headers: message({ zh: '编号|状态|用途|提供给|有效至|申请人|审批人|录像', en: 'ID|STATE|PURPOSE|FOR|UNTIL|ASKED BY|DECIDED BY|RECORDINGS' }),
  hiddenCount: message<{ count: number }>({ zh: (p) => `+${p.count} 条已隐藏`, en: (p) => `+${p.count} hidden` }),
  aboveClearance: message<{ count: number }>({
    zh: (p) => `${p.count} 条录像超出您的密级授权，未显示详情`,
    en: (p) => `${p.count} recording(s) above your clearance are not described`,
  }),

  stateOpen: message({ zh: '待审批', en: 'open' }),
  stateRefused: message({ zh: '已驳回', en: 'refused' }),
  stateLive: message({ zh: '有效', en: 'live' }),
  stateEnded: message({ zh: '已结束', en: 'ended' }),
  stateLapsed: message({ zh: '已失效', en: 'lapsed' }),
  expire: message({ zh: '立即终止已过最后一天的授权并删除其工作副本（接入服务会自动执行）', en: 'end grants past their last day now and remove their working copies (the service does this by itself)' }),
  ended: message<{ id: number }>({ zh: (p) => `授权 ${p.id} 已终止`, en: (p) => `Grant ${p.id} ended` }),
  removed: message<{ path: string }>({ zh: (p) => `；已删除 ${p.path}`, en: (p) => `; removed ${p.path}` }),
  noneToEnd: message({ zh: '没有需要终止的授权。', en: 'No grant to end.' }),
});
