import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../core/errors.js';
import { SqlCaseRecordings } from './case-recordings-sql.js';
import { openCatalog } from './database.js';
import { RecordingStore } from './recording-store.js';
import { bareRecording } from '../../../test/support/seed-recordings.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-cases-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function addRecording(store: RecordingStore, n: number, startMs: number): number {
  return store.insert(
    bareRecording(`${n}.MP4`, { sha256: String(n).repeat(64).slice(0, 64), vaultPath: `v/${n}.MP4`, startedAt: new Date(startMs).toISOString(), startedAtEpochMs: startMs, localDate: '2026-05-15' }),
  );
}

describe('a case\'s recordings from the case tables (real SQLite, real migrations)', () => {
  it('reads the case, its place and its linked recordings in time order', () => {
    const db = openCatalog(path.join(dir, 'cases.sqlite'), { create: true });
    try {
      const store = new RecordingStore(db);
      const late = addRecording(store, 1, 2_000);
      const early = addRecording(store, 2, 1_000);
      addRecording(store, 3, 1_500); // not in the case
      db.prepare("INSERT INTO cases (id, number, title, category, status, place, created_at, created_by) VALUES (1, '鞍自然执〔2026〕17号', '违法占地案', 'general', 'open', '千山区某村', 'now', 'test')").run();
      db.prepare('INSERT INTO case_recordings (case_id, recording_id, linked_at, linked_by) VALUES (1, ?, 0, 0), (1, ?, 0, 0)').run(late, early);
      const found = new SqlCaseRecordings(db).recordingsOfCase('鞍自然执〔2026〕17号');
      expect(found.case).toEqual({ number: '鞍自然执〔2026〕17号', title: '违法占地案', place: '千山区某村' });
      expect(found.recordings.map((r) => r.id)).toEqual([early, late]);
      expect(() => new SqlCaseRecordings(db).recordingsOfCase('no such case')).toThrow(UserError);
      expect(() => new SqlCaseRecordings(db).recordingsOfCase('no such case')).toThrow(/no case numbered no such case/);
    } finally {
      db.close();
    }
  });
});
