/**
 * Who may do what, pure. A command declares the roles allowed to run it; an operator holds roles.
 * The decision names the role the act is done in (recorded in the audit entry) or what is missing.
 */
import { ROLES, type Access, type Role } from './types.js';

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
  | { allowed: false; reason: 'not-an-operator' | 'inactive' | 'missing-role'; needed: readonly Role[]; message: string; hint: string };

export function isRole(text: string): text is Role {
  return (ROLES as readonly string[]).includes(text);
}

/** The first of the command's roles the operator holds, in the command's order (its most fitting role). */
export function decideAccess(osUser: string, operator: Operator | undefined, access: Access): AccessDecision {
  const needed = access.roles;
  const anyOf = needed.join(' or ');
  const suggest = needed[0] ?? 'admin';
  const hint = `ask an administrator: evidence-vault operator ${operator ? 'roles' : 'add'} ${osUser}${operator ? '' : ' --name "<full name>"'} --role ${suggest}`;
  if (!operator) {
    return { allowed: false, reason: 'not-an-operator', needed, message: `${osUser} is not an operator of this vault: "${access.action}" needs the role ${anyOf}`, hint };
  }
  if (!operator.active) {
    return { allowed: false, reason: 'inactive', needed, message: `operator ${osUser} (${operator.name}) is deactivated: "${access.action}" is refused`, hint: `ask an administrator: evidence-vault operator roles ${osUser} --role ${suggest}` };
  }
  const role = needed.find((r) => operator.roles.includes(r));
  if (role) return { allowed: true, role };
  const grant = `evidence-vault operator roles ${osUser} --role ${[...operator.roles, suggest].join(' --role ')}`;
  return {
    allowed: false,
    reason: 'missing-role',
    needed,
    message: `${osUser} (${operator.name}, ${operator.roles.join(', ') || 'no roles'}) lacks the role ${anyOf} needed for "${access.action}"`,
    // An administrator is never sent to an administrator: they can grant it, on the record, and should
    // know that a role which approves is meant for another person.
    hint: operator.roles.includes('admin')
      ? `you are an administrator: grant it (recorded) with ${grant}${suggest === 'approver' ? ' — though approving is meant to be a second person\'s act: better give the approver role to another operator' : ''}`
      : `ask an administrator: ${grant}`,
  };
}
