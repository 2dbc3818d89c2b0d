/**
 * The catalogue's side of `restore-station`: the rows of a station rebuilt from the object store, with
 * their original ids, written inside the one transaction that also puts the station's trail in place.
 * The trail is append-only by trigger; replacing it is allowed here alone, on a vault holding nothing
 * but what `init` wrote (the service checks that inside the same transaction), and the trigger stands
 * again before the transaction commits.
 */
import type { AuditEntry } from '../../core/audit-chain.js';
import type { CaseRow, DeviceRow, HoldRow, OfficerRow, RecordingRow } from '../../core/station-restore-rows.js';
import { rowToEntry } from './audit-store.js';
import { statementCache, type Db } from './database.js';

export interface TombstoneRow {
  recordingId: number;
  sha256: string;
  size: number;
  vaultPath: string;
  localDate: string;
  metadata: Record<string, unknown>;
  approvedBy: string;
  reason: string;
  disposedAt: string;
  storeRemovedAt: string | null;
}

export class StationRestoreStore {
  private readonly sql;

  constructor(private readonly db: Db) {
    this.sql = statementCache(db);
  }

  counts(): { recordings: number; tombstones: number } {
    return this.sql('SELECT (SELECT count(*) FROM recordings) AS recordings, (SELECT count(*) FROM tombstones) AS tombstones').get() as { recordings: number; tombstones: number };
  }

  /** The latest successful entry of `action`, or undefined. */
  lastOk(action: string): AuditEntry | undefined {
    const r = this.sql(`SELECT * FROM audit_log WHERE action = ? AND outcome = 'ok' ORDER BY seq DESC LIMIT 1`).get(action) as Parameters<typeof rowToEntry>[0] | undefined;
    return r && rowToEntry(r);
  }

  /** The trail replaced by `entries` (in seq order); returns how many. Inside a transaction only. */
  replaceTrail(entries: Iterable<AuditEntry>): number {
    if (!this.db.inTransaction) throw new Error('the trail is replaced inside a transaction only');
    const trigger = this.sql("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_log_no_delete'").get() as { sql: string } | undefined;
    if (!trigger) throw new Error('audit_log_no_delete is missing: the catalogue was tampered with');
    this.db.exec('DROP TRIGGER audit_log_no_delete');
    this.db.exec('DELETE FROM audit_log');
    this.db.exec(trigger.sql);
    const insert = this.sql(
      `INSERT INTO audit_log (seq, at, operator, role, action, target, outcome, details, prev_hash, hash)
       VALUES (@seq, @at, @operator, @role, @action, @target, @outcome, @details, @prevHash, @hash)`,
    );
    let n = 0;
    for (const e of entries) {
      insert.run({ seq: e.seq, at: e.at, operator: e.operator, role: e.role, action: e.action, target: e.target, outcome: e.outcome, details: JSON.stringify(e.details), prevHash: e.prevHash, hash: e.hash });
      n++;
    }
    return n;
  }

  saveOfficer(o: OfficerRow): void {
    this.sql(
      `INSERT INTO officers (id, name, unit, created_at) VALUES (@id, @name, @unit, @createdAt)
       ON CONFLICT (id) DO UPDATE SET name = excluded.name, unit = excluded.unit`,
    ).run(o);
  }

  /** A recorder the trail added; one already there (or whose serial is taken) stays as it is. */
  saveDevice(d: DeviceRow): void {
    this.sql(
      `INSERT OR IGNORE INTO devices (number, brand, model, serial, created_at, asset_number, purchased_on)
       VALUES (@number, @brand, @model, @serial, @createdAt, @assetNumber, @purchasedOn)`,
    ).run(d);
  }

  /** The case by its number (made when new, with its original id when that is free); returns its id. */
  saveCase(c: CaseRow): number {
    const there = this.sql('SELECT id FROM cases WHERE number = ?').get(c.number) as { id: number } | undefined;
    if (there) {
      this.sql('UPDATE cases SET category = ? WHERE id = ?').run(c.category, there.id);
      return there.id;
    }
    const free = c.id !== null && !this.sql('SELECT 1 FROM cases WHERE id = ?').get(c.id);
    const info = this.sql(
      `INSERT INTO cases (id, number, title, category, status, created_at, created_by, closed_at)
       VALUES (@id, @number, @title, @category, @status, @createdAt, @createdBy, @closedAt)`,
    ).run({ ...c, id: free ? c.id : null, status: c.closedAt ? 'closed' : 'open' });
    return Number(info.lastInsertRowid);
  }

  saveRecording(r: RecordingRow): void {
    this.sql(
      `INSERT INTO recordings (id, sha256, size, vault_path, original_name, source_path, device_number, officer_id, started_at,
         started_at_epoch_ms, started_at_source, local_date, duration_seconds, format, ingested_at, flags)
       VALUES (@id, @sha256, @size, @vaultPath, @originalName, @sourcePath, @deviceNumber, @officerId, @startedAt,
         @startedAtEpochMs, @startedAtSource, @localDate, @durationSeconds, @format, @ingestedAt, @flags)`,
    ).run({ ...r, flags: JSON.stringify(r.flags) });
  }

  linkCase(caseId: number, recordingId: number, at: string, by: string): void {
    this.sql('INSERT OR IGNORE INTO case_recordings (case_id, recording_id, linked_at, linked_by) VALUES (?, ?, ?, ?)').run(caseId, recordingId, at, by);
  }

  /** R14: a restored recording's level as its metadata said it (its own or its case's), set on the recording. */
  saveLevel(recordingId: number, level: string, at: string, by: string): void {
    this.sql('INSERT INTO classifications (recording_id, level, reason, set_at, set_by) VALUES (?, ?, ?, ?, ?)').run(recordingId, level, 'restore-station: the level its metadata in the object store gave', at, by);
  }

  saveHold(h: HoldRow, at: string, by: string): void {
    this.sql('INSERT INTO holds (recording_id, reason, note, placed_at, placed_by, permanent) VALUES (?, ?, ?, ?, ?, ?)').run(h.recordingId, h.reason, h.note, at, by, h.permanent ? 1 : 0);
  }

  /** A disposed recording's tombstone: its file is not on this disk, nor ever will be. */
  saveTombstone(t: TombstoneRow): void {
    this.sql(
      `INSERT INTO tombstones (recording_id, sha256, size, vault_path, local_date, metadata, approved_by, reason, disposed_at, file_removed_at, store_removed_at)
       VALUES (@recordingId, @sha256, @size, @vaultPath, @localDate, @metadata, @approvedBy, @reason, @disposedAt, @disposedAt, @storeRemovedAt)`,
    ).run({ ...t, metadata: JSON.stringify(t.metadata) });
  }

  /**
   * The outbox the new rows' triggers filled, emptied: the store holds them already. Only the disposals
   * whose bytes are still in the store stay queued, for the station to finish them as it would have.
   */
  clearOutbox(keepDisposalsOf: ReadonlySet<number>): void {
    this.sql("DELETE FROM replication_outbox WHERE NOT (kind = 'dispose' AND recording_id IN (SELECT value FROM json_each(?)))").run(JSON.stringify([...keepDisposalsOf]));
  }
}
