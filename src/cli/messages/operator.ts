/** `operator`: who may use the vault, in which roles. */
import { defineMessages, message } from '../../core/i18n/messages.js';

export const operatorMessages = defineMessages({
  group: message({
    zh: '谁可以使用存储库，以何种角色（custodian 专（兼）职管理员、archivist 档案管理员、auditor 审计员、approver 审批人、admin 系统管理员）',
    en: 'who may use the vault, and in which roles (custodian, archivist, auditor, approver, admin)',
  }),
  add: message({ zh: '将一个操作系统账户设为操作员，赋予一个或多个角色', en: 'make an OS account an operator with one or more roles' }),
  osUserNew: message({ zh: '此人在本机使用的登录名', en: 'the login name the person uses on this PC' }),
  osUserArg: message({ zh: '操作员的登录名', en: "the operator's login name" }),
  nameOpt: message({ zh: '姓名', en: 'full name' }),
  roleOpt: message<{ roles: string }>({ zh: (p) => `角色（多个角色可重复此选项）：${p.roles}`, en: (p) => `a role (repeat for several): ${p.roles}` }),
  added: message<{ what: string }>({ zh: (p) => `已添加操作员 ${p.what}。`, en: (p) => `Added operator ${p.what}.` }),
  operator: message<{ what: string }>({ zh: (p) => `操作员 ${p.what}。`, en: (p) => `Operator ${p.what}.` }),
  roles: message({ zh: '替换操作员的角色（并重新启用已停用的操作员）', en: "replace an operator's roles (and re-activate a deactivated one)" }),
  deactivate: message({ zh: '停止某操作员使用存储库（保留记录，不删除）', en: 'stop an operator from using the vault (kept on record, never deleted)' }),
  list: message({ zh: '列出操作员及其角色', en: 'list operators and their roles' }),
  listHeaders: message({ zh: '登录名|姓名|角色|有效|起始|密级授权', en: 'OS USER|NAME|ROLES|ACTIVE|SINCE|CLEARANCE' }),
  custodian: message({ zh: '专（兼）职管理员', en: 'custodian' }),
  archivist: message({ zh: '档案管理员', en: 'archivist' }),
  auditor: message({ zh: '审计员', en: 'auditor' }),
  approver: message({ zh: '审批人', en: 'approver' }),
  admin: message({ zh: '系统管理员', en: 'admin' }),
});
