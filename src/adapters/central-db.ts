/**
 * The central catalogue's PostgreSQL (node-postgres, loaded when a central command opens it, so no
 * other command pays for it): the connection, the schema's versions, the one-index-at-a-time lock,
 * and the record of every index run. The tables' reads and writes are central-db-index.ts and
 * central-db-queries.ts, on the same pool.
 */
import type pg from 'pg';
import { errorCode, errorMessage, UserError } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { centralMessages as m } from '../core/i18n/central-messages.js';
import { CENTRAL_MIGRATIONS, CENTRAL_SCHEMA_VERSION } from './central-db-schema.js';

export interface CentralDbSettings {
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
}

/** Any key, the same for every central index: held by the run that writes, refused to a second. */
const INDEX_LOCK = 0x65766331; // "evc1"
const MIGRATION_LOCK = 0x65766332;

export type Queryable = Pick<pg.PoolClient, 'query'>;

export class CentralDb {
  private lockClient: pg.PoolClient | null = null;

  private constructor(
    readonly pool: pg.Pool,
    private readonly where: string,
    readonly database: string,
  ) {}

  /** Connects once to say at once whether the database can be reached and what it refuses. */
  static async open(s: CentralDbSettings): Promise<CentralDb> {
    const { default: pgModule } = await import('pg');
    // bigint and counts as numbers (ids and counts stay far below 2^53); dates and times as text.
    const int8 = (v: string) => Number(v);
    const asIso = (parse: (v: string) => unknown) => (v: string) => (parse(v) as Date).toISOString();
    const types = {
      getTypeParser: ((oid: number, format?: string) => {
        if (oid === 20) return int8;
        if (oid === 1082) return (v: string) => v;
        if (oid === 1184) return asIso(pgModule.types.getTypeParser(1184) as (v: string) => unknown);
        return pgModule.types.getTypeParser(oid, format as 'text');
      }) as typeof pgModule.types.getTypeParser,
    };
    const pool = new pgModule.Pool({ host: s.host, port: s.port, database: s.database, user: s.user, password: s.password, max: 10, connectionTimeoutMillis: 15_000, application_name: 'evidence-vault central', types });
    // An idle connection the server closed: the next query gets a new one; nothing to do here.
    pool.on('error', () => undefined);
    const where = `${s.host}:${s.port}/${s.database}`;
    const db = new CentralDb(pool, where, s.database);
    try {
      (await pool.connect()).release();
    } catch (err) {
      await pool.end().catch(() => undefined);
      throw db.forPerson(err);
    }
    return db;
  }

