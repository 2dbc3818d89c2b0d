/** Operators and their roles. Every change is audited; the last active administrator cannot be removed. */
import { isRole, type Operator } from '../core/access-policy.js';
import { UserError } from '../core/errors.js';
import type { Role } from '../core/types.js';
import { ROLES } from '../core/types.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { OperatorStore } from '../adapters/catalog/operator-store.js';
import type { AuditTrail } from './audit-trail.js';

export class OperatorService {
  constructor(
    private readonly store: OperatorStore,
    private readonly audit: AuditTrail,
    private readonly clock: UnitClock,
  ) {}

  get(osUser: string): Operator | undefined {
    return this.store.get(osUser);
  }

  list(): Operator[] {
    return this.store.list();
  }

  /**
   * A fresh catalogue has no operators: the account that runs `evidence-vault init` (the installer,
   * or a newcomer following the README) becomes its administrator, so nobody is locked out. Audited.
   */
  ensureFirstAdmin(osUser: string): Operator | undefined {
    if (this.store.count() > 0) return undefined;
    const now = this.nowIso();
    const op: Operator = { osUser, name: osUser, roles: ['admin'], active: true, createdAt: now, updatedAt: now };
    try {
      this.audit.run({ action: 'operator.bootstrap', target: osUser, details: { roles: op.roles, why: 'ran evidence-vault init on a catalogue without operators' } }, () => {
        // Re-checked under the write lock: of two first commands at once, one makes the administrator.
        if (this.store.count() > 0) throw new AlreadyBootstrapped('another account became the first administrator first');
        this.store.insert(op);
      });
    } catch (err) {
      if (err instanceof AlreadyBootstrapped) return undefined;
      throw err;
    }
    return op;
  }

  add(input: { osUser: string; name: string; roles: string[] }): Operator {
    const roles = parseRoles(input.roles);
    if (!input.osUser.trim() || /\s/.test(input.osUser)) throw new UserError({ zh: `“${input.osUser}”不是系统账户名`, en: `"${input.osUser}" is not an OS account name` }, { zh: '请给出登录名，例如 zhangsan。', en: 'Give the login name, e.g. zhangsan.' });
    if (!input.name.trim()) throw new UserError({ zh: '操作员须有姓名（--name）', en: 'an operator needs a name (--name)' });
    if (this.store.get(input.osUser)) {
      throw new UserError(
        { zh: `操作员 ${input.osUser} 已存在`, en: `operator ${input.osUser} already exists` },
        { zh: `变更角色：evidence-vault operator roles ${input.osUser} --role …`, en: `Change roles with: evidence-vault operator roles ${input.osUser} --role …` },
      );
    }
    const now = this.nowIso();
    const op: Operator = { osUser: input.osUser, name: input.name.trim(), roles, active: true, createdAt: now, updatedAt: now };
    this.audit.run({ action: 'operator.add', target: op.osUser, details: { name: op.name, roles } }, () => this.store.insert(op));
    return op;
  }

  /**
   * Replace an operator's roles (re-activating a deactivated one). `first` runs in the same write
   * transaction, before the change: what must be settled while they are still deactivated (their grants
   * ended), with no deactivation by another command able to slip in between.
   */
  setRoles(osUser: string, roleTexts: string[], first?: () => void): Operator {
    const roles = parseRoles(roleTexts);
    const before = this.require(osUser);
    this.audit.run({ action: 'operator.roles', target: osUser, details: { from: before.roles, to: roles, wasActive: before.active } }, () => {
      first?.();
      if (!roles.includes('admin')) this.keepAnAdmin(osUser);
      this.store.update(osUser, { roles, active: true, updatedAt: this.nowIso() });
    });
    return this.require(osUser);
  }

  deactivate(osUser: string): Operator {
    const before = this.require(osUser);
    this.audit.run({ action: 'operator.deactivate', target: osUser, details: { roles: before.roles } }, () => {
      this.keepAnAdmin(osUser);
      this.store.update(osUser, { roles: before.roles, active: false, updatedAt: this.nowIso() });
    });
    return this.require(osUser);
  }

  private keepAnAdmin(losing: string): void {
    const admins = this.store.activeWith('admin').filter((u) => u !== losing);
    if (admins.length === 0) throw new UserError(
        { zh: `${losing} 是最后一名在职的系统管理员`, en: `${losing} is the last active administrator` },
        { zh: '请先让另一名操作员成为系统管理员：evidence-vault operator roles <user> --role admin', en: 'Make another operator admin first: evidence-vault operator roles <user> --role admin' },
      );
  }

  private require(osUser: string): Operator {
    const op = this.store.get(osUser);
    if (!op) throw new UserError({ zh: `无此操作员：${osUser}`, en: `no operator ${osUser}` }, { zh: '查看操作员：evidence-vault operator list', en: 'See: evidence-vault operator list' });
    return op;
  }

  private nowIso(): string {
    return this.clock.nowIso();
  }
}

function parseRoles(texts: string[]): Role[] {
  if (!texts.length) throw new UserError({ zh: '请至少给出一个 --role', en: 'give at least one --role' }, { zh: `角色：${ROLES.join('、')}`, en: `Roles: ${ROLES.join(', ')}` });
  const bad = texts.filter((t) => !isRole(t));
  if (bad.length) throw new UserError({ zh: `未知角色 ${bad.map((b) => `“${b}”`).join('、')}`, en: `unknown role ${bad.map((b) => `"${b}"`).join(', ')}` }, { zh: `角色：${ROLES.join('、')}`, en: `Roles: ${ROLES.join(', ')}` });
  return [...new Set(texts as Role[])];
}

class AlreadyBootstrapped extends Error {}
