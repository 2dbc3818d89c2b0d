/** Who may do what: the refusals of the role check (src/core/access-policy.ts) and of vault init. Pure. */
import { defineMessages, message } from './messages.js';
import type { Role } from '../types.js';

/** A role's Chinese name, beside its code (the code is what `--role` takes). */
export const ROLE_ZH: Record<Role, string> = {
  custodian: '专（兼）职管理员',
  archivist: '档案管理员',
  auditor: '审计员',
  approver: '审批人',
  admin: '系统管理员',
};

export function rolesZh(roles: readonly Role[], joiner = '或'): string {
  return roles.map((r) => `${r}（${ROLE_ZH[r]}）`).join(joiner);
}

type Who = { osUser: string; action: string; anyOfZh: string; anyOf: string };

export const accessMessages = defineMessages({
  notAnOperator: message<Who>({
    zh: (p) => `${p.osUser} 不是本音像资料库的操作员：“${p.action}”需要角色 ${p.anyOfZh}`,
    en: (p) => `${p.osUser} is not an operator of this vault: "${p.action}" needs the role ${p.anyOf}`,
  }),
  inactive: message<{ osUser: string; name: string; action: string }>({
    zh: (p) => `操作员 ${p.osUser}（${p.name}）已停用：拒绝执行“${p.action}”`,
    en: (p) => `operator ${p.osUser} (${p.name}) is deactivated: "${p.action}" is refused`,
  }),
  missingRole: message<Who & { name: string; heldZh: string; held: string }>({
    zh: (p) => `${p.osUser}（${p.name}，${p.heldZh}）没有“${p.action}”所需的角色 ${p.anyOfZh}`,
    en: (p) => `${p.osUser} (${p.name}, ${p.held}) lacks the role ${p.anyOf} needed for "${p.action}"`,
  }),
  askAdmin: message<{ command: string }>({
    zh: (p) => `请系统管理员执行：${p.command}`,
    en: (p) => `ask an administrator: ${p.command}`,
  }),
  askAdd: message<{ osUser: string; role: string }>({
    zh: (p) => `请系统管理员执行：evidence-vault operator add ${p.osUser} --name "<姓名>" --role ${p.role}`,
    en: (p) => `ask an administrator: evidence-vault operator add ${p.osUser} --name "<full name>" --role ${p.role}`,
  }),
  separateDuties: message<{ anyOfZh: string; anyOf: string }>({
    zh: (p) => `这是 ${p.anyOfZh} 的工作：请交由担任该角色的人办理。审计员核查专（兼）职管理员、档案管理员和系统管理员的工作，因此不与这些角色由同一人兼任`,
    en: (p) => `this is the work of the ${p.anyOf}: ask someone who holds that role. An auditor checks the work of custodians, archivists and administrators, so one person does not hold both`,
  }),
  leadersDecide: message({
    zh: '这是领导（approver，审批人）的决定：请交由领导办理；申请人不得审批本人的申请',
    en: "this is a leader's decision (approver): ask a leader to make it; nobody decides their own request",
  }),
  youAreAdmin: message<{ command: string }>({
    zh: (p) => `您是系统管理员：可用 ${p.command} 授予（会记入审计日志）`,
    en: (p) => `you are an administrator: grant it (recorded) with ${p.command}`,
  }),
  youAreAdminApprover: message<{ command: string }>({
    zh: (p) => `您是系统管理员：可用 ${p.command} 授予（会记入审计日志）——但审批应由另一人进行：最好把 approver（审批人）角色授予另一名操作员`,
    en: (p) => `you are an administrator: grant it (recorded) with ${p.command} — though approving is meant to be a second person's act: better give the approver role to another operator`,
  }),
  noRoles: message({ zh: '无角色', en: 'no roles' }),
  refused: message<{ why: string }>({ zh: (p) => `拒绝：${p.why}`, en: (p) => `refused: ${p.why}` }),
  reinitAdminOnly: message({
    zh: '音像资料库已存在；只有系统管理员可以重新运行 init。',
    en: 'The vault exists already; only an administrator re-runs init.',
  }),
});
