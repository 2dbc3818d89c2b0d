/**
 * Who may do what, pure. A command declares the roles allowed to run it; an operator holds roles.
 * The decision names the role the act is done in (recorded in the audit entry) or what is missing.
 */
import { ROLES, type Access, type Role } from './types.js';
import type { Said } from './errors.js';
import { accessMessages, rolesZh } from './i18n/access-messages.js';
import { said } from './i18n/said.js';

export interface Operator {
  /** The OS account (the real user behind sudo). */
  osUser: string;
  name: string;
  roles: Role[];
  active: boolean;
  createdAt: string;
  updatedAt: string;
}

export type AccessDecision =
  | { allowed: true; role: Role }
  | { allowed: false; reason: 'not-an-operator' | 'inactive' | 'missing-role'; needed: readonly Role[]; message: Said; hint: Said };

export function isRole(text: string): text is Role {
  return (ROLES as readonly string[]).includes(text);
}

/** The first of the command's roles the operator holds, in the command's order (its most fitting role). */
export function decideAccess(osUser: string, operator: Operator | undefined, access: Access): AccessDecision {
  const needed = access.roles;
  const anyOf = needed.join(' or ');
  const anyOfZh = rolesZh(needed);
  const suggest = needed[0] ?? 'admin';
  const m = accessMessages;
  const hint = operator ? said(m.askAdmin, { command: `evidence-vault operator roles ${osUser} --role ${suggest}` }) : said(m.askAdd, { osUser, role: suggest });
  if (!operator) {
    return { allowed: false, reason: 'not-an-operator', needed, message: said(m.notAnOperator, { osUser, action: access.action, anyOf, anyOfZh }), hint };
  }
  if (!operator.active) {
    return { allowed: false, reason: 'inactive', needed, message: said(m.inactive, { osUser, name: operator.name, action: access.action }), hint: said(m.askAdmin, { command: `evidence-vault operator roles ${osUser} --role ${suggest}` }) };
  }
  const role = needed.find((r) => operator.roles.includes(r));
  if (role) return { allowed: true, role };
  const grant = `evidence-vault operator roles ${osUser} --role ${[...operator.roles, suggest].join(' --role ')}`;
  return {
    allowed: false,
    reason: 'missing-role',
    needed,
    message: said(m.missingRole, {
      osUser,
      name: operator.name,
      action: access.action,
      anyOf,
      anyOfZh,
      held: operator.roles.join(', ') || 'no roles',
      heldZh: operator.roles.length ? rolesZh(operator.roles, '、') : m.noRoles.zh,
    }),
    // An administrator is never sent to an administrator: they can grant it, on the record, and should
    // know that a role which approves is meant for another person. Anyone else is sent to a leader for a
    // leader's decision, not to the administrator for the role: the one who asked is not the one who approves.
    hint: keptApart(operator.roles, suggest)
      ? said(m.separateDuties, { anyOf, anyOfZh })
      : operator.roles.includes('admin')
        ? said(suggest === 'approver' ? m.youAreAdminApprover : m.youAreAdmin, { command: grant })
        : suggest === 'approver'
          ? said(m.leadersDecide)
          : said(m.askAdmin, { command: grant }),
  };
}

/** The auditor checks the others' work: no hint offers one person both (三员分立 keeps audit apart too). */
const CHECKED_BY_AUDITOR: readonly Role[] = ['custodian', 'archivist', 'admin'];

function keptApart(held: readonly Role[], wanted: Role): boolean {
  return (held.includes('auditor') && CHECKED_BY_AUDITOR.includes(wanted)) || (wanted === 'auditor' && held.some((r) => CHECKED_BY_AUDITOR.includes(r)));
}
