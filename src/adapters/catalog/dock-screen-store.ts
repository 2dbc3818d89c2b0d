/** SQL for the dock screen: the ingest sessions of one local day, counts only (never a file name). */
import type { Db } from './database.js';

export interface DaySession {
  id: number;
  deviceNumber: string | null;
  status: 'running' | 'done' | 'failed' | 'interrupted';
  startedAt: string;
  finishedAt: string | null;
  filesStored: number;
  bytesStored: number;
  filesAlready: number;
  /** Files not stored: failed, refused, unreadable or not reached (they stay on the recorder). */
  filesLeft: number;
  /** Its footage went to quarantine: the recorder was not recognised. */
  quarantined: boolean;
}

export class DockScreenStore {
  constructor(private readonly db: Db) {}

  /** Sessions started on `localDate` (YYYY-MM-DD, unit zone), newest first. */
  sessionsOn(localDate: string, limit = 200): DaySession[] {
    const rows = this.db
      .prepare(
        `SELECT s.id, s.device_number, s.status, s.started_at, s.finished_at, s.files_stored, s.bytes_stored, s.files_already, s.files_failed,
           (s.device_number IS NULL AND EXISTS (SELECT 1 FROM recordings r WHERE r.session_id = s.id AND r.flags LIKE '%"quarantined"%')) AS quarantined
         FROM ingest_sessions s WHERE substr(s.started_at, 1, 10) = ? ORDER BY s.id DESC LIMIT ?`,
      )
      .all(localDate, limit) as Record<string, unknown>[];
    return rows.map((r) => ({
      id: r.id as number,
      deviceNumber: r.device_number as string | null,
      status: r.status as DaySession['status'],
      startedAt: r.started_at as string,
      finishedAt: r.finished_at as string | null,
      filesStored: r.files_stored as number,
      bytesStored: r.bytes_stored as number,
      filesAlready: r.files_already as number,
      filesLeft: r.files_failed as number,
      quarantined: r.quarantined === 1,
    }));
  }
}
