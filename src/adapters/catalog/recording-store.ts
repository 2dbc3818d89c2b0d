/** SQL for recordings and ingest sessions. */
import { DOCKED_DAYS } from './docked-days.js';
import type { Recording, RecordingFlag, StartTimeSource } from '../../core/types.js';
import type Database from 'better-sqlite3';
import { inTransaction, statementCache, type Db } from './database.js';
import { QUEUE_PUT } from './replication-store.js';

interface RecordingRow {
  id: number;
  sha256: string;
  size: number;
  vault_path: string;
  original_name: string;
  source_path: string;
  device_number: string | null;
  officer_id: string | null;
  started_at: string;
  started_at_source: StartTimeSource;
  local_date: string;
  duration_seconds: number | null;
  format: string | null;
  video_codec: string | null;
  audio_codec: string | null;
  width: number | null;
  height: number | null;
  probe_error: string | null;
  ingested_at: string;
  session_id: number | null;
  flags: string;
  clock_skew_seconds?: number | null;
  disposed_at?: string | null;
}

export function rowToRecording(r: RecordingRow): Recording {
  return {
    id: r.id,
    sha256: r.sha256,
    size: r.size,
    vaultPath: r.vault_path,
    originalName: r.original_name,
    sourcePath: r.source_path,
    deviceNumber: r.device_number,
    officerId: r.officer_id,
    startedAt: r.started_at,
    startedAtSource: r.started_at_source,
    localDate: r.local_date,
    durationSeconds: r.duration_seconds,
    format: r.format,
    videoCodec: r.video_codec,
    audioCodec: r.audio_codec,
    width: r.width,
    height: r.height,
    probeError: r.probe_error,
    ingestedAt: r.ingested_at,
    sessionId: r.session_id,
    flags: JSON.parse(r.flags) as RecordingFlag[],
    clockSkewSeconds: r.clock_skew_seconds ?? null,
    ...(r.disposed_at === undefined ? {} : { disposedAt: r.disposed_at }),
  };
}

/** A recording's columns and when it was disposed of (null while kept): what a listing shows. */
const WITH_DISPOSAL = 'recordings.*, (SELECT t.disposed_at FROM tombstones t WHERE t.recording_id = recordings.id) AS disposed_at';

/** A stored recording and the source its session read (key null for sessions before source keys). */
export type StoredFrom = Recording & { sourceKey: string | null; sourceRoot: string | null };

export type NewRecording = Omit<Recording, 'id'> & { startedAtEpochMs: number; sourceMtime: string | null };

/** What a fixity check reads of a recording. */
export interface CheckRow {
  id: number;
  vaultPath: string;
  sha256: string;
  size: number;
}

export interface RecordingFilter {
  fromMs?: number;
  toMs?: number;
  deviceNumber?: string;
  officerId?: string;
  ids?: readonly number[];
  /** Only recordings carrying this flag (quarantined, probe-error …). */
  flag?: string;
  /** Leave out lawfully disposed recordings (a tombstone stands where their file was). */
  live?: boolean;
}

