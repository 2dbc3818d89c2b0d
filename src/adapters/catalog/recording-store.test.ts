/** A new recording and its upload's outbox row, on a real SQLite file: both committed or neither. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { inTransaction, openCatalog } from './database.js';
import { RecordingStore, SessionStore } from './recording-store.js';
import { RecordingChecksStore } from './recording-checks-store.js';
import { ComplianceFactsStore } from './compliance-facts-store.js';
import { InspectionStore } from './inspection-store.js';
import { bareRecording } from '../../../test/support/seed-recordings.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-recording-store-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const recording = (name: string) => bareRecording(name);

describe('the recording store', () => {
  const db = openCatalog(path.join(dir, 'c.sqlite'), { create: true });
  afterAll(() => db.close());
  const store = new RecordingStore(db);
  const queued = () => db.prepare('SELECT kind, recording_id AS id FROM replication_outbox ORDER BY id').all();
  const count = () => (db.prepare('SELECT count(*) AS n FROM recordings').get() as { n: number }).n;

  it('queues a new recording for the store, inside a transaction and on its own', () => {
    const a = inTransaction(db, () => store.insert(recording('A.MP4')));
    const b = store.insert(recording('B.MP4'));
    expect(queued()).toEqual([
      { kind: 'put', id: a },
      { kind: 'put', id: b },
    ]);
  });

  it('leaves neither the row nor its queue entry when the insert fails or its transaction rolls back', () => {
    const before = { rows: count(), queued: queued() };
    // The same vault name again: refused by the catalogue.
    expect(() => store.insert(recording('A.MP4'))).toThrow(/UNIQUE/);
    expect(() =>
      inTransaction(db, () => {
        store.insert(recording('C.MP4'));
        throw new Error('the group failed');
      }),
    ).toThrow(/the group failed/);
    expect({ rows: count(), queued: queued() }).toEqual(before);
  });

  it('no longer has the trigger that queued it (one statement journal less a row)', () => {
    expect(db.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger' AND name = 'replicate_new_recording'").get()).toBeUndefined();
  });

  it("counts a recorder's day once its footage is stored: its own session, or one naming no recorder that stored its files", () => {
    const sessions = new SessionStore(db);
    sessions.start('/media/recorders/a', '0000001', 'op', '2026-05-10T09:00:00+08:00', 'k1');
    // A folder of two recorders' files, ingested with no --device: its dock check names each recorder.
    const folder = sessions.start('/srv/drop/x', null, 'op', '2026-05-11T10:00:00+08:00', 'k2');
    store.insert(bareRecording('D2.MP4', { deviceNumber: '0000002', sessionId: folder }));
    store.insert(bareRecording('D3.MP4', { deviceNumber: '0000003', sessionId: folder }));
    new RecordingChecksStore(db).recordDockOffsets(folder, '2026-05-11T10:00:00+08:00', Date.parse('2026-05-11T02:00:00Z'));
    expect([...sessions.dockedOn('2026-05-10')]).toEqual(['0000001']);
    expect([...sessions.dockedOn('2026-05-11')].sort()).toEqual(['0000002', '0000003']);
    // The registers and the inspection count the same days.
    const days = (rows: { deviceNumber: string }[]) => rows.map((r) => Object.values(r).join(' ')).sort();
    expect(days(new ComplianceFactsStore(db).dockedDays('2026-05-01', '2026-05-31'))).toEqual(['0000001 2026-05-10', '0000002 2026-05-11', '0000003 2026-05-11']);
    expect(days(new InspectionStore(db).docked('2026-05-11', '2026-05-11'))).toEqual(['0000002 2026-05-11', '0000003 2026-05-11']);
  });
});