  /** A connection or server error as the person running the tool can act on it; anything else as it is. */
  forPerson(err: unknown): unknown {
    if (err instanceof UserError) return err;
    const code = errorCode(err) ?? '';
    const what = errorMessage(err);
    if (['ECONNREFUSED', 'ENOENT', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET', '57P01', '57P03', '53300'].includes(code) || /timeout|terminat|Connection terminated/i.test(what)) {
      return new UserError(said(m.dbUnreachable, { where: this.where, what }), m.dbUnreachableHint, 75);
    }
    if (['28P01', '28000', '3D000', '42501'].includes(code)) return new UserError(said(m.dbRefused, { where: this.where, what }), m.dbRefusedHint, 77);
    return err;
  }

  async query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<R[]> {
    try {
      return (await this.pool.query<R>(sql, params)).rows;
    } catch (err) {
      throw this.forPerson(err);
    }
  }

  /** `fn` in one transaction on one connection: all of it or none. */
  async transaction<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw this.forPerson(err);
    }
    try {
      await client.query('BEGIN');
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw this.forPerson(err);
    } finally {
      client.release();
    }
  }

  /** The schema's version, 0 when the database holds no central catalogue. */
  async schemaVersion(q: Queryable = this.pool): Promise<number> {
    const exists = await q.query<{ t: string | null }>("SELECT to_regclass('central_schema') AS t");
    if (!exists.rows[0]?.t) return 0;
    return (await q.query<{ v: number | null }>('SELECT max(version) AS v FROM central_schema')).rows[0]?.v ?? 0;
  }

  /** Brings the schema to this release's version (central index does, before it writes). */
  async migrate(now: () => string): Promise<number[]> {
    return this.transaction(async (q) => {
      await q.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
      await q.query('CREATE TABLE IF NOT EXISTS central_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL)');
      const have = await this.schemaVersion(q);
      if (have > CENTRAL_SCHEMA_VERSION) throw new UserError(said(m.schemaAhead, { database: this.database, have, want: CENTRAL_SCHEMA_VERSION }), m.schemaAheadHint);
      const applied: number[] = [];
      for (const mig of CENTRAL_MIGRATIONS.filter((x) => x.version > have)) {
        await q.query(mig.sql);
        await q.query('INSERT INTO central_schema (version, name, applied_at) VALUES ($1, $2, $3)', [mig.version, mig.name, now()]);
        applied.push(mig.version);
      }
      return applied;
    });
  }

  /** Reports and searches read a catalogue an index made, at this release's version; they never change it. */
  async assertSchema(): Promise<void> {
    let have: number;
    try {
      have = await this.schemaVersion();
    } catch (err) {
      throw this.forPerson(err);
    }
    if (have === 0) throw new UserError(said(m.noSchema, { database: this.database }), m.noSchemaHint);
    if (have < CENTRAL_SCHEMA_VERSION) throw new UserError(said(m.schemaBehind, { database: this.database, have, want: CENTRAL_SCHEMA_VERSION }), m.schemaBehindHint);
    if (have > CENTRAL_SCHEMA_VERSION) throw new UserError(said(m.schemaAhead, { database: this.database, have, want: CENTRAL_SCHEMA_VERSION }), m.schemaAheadHint);
  }

  /** Takes the index lock for this session, false when another run holds it; kept until `unlockIndex` or the connection ends. */
  async lockIndex(): Promise<boolean> {
    if (this.lockClient) return true;
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw this.forPerson(err);
    }
    const got = (await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [INDEX_LOCK])).rows[0]?.ok === true;
    if (!got) {
      client.release();
      return false;
    }
    this.lockClient = client;
    return true;
  }

  async unlockIndex(): Promise<void> {
    const client = this.lockClient;
    this.lockClient = null;
    if (!client) return;
    try {
      await client.query('SELECT pg_advisory_unlock($1)', [INDEX_LOCK]);
      client.release();
    } catch {
      // The connection went: the server released the lock with it.
      client.release(true);
    }
  }

  async startRun(r: { osAccount: string; startedAt: string; what: string }): Promise<number> {
    const rows = await this.query<{ id: number }>('INSERT INTO index_runs (os_account, started_at, what) VALUES ($1, $2, $3) RETURNING id', [r.osAccount, r.startedAt, r.what]);
    return rows[0]!.id;
  }

  async finishRun(id: number, r: { finishedAt: string; outcome: 'ok' | 'findings' | 'failed' | 'refused'; details: unknown; error: string | null }): Promise<void> {
    await this.query('UPDATE index_runs SET finished_at = $2, outcome = $3, details = $4, error = $5 WHERE id = $1', [id, r.finishedAt, r.outcome, JSON.stringify(r.details ?? null), r.error]);
  }

  /** A run refused before it could start (another holds the lock): on the record all the same. */
  async recordRefusedRun(r: { osAccount: string; at: string; what: string; error: string }): Promise<void> {
    await this.query("INSERT INTO index_runs (os_account, started_at, finished_at, what, outcome, error) VALUES ($1, $2, $2, $3, 'refused', $4)", [r.osAccount, r.at, r.what, r.error]);
  }

  async close(): Promise<void> {
    await this.unlockIndex();
    await this.pool.end();
  }
}
