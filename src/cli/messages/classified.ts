/** R14 in listings and the classification commands (`recordings classify`, `case classify`, `operator clearance`, `operator show`, `recordings operator`). */
import { defineMessages, message } from '../../core/i18n/messages.js';

export const classifiedMessages = defineMessages({
  hiddenCell: message({ zh: '（已隐藏）', en: '(hidden)' }),
  hiddenLine: message<{ count: number; level: string }>({
    zh: (p) => `${p.count} 条记录的详情已隐藏：密级高于您的授权（${p.level}，R14）`,
    en: (p) => `details of ${p.count} ${p.count === 1 ? 'entry' : 'entries'} hidden: classified above your clearance (${p.level}, R14)`,
  }),
  leftOut: message({
    zh: '按记录仪、执法人员或标记筛选时，不列出密级高于您授权的录像（R14）',
    en: 'footage above your clearance is left out of listings filtered by recorder, officer or flag (R14)',
  }),

  levelOpt: message<{ levels: string }>({ zh: (p) => `密级：${p.levels}`, en: (p) => `level: ${p.levels}` }),
  idsArg: message({ zh: '录像编号', en: 'recording ids' }),
  reasonOpt: message({ zh: '理由（记入审计日志）', en: 'why (on the record)' }),
  classify: message({ zh: '设定录像的密级（R14）；降低密级须由领导（审批人）决定', en: "set the classification of recordings (R14); lowering it is a leader's (approver) decision" }),
  classifyNote: message({ zh: '任何人不得设定高于本人授权的密级；无权查看的音像资料在列表中隐藏。', en: 'Nobody sets a level above their own clearance; footage one may not see is hidden in listings.' }),
  operator: message({ zh: '登记录像的摄录人员（R12(2)），当其不是佩戴记录仪的民警时', en: 'name the camera operator of recordings (R12(2)) when not the officer wearing the recorder' }),
  nameOpt: message({ zh: '摄录人', en: 'who filmed it' }),
  operatorNote: message({ zh: '未登记时，登记表打印佩戴人，并注明“同佩戴人，未另行登记”。', en: 'Without it the register prints the wearer, noting that no one else was registered.' }),
  operatorChanged: message<{ id: number; from: string; to: string }>({
    zh: (p) => `录像 ${p.id}：摄录人员 ${p.from} → ${p.to}`,
    en: (p) => `recording ${p.id}: camera operator ${p.from} → ${p.to}`,
  }),
  /** A level set: the recording or case (录像 5, 案件 X in Chinese; recording:5 in English), from and to. */
  levelChanged: message<{ target: string; from: string; to: string }>({ zh: (p) => `${p.target}：${p.from} → ${p.to}`, en: (p) => `${p.target}: ${p.from} → ${p.to}` }),
  wearer: message({ zh: '（同佩戴人）', en: '(the wearer)' }),
  caseClassify: message({ zh: '设定案件的密级（R14）：其录像的密级不低于案件', en: "set a case's classification (R14): its recordings are at least as secret" }),
  numberArg: message({ zh: '案号', en: 'case number' }),
  clearance: message({ zh: '授予或变更操作员的密级授权（R14）：由持有不低于该授权的领导（审批人）办理，不得授予本人', en: "grant or change an operator's clearance (R14): by a leader (approver) holding at least it, never to themselves" }),
  osUserArg: message({ zh: '操作员的登录名', en: "the operator's login name" }),
  clearanceNote: message({
    zh: '每位操作员都可查看普通和内部音像资料。某一涉密等级无人持有时，其首位持有人由管理员指定。',
    en: 'Every operator sees ordinary and internal footage. The first holder of a secret level, when nobody holds it, is named by the administrator.',
  }),
  clearanceChanged: message<{ who: string; from: string; to: string }>({ zh: (p) => `${p.who} 的密级授权：${p.from} → ${p.to}。`, en: (p) => `Clearance of ${p.who}: ${p.from} → ${p.to}.` }),
  show: message({ zh: '一位操作员：角色、密级授权及其变更记录', en: 'one operator: roles, clearance and its history' }),
  noOperator: message<{ who: string }>({ zh: (p) => `没有操作员 ${p.who}`, en: (p) => `no operator ${p.who}` }),
  seeOperators: message({ zh: '操作员见：evidence-vault operator list', en: 'See: evidence-vault operator list' }),
  clearanceLine: message<{ level: string }>({ zh: (p) => `密级授权：${p.level}`, en: (p) => `clearance: ${p.level}` }),
  historyHeaders: message({ zh: '设定时间|设定人|密级|理由', en: 'SET|BY|LEVEL|REASON' }),
  noClearance: message({ zh: '未授予密级授权（只能查看普通和内部音像资料）。', en: 'No clearance granted (ordinary and internal footage only).' }),
  outputsRestricted: message<{ list: string }>({
    zh: (p) => `其中影像现为涉密，以下光盘、归档包已改为仅服务账户可读（R14）：${p.list}`,
    en: (p) => `footage on these discs and archive bags is secret now: they are readable by the service account alone (R14): ${p.list}`,
  }),
  outputsNotRestricted: message<{ list: string }>({
    zh: (p) => `以下光盘、归档包含涉密影像，但未能改为仅服务账户可读，其角色组仍可读取：${p.list}。请检查其所在磁盘（是否为 FAT、是否只读），处理后重新执行本命令，或将其移除`,
    en: (p) => `these discs and archive bags hold secret footage but could not be made the service account's alone, so their role's group can still read them: ${p.list}. Check the disk they are on (FAT? read-only?), then run this command again, or remove them`,
  }),
});
