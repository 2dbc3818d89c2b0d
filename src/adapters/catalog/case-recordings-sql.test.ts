import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../../core/errors.js';
import { SqlCaseRecordings } from './case-recordings-sql.js';
import { openCatalog } from './database.js';
import { RecordingStore } from './recording-store.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-cases-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function addRecording(store: RecordingStore, n: number, startMs: number): number {
  return store.insert({
    sha256: String(n).repeat(64).slice(0, 64),
    size: 10,
    vaultPath: `v/${n}.MP4`,
    originalName: `${n}.MP4`,
    sourcePath: `${n}.MP4`,
    deviceNumber: null,
    officerId: null,
    startedAt: new Date(startMs).toISOString(),
    startedAtEpochMs: startMs,
    startedAtSource: 'file-name',
    localDate: '2026-05-15',
    durationSeconds: 1,
    format: 'mp4',
    videoCodec: null,
    audioCodec: null,
    width: null,
    height: null,
    probeError: null,
    sourceMtime: null,
    ingestedAt: new Date(0).toISOString(),
    sessionId: null,
    flags: [],
  });
}

describe('a case\'s recordings from the case tables (real SQLite)', () => {
  it('refuses clearly while the catalogue has no case tables', () => {
    const db = openCatalog(path.join(dir, 'bare.sqlite'));
    try {
      expect(() => new SqlCaseRecordings(db).recordingsOfCase('鞍自然执〔2026〕17号')).toThrow(UserError);
      expect(() => new SqlCaseRecordings(db).recordingsOfCase('x')).toThrow(/cases are not available/);
    } finally {
      db.close();
    }
  });

  it('reads the case and its linked recordings in time order, from tables shaped like the cases feature\'s', () => {
    const db = openCatalog(path.join(dir, 'cases.sqlite'));
    try {
      // The columns this lookup relies on, as the cases feature (migration 4) defines them.
      db.exec(`
        CREATE TABLE cases (id INTEGER PRIMARY KEY, number TEXT NOT NULL UNIQUE, title TEXT NOT NULL, category TEXT NOT NULL);
        CREATE TABLE case_recordings (case_id INTEGER NOT NULL REFERENCES cases(id), recording_id INTEGER NOT NULL REFERENCES recordings(id), PRIMARY KEY (case_id, recording_id));
      `);
      const store = new RecordingStore(db);
      const late = addRecording(store, 1, 2_000);
      const early = addRecording(store, 2, 1_000);
      addRecording(store, 3, 1_500); // not in the case
      db.prepare("INSERT INTO cases (id, number, title, category) VALUES (1, '鞍自然执〔2026〕17号', '违法占地案', 'general')").run();
      db.prepare('INSERT INTO case_recordings VALUES (1, ?), (1, ?)').run(late, early);
      const found = new SqlCaseRecordings(db).recordingsOfCase('鞍自然执〔2026〕17号');
      expect(found.case).toEqual({ number: '鞍自然执〔2026〕17号', title: '违法占地案', place: null });
      expect(found.recordings.map((r) => r.id)).toEqual([early, late]);
      expect(() => new SqlCaseRecordings(db).recordingsOfCase('no such case')).toThrow(/no case numbered no such case/);
      db.exec('ALTER TABLE cases ADD COLUMN place TEXT');
      db.prepare("UPDATE cases SET place = '千山区某村' WHERE id = 1").run();
      expect(new SqlCaseRecordings(db).recordingsOfCase('鞍自然执〔2026〕17号').case.place).toBe('千山区某村');
    } finally {
      db.close();
    }
  });
});
