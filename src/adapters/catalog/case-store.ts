/** SQL for cases and their links to recordings. */
import type { CaseViewEntry } from '../../core/case-view.js';
import type { Db } from './database.js';

export interface Case {
  id: number;
  number: string;
  title: string;
  category: string;
  status: 'open' | 'closed';
  notes: string | null;
  place: string | null;
  createdAt: string;
  createdBy: string;
}

/** The columns of a case, named as the Case fields (read straight into a Case). */
const CASE = `c.id, c.number, c.title, c.category, c.status, c.notes, c.place, c.created_at AS createdAt, c.created_by AS createdBy`;

export class CaseStore {
  constructor(private readonly db: Db) {}

  insert(c: Omit<Case, 'id'>): number {
    const info = this.db
      .prepare('INSERT INTO cases (number, title, category, status, notes, place, created_at, created_by) VALUES (@number, @title, @category, @status, @notes, @place, @createdAt, @createdBy)')
      .run(c);
    return Number(info.lastInsertRowid);
  }

  byNumber(number: string): Case | undefined {
    return this.db.prepare(`SELECT ${CASE} FROM cases c WHERE c.number = ?`).get(number) as Case | undefined;
  }

  byId(id: number): Case | undefined {
    return this.db.prepare(`SELECT ${CASE} FROM cases c WHERE c.id = ?`).get(id) as Case | undefined;
  }

  list(status?: string): (Case & { recordings: number })[] {
    return this.db
      .prepare(
        `SELECT ${CASE}, (SELECT count(*) FROM case_recordings cr WHERE cr.case_id = c.id) AS recordings FROM cases c
         ${status ? 'WHERE c.status = @status' : ''} ORDER BY c.created_at, c.id`,
      )
      .all(status ? { status } : {}) as (Case & { recordings: number })[];
  }

  /** Closing keeps the first closing time of a case already closed (P25's 30 days run from it); reopening clears it. */
  setStatus(caseId: number, status: 'open' | 'closed', at: string): void {
    this.db
      .prepare(`UPDATE cases SET status = @status, closed_at = CASE WHEN @status = 'closed' THEN coalesce(closed_at, @at) ELSE NULL END WHERE id = @caseId`)
      .run({ status, at, caseId });
  }

  /** Link, skipping links that exist already; returns the ids newly linked. */
  link(caseId: number, recordingIds: readonly number[], linkedAt: string, linkedBy: string): number[] {
    const stmt = this.db.prepare('INSERT OR IGNORE INTO case_recordings (case_id, recording_id, linked_at, linked_by) VALUES (?, ?, ?, ?)');
    return recordingIds.filter((id) => stmt.run(caseId, id, linkedAt, linkedBy).changes > 0);
  }

  unlink(caseId: number, recordingIds: readonly number[]): number[] {
    const stmt = this.db.prepare('DELETE FROM case_recordings WHERE case_id = ? AND recording_id = ?');
    return recordingIds.filter((id) => stmt.run(caseId, id).changes > 0);
  }

  recordingIds(caseId: number): number[] {
    return (this.db.prepare('SELECT recording_id AS id FROM case_recordings WHERE case_id = ? ORDER BY recording_id').all(caseId) as { id: number }[]).map((r) => r.id);
  }

  casesOfRecordings(recordingIds: readonly number[]): Case[] {
    return this.db
      .prepare(`SELECT DISTINCT ${CASE} FROM cases c JOIN case_recordings cr ON cr.case_id = c.id WHERE cr.recording_id IN (SELECT value FROM json_each(?))`)
      .all(JSON.stringify(recordingIds)) as Case[];
  }

  /** What the case view lists: every linked recording with its disposal date, if any. */
  viewEntries(caseId: number): CaseViewEntry[] {
    return this.db
      .prepare(
        `SELECT r.id AS recordingId, r.local_date AS localDate, r.started_at AS startedAt, r.vault_path AS vaultPath, r.sha256, r.size,
                r.device_number AS deviceNumber, r.officer_id AS officerId, t.disposed_at AS disposedAt
         FROM case_recordings cr JOIN recordings r ON r.id = cr.recording_id LEFT JOIN tombstones t ON t.recording_id = r.id
         WHERE cr.case_id = ? ORDER BY r.started_at_epoch_ms, r.id`,
      )
      .all(caseId) as ReturnType<CaseStore['viewEntries']>;
  }
}
