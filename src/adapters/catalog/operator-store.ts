/** SQL for operators and their roles. */
import type { Operator } from '../../core/access-policy.js';
import type { Role } from '../../core/types.js';
import type { Db } from './database.js';

interface OperatorRow {
  os_user: string;
  name: string;
  roles: string;
  active: number;
  created_at: string;
  updated_at: string;
}

const toOperator = (r: OperatorRow): Operator => ({
  osUser: r.os_user,
  name: r.name,
  roles: JSON.parse(r.roles) as Role[],
  active: r.active === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export class OperatorStore {
  constructor(private readonly db: Db) {}

  get(osUser: string): Operator | undefined {
    const r = this.db.prepare('SELECT * FROM operators WHERE os_user = ?').get(osUser) as OperatorRow | undefined;
    return r && toOperator(r);
  }

  list(): Operator[] {
    return (this.db.prepare('SELECT * FROM operators ORDER BY os_user').all() as OperatorRow[]).map(toOperator);
  }

  count(): number {
    return (this.db.prepare('SELECT count(*) AS n FROM operators').get() as { n: number }).n;
  }

  /** Active operators holding `role` (to keep at least one administrator). */
  activeWith(role: Role): string[] {
    return (
      this.db.prepare("SELECT os_user FROM operators WHERE active = 1 AND EXISTS (SELECT 1 FROM json_each(roles) WHERE value = ?)").all(role) as { os_user: string }[]
    ).map((r) => r.os_user);
  }

  insert(o: Operator): void {
    this.db
      .prepare('INSERT INTO operators (os_user, name, roles, active, created_at, updated_at) VALUES (@osUser, @name, @roles, @active, @createdAt, @updatedAt)')
      .run({ ...o, roles: JSON.stringify(o.roles), active: o.active ? 1 : 0 });
  }

  update(osUser: string, change: { roles: Role[]; active: boolean; updatedAt: string }): void {
    this.db
      .prepare('UPDATE operators SET roles = @roles, active = @active, updated_at = @updatedAt WHERE os_user = @osUser')
      .run({ osUser, roles: JSON.stringify(change.roles), active: change.active ? 1 : 0, updatedAt: change.updatedAt });
  }
}
