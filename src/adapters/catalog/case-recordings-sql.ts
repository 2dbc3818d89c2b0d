/**
 * A case's recordings, read from the case tables of the cases feature. What this expects of them:
 *   cases (id INTEGER PRIMARY KEY, number TEXT UNIQUE, title TEXT, [place TEXT])
 *   case_recordings (case_id → cases.id, recording_id → recordings.id)
 * `place` is optional: without it, places come from the recordings or --place. Where the tables are
 * not in the catalogue yet, asking for a case is refused with a clear message.
 */
import { UserError } from '../../core/errors.js';
import type { RegisterCase } from '../../core/disc-register.js';
import type { Recording } from '../../core/types.js';
import type { Db } from './database.js';
import { rowToRecording } from './recording-store.js';

export interface CaseRecordings {
  recordingsOfCase(caseNumber: string): { case: RegisterCase & { number: string; title: string }; recordings: Recording[] };
}

export class SqlCaseRecordings implements CaseRecordings {
  constructor(private readonly db: Db) {}

  recordingsOfCase(caseNumber: string): ReturnType<CaseRecordings['recordingsOfCase']> {
    const tables = new Set((this.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name));
    if (!tables.has('cases') || !tables.has('case_recordings')) {
      throw new UserError('cases are not available in this catalogue: --case cannot be used yet', 'Select the recordings by id instead: evidence-vault disc build --recording ID … --case-number NUMBER --case-title TITLE');
    }
    const columns = new Set((this.db.prepare('PRAGMA table_info(cases)').all() as { name: string }[]).map((c) => c.name));
    const row = this.db.prepare(`SELECT id, number, title, ${columns.has('place') ? 'place' : 'NULL'} AS place FROM cases WHERE number = ?`).get(caseNumber) as
      | { id: number; number: string; title: string; place: string | null }
      | undefined;
    if (!row) throw new UserError(`no case numbered ${caseNumber}`, 'Check the case number (案号) exactly as registered: evidence-vault case list');
    const recordings = (
      this.db
        .prepare('SELECT r.* FROM recordings r JOIN case_recordings cr ON cr.recording_id = r.id WHERE cr.case_id = ? ORDER BY r.started_at_epoch_ms, r.id')
        .all(row.id) as Parameters<typeof rowToRecording>[0][]
    ).map(rowToRecording);
    return { case: { number: row.number, title: row.title, place: row.place }, recordings };
  }
}