function filterSql(f: RecordingFilter): { where: string; params: Record<string, unknown> } {
  const clauses: string[] = [];
  const params: Record<string, unknown> = {};
  if (f.fromMs !== undefined) {
    clauses.push('started_at_epoch_ms >= @fromMs');
    params.fromMs = f.fromMs;
  }
  if (f.toMs !== undefined) {
    clauses.push('started_at_epoch_ms < @toMs');
    params.toMs = f.toMs;
  }
  if (f.deviceNumber !== undefined) {
    clauses.push('device_number = @deviceNumber');
    params.deviceNumber = f.deviceNumber;
  }
  if (f.officerId !== undefined) {
    clauses.push('officer_id = @officerId');
    params.officerId = f.officerId;
  }
  if (f.ids) {
    clauses.push(`id IN (SELECT value FROM json_each(@ids))`);
    params.ids = JSON.stringify(f.ids);
  }
  if (f.flag !== undefined) {
    clauses.push('EXISTS (SELECT 1 FROM json_each(flags) WHERE value = @flag)');
    params.flag = f.flag;
  }
  if (f.live) clauses.push('id NOT IN (SELECT recording_id FROM tombstones)');
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

export class RecordingStore {
  constructor(private readonly db: Db) {}

  private statements?: (sql: string) => Database.Statement;
  /** Each SQL compiled once per connection (database.ts). */
  private sql(sql: string): Database.Statement {
    return (this.statements ??= statementCache(this.db))(sql);
  }

  /**
   * A new recording, queued for the object store's upload in the same transaction (an outbox row is
   * queued whether or not a store is configured: turning replication on sends what is queued). Not
   * by a trigger, as its other changes are (migrations-replication.ts): an AFTER INSERT trigger makes
   * SQLite keep a statement journal of the twenty pages every row's INSERT touches (ten indexes). An
   * ingest's row took 100-140 µs so, 55-65 µs with this second statement, on the main thread that
   * paces the ingest of small files.
   */
  insert(r: NewRecording): number {
    // Both statements or neither: one alone is its own transaction.
    if (!this.db.inTransaction) return inTransaction(this.db, () => this.insert(r));
    const info = this.sql(
        `INSERT INTO recordings (sha256, size, vault_path, original_name, source_path, device_number, officer_id,
           started_at, started_at_epoch_ms, started_at_source, local_date, duration_seconds, format, video_codec,
           audio_codec, width, height, probe_error, source_mtime, ingested_at, session_id, flags, clock_skew_seconds)
         VALUES (@sha256, @size, @vaultPath, @originalName, @sourcePath, @deviceNumber, @officerId,
           @startedAt, @startedAtEpochMs, @startedAtSource, @localDate, @durationSeconds, @format, @videoCodec,
           @audioCodec, @width, @height, @probeError, @sourceMtime, @ingestedAt, @sessionId, @flags, @clockSkewSeconds)`,
      )
      .run({ ...r, flags: JSON.stringify(r.flags), clockSkewSeconds: r.clockSkewSeconds ?? null });
    const id = Number(info.lastInsertRowid);
    this.sql(QUEUE_PUT).run(id);
    return id;
  }

  get(id: number): Recording | undefined {
    const r = this.sql(`SELECT ${WITH_DISPOSAL} FROM recordings WHERE id = ?`).get(id) as RecordingRow | undefined;
    return r && rowToRecording(r);
  }

  /** A recording not disposed of, or undefined (no such id, or tombstoned). */
  getLive(id: number): Recording | undefined {
    const r = this.sql('SELECT * FROM recordings WHERE id = ? AND id NOT IN (SELECT recording_id FROM tombstones)').get(id) as RecordingRow | undefined;
    return r && rowToRecording(r);
  }

  byVaultPath(vaultPath: string): Recording | undefined {
    const r = this.sql('SELECT * FROM recordings WHERE vault_path = ?').get(vaultPath) as RecordingRow | undefined;
    return r && rowToRecording(r);
  }

  /** Candidates for "already stored": same original name and size, with where their session read them. */
  sameNameAndSize(originalName: string, size: number): StoredFrom[] {
    const rows = this.sql(
        `SELECT r.*, s.source_key AS from_key, s.source_root AS from_root FROM recordings r
           LEFT JOIN ingest_sessions s ON s.id = r.session_id
          WHERE r.original_name = @originalName AND r.size = @size`,
      )
      .all({ originalName, size }) as (RecordingRow & { from_key: string | null; from_root: string | null })[];
    return rows.map((r) => ({ ...rowToRecording(r), sourceKey: r.from_key, sourceRoot: r.from_root }));
  }

  *iterate(f: RecordingFilter = {}): Generator<Recording> {
    const { where, params } = filterSql(f);
    // Compiled for this loop alone: a cached statement is busy while iterated, so the same listing
    // asked for inside the loop (or after a caller walked away from one) would throw (database.ts).
    const stmt = this.db.prepare(`SELECT ${WITH_DISPOSAL} FROM recordings ${where} ORDER BY started_at_epoch_ms, id`);
    for (const row of stmt.iterate(params) as Iterable<RecordingRow>) yield rowToRecording(row);
  }

  list(f: RecordingFilter = {}): Recording[] {
    return [...this.iterate(f)];
  }

  /** Some recording holds exactly these bytes (a copy left by a crash repeats it). */
  holdsBytes(sha256: string, size: number): boolean {
    return this.sql('SELECT 1 FROM recordings WHERE sha256 = ? AND size = ? LIMIT 1').get(sha256, size) !== undefined;
  }

  /**
   * What a check will read: how many rows, their bytes, and the highest id now (rows committed after
   * this are the next check's). With `live`, disposed recordings are left out.
   */
  checkTotals(f: RecordingFilter = {}): { files: number; bytes: number; maxId: number } {
    const { where, params } = filterSql({ ...f, live: false });
    const live = f.live ? `${where ? ' AND' : 'WHERE'} NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.recording_id = recordings.id)` : '';
    const r = this.db.prepare(`SELECT count(*) AS files, total(size) AS bytes, coalesce(max(id), 0) AS maxId FROM recordings ${where}${live}`).get(params) as { files: number; bytes: number; maxId: number };
    return { files: r.files, bytes: r.bytes, maxId: r.maxId };
  }

  /**
   * The next rows of a check, in id order after `afterId` up to `maxId`: what a check needs of each
   * (id, path, hash, size) and no more, so a million-row check holds one page at a time.
   */
  checkPage(f: RecordingFilter, afterId: number, maxId: number, limit: number): CheckRow[] {
    const { where, params } = filterSql({ ...f, live: false });
    const clauses = [where ? where.slice('WHERE '.length) : '', 'id > @afterId AND id <= @maxId'];
    if (f.live) clauses.push('NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.recording_id = recordings.id)');
    const sql = `SELECT id, vault_path AS vaultPath, sha256, size FROM recordings WHERE ${clauses.filter(Boolean).join(' AND ')} ORDER BY id LIMIT @limit`;
    return this.sql(sql).all({ ...params, afterId, maxId, limit }) as CheckRow[];
  }

  /** A recording's row as a check reads it, unless it was disposed of (tombstoned). */
  liveCheckRow(id: number): CheckRow | undefined {
    return this.sql(
      'SELECT id, vault_path AS vaultPath, sha256, size FROM recordings r WHERE id = ? AND NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.recording_id = r.id)',
    ).get(id) as CheckRow | undefined;
  }

  /** Every catalogued vault path: to tell unexpected files from expected ones. */
  hasVaultPath(vaultPath: string): boolean {
    return this.sql('SELECT 1 FROM recordings WHERE vault_path = ?').get(vaultPath) !== undefined;
  }
}

export interface SessionCounts {
  filesStored: number;
  bytesStored: number;
  filesAlready: number;
  filesFailed: number;
}

export class SessionStore {
  constructor(private readonly db: Db) {}

  start(sourceRoot: string, deviceNumber: string | null, operator: string, startedAt: string, sourceKey: string): number {
    const info = this.db.prepare("INSERT INTO ingest_sessions (started_at, source_root, device_number, operator, status, source_key) VALUES (?, ?, ?, ?, 'running', ?)")
      .run(startedAt, sourceRoot, deviceNumber, operator, sourceKey);
    return Number(info.lastInsertRowid);
  }

  finish(id: number, status: 'done' | 'failed' | 'interrupted', finishedAt: string, counts: SessionCounts, summary: unknown): void {
    this.db.prepare(
        `UPDATE ingest_sessions SET status = @status, finished_at = @finishedAt, files_stored = @filesStored,
           bytes_stored = @bytesStored, files_already = @filesAlready, files_failed = @filesFailed, summary = @summary
         WHERE id = @id`,
      )
      .run({ id, status, finishedAt, ...counts, summary: JSON.stringify(summary) });
  }

  /** Recorders whose footage was stored on `localDate` (YYYY-MM-DD, unit zone): docked-days.ts. */
  dockedOn(localDate: string): Set<string> {
    const rows = this.db.prepare(`SELECT deviceNumber AS n FROM (${DOCKED_DAYS}) WHERE localDate = ?`).all(localDate) as { n: string }[];
    return new Set(rows.map((r) => r.n));
  }
}
