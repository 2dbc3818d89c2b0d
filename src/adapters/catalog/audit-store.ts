/** SQL for the audit_log table. The table refuses UPDATE and DELETE by trigger. */
import type { AuditEntry, AuditFields, AuditOutcome } from '../../core/audit-chain.js';
import type Database from 'better-sqlite3';
import { statementCache, type Db } from './database.js';

/** A row as stored: the entry's fields, its details as JSON text, the chain links in snake case. */
type AuditRow = Omit<AuditFields, 'details'> & { details: string; prev_hash: string; hash: string };

export function rowToEntry(r: AuditRow): AuditEntry {
  const { details, prev_hash, hash, ...fields } = r;
  return { ...fields, details: JSON.parse(details) as Record<string, unknown>, prevHash: prev_hash, hash };
}

export interface AuditQuery {
  fromIso?: string;
  toIso?: string;
  action?: string;
  operator?: string;
  target?: string;
  outcome?: AuditOutcome;
  afterSeq?: number;
  limit?: number;
}

export class AuditStore {
  constructor(private readonly db: Db) {}

  private statements?: (sql: string) => Database.Statement;
  /** Each SQL compiled once per connection (database.ts). */
  private sql(sql: string): Database.Statement {
    return (this.statements ??= statementCache(this.db))(sql);
  }

  head(): { seq: number; hash: string } | undefined {
    return this.sql('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1').get() as
      | { seq: number; hash: string }
      | undefined;
  }

  /** The last entry of `action` on `target` (by the index on action and target), or undefined. */
  latest(action: string, target: string): AuditEntry | undefined {
    const row = this.sql('SELECT * FROM audit_log WHERE action = ? AND target = ? ORDER BY seq DESC LIMIT 1').get(action, target) as AuditRow | undefined;
    return row && rowToEntry(row);
  }

  /** The last sequence number known to be in the JSON-lines file. */
  fileMark(): number {
    return (this.sql('SELECT last_seq FROM audit_file_state WHERE id = 1').get() as { last_seq: number }).last_seq;
  }

  setFileMark(seq: number): void {
    this.sql('UPDATE audit_file_state SET last_seq = ? WHERE id = 1').run(seq);
  }

  insert(e: AuditEntry): void {
    this.sql(
        `INSERT INTO audit_log (seq, at, operator, role, action, target, outcome, details, prev_hash, hash)
         VALUES (@seq, @at, @operator, @role, @action, @target, @outcome, @details, @prevHash, @hash)`,
      )
      .run({ ...e, details: JSON.stringify(e.details) });
  }

  /** Entries in sequence order; streamed so a long trail never sits in memory. */
  *iterate(q: AuditQuery = {}): Generator<AuditEntry> {
    const where: string[] = [];
    const params: Record<string, unknown> = {};
    if (q.afterSeq !== undefined) {
      where.push('seq > @afterSeq');
      params.afterSeq = q.afterSeq;
    }
    if (q.action) {
      // "export" matches export and export.verify alike.
      where.push("(action = @action OR action LIKE @actionPrefix)");
      params.action = q.action;
      params.actionPrefix = `${q.action}.%`;
    }
    for (const column of ['operator', 'target', 'outcome'] as const) {
      const value = q[column];
      if (value) {
        where.push(`${column} = @${column}`);
        params[column] = value;
      }
    }
    // Times carry offsets; comparing instants needs julianday, not text.
    if (q.fromIso) {
      where.push('julianday(at) >= julianday(@fromIso)');
      params.fromIso = q.fromIso;
    }
    if (q.toIso) {
      where.push('julianday(at) < julianday(@toIso)');
      params.toIso = q.toIso;
    }
    const sql = `SELECT * FROM audit_log ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY seq${q.limit ? ' LIMIT @limit' : ''}`;
    if (q.limit) params.limit = q.limit;
    for (const row of this.db.prepare(sql).iterate(params) as Iterable<AuditRow>) yield rowToEntry(row);
  }
}
