/** A case's recordings for its register and disc: the case's own place fills in for recordings without one. */
import { UserError } from '../../core/errors.js';
import type { RegisterCase } from '../../core/register-form.js';
import type { Recording } from '../../core/types.js';
import type { Db } from './database.js';
import { rowToRecording } from './recording-store.js';

export interface CaseRecordings {
  recordingsOfCase(caseNumber: string): { case: RegisterCase & { number: string; title: string }; recordings: Recording[] };
}

export class SqlCaseRecordings implements CaseRecordings {
  constructor(private readonly db: Db) {}

  recordingsOfCase(caseNumber: string): ReturnType<CaseRecordings['recordingsOfCase']> {
    const row = this.db.prepare('SELECT id, number, title, place FROM cases WHERE number = ?').get(caseNumber) as
      | { id: number; number: string; title: string; place: string | null }
      | undefined;
    if (!row) throw new UserError(
        { zh: `没有案号为 ${caseNumber} 的案件`, en: `no case numbered ${caseNumber}` },
        { zh: '请按登记的案号原样输入：evidence-vault case list', en: 'Check the case number exactly as registered: evidence-vault case list' },
      );
    const recordings = (
      this.db
        .prepare('SELECT r.* FROM recordings r JOIN case_recordings cr ON cr.recording_id = r.id WHERE cr.case_id = ? ORDER BY r.started_at_epoch_ms, r.id')
        .all(row.id) as Parameters<typeof rowToRecording>[0][]
    ).map(rowToRecording);
    return { case: { number: row.number, title: row.title, place: row.place }, recordings };
  }
}
