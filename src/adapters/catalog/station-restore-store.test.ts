/** The restore's catalogue side on a real SQLite file: the trail replaced once, the trigger standing again after. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chainEntry, GENESIS_HASH, type AuditEntry } from '../../core/audit-chain.js';
import { AuditStore } from './audit-store.js';
import { inTransaction, openCatalog } from './database.js';
import { IntegrityStore } from './integrity-store.js';
import { StationRestoreStore } from './station-restore-store.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-restore-store-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function entries(n: number, first = 1, prevHash = GENESIS_HASH, details: (seq: number) => Record<string, unknown> = () => ({})): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = prevHash;
  for (let seq = first; seq < first + n; seq++) {
    const e = chainEntry({ seq, at: '2026-11-20T10:00:00+08:00', operator: 'root', role: 'admin', action: `a.${seq}`, target: null, outcome: 'ok', details: details(seq) }, prev);
    out.push(e);
    prev = e.hash;
  }
  return out;
}

describe('the station restore store', () => {
  const db = openCatalog(path.join(dir, 'c.sqlite'), { create: true });
  afterAll(() => db.close());
  const store = new StationRestoreStore(db);
  const audit = new AuditStore(db);

  it('replaces the trail inside a transaction only, and the trail is append-only again after', () => {
    for (const e of entries(3)) audit.insert(e);
    const station = entries(5, 1, GENESIS_HASH, (seq) => ({ station: seq }));
    expect(() => store.replaceTrail(station)).toThrow(/inside a transaction/);
    expect(inTransaction(db, () => store.replaceTrail(station))).toBe(5);
    expect([...audit.iterate({})]).toEqual(station);
    expect(() => db.prepare('DELETE FROM audit_log WHERE seq = 5').run()).toThrow(/append-only/);
    expect(() => db.prepare("UPDATE audit_log SET target = 'x' WHERE seq = 5").run()).toThrow(/append-only/);
  });

  it('takes a row stored by the restore as stored by its own entry, and empties the outbox but for disposals still due in the store', () => {
    const sha = 'ab'.repeat(32);
    const row = { sha256: sha, size: 10, vaultPath: '现场执法记录仪影像资料/2026/11/20/0001234/A.MP4', originalName: 'A.MP4', sourcePath: 'A.MP4', deviceNumber: null, officerId: null, startedAt: '2026-11-20T09:00:00+08:00', startedAtEpochMs: 0, startedAtSource: 'file-name' as const, localDate: '2026-11-20', durationSeconds: null, format: null, ingestedAt: '2026-11-20T18:00:00+08:00', flags: [] };
    inTransaction(db, () => {
      store.saveRecording({ ...row, id: 41 });
      store.saveRecording({ ...row, id: 42, vaultPath: `${row.vaultPath}.2` });
      const { seq, hash } = audit.head()!;
      audit.insert(entries(1, seq + 1, hash, () => ({ sha256: sha, size: 10 })).map((e) => ({ ...e, action: 'restore-station.recording', target: row.vaultPath }))[0]!);
      store.saveTombstone({ recordingId: 42, sha256: sha, size: 10, vaultPath: `${row.vaultPath}.2`, localDate: row.localDate, metadata: {}, approvedBy: 'zhao', reason: 'r', disposedAt: 'then', storeRemovedAt: null });
    });
    const rows = [...new IntegrityStore(db).rowsAgainstTrail()];
    expect(rows.find((r) => r.id === 41)).toMatchObject({ trailSha256: sha, trailSize: 10 });
    expect(rows.find((r) => r.id === 42)!.seq).toBeNull();
    const kinds = () => db.prepare('SELECT kind, recording_id AS id FROM replication_outbox ORDER BY recording_id, kind').all();
    // A restored row is not queued for upload (the store holds it); its tombstone queues the disposal.
    expect(kinds()).toEqual([{ kind: 'dispose', id: 42 }]);
    db.prepare("INSERT INTO replication_outbox (kind, recording_id, queued_at) VALUES ('refresh', 41, 'then')").run();
    store.clearOutbox(new Set([42]));
    expect(kinds()).toEqual([{ kind: 'dispose', id: 42 }]);
    store.clearOutbox(new Set());
    expect(kinds()).toEqual([]);
  });

  it('keeps a case by its number, with its original id while that is free', () => {
    const c = { number: 'C-1', title: 't', category: 'general', createdAt: 'then', createdBy: 'wang', closedAt: null };
    expect(store.saveCase({ ...c, id: 7 })).toBe(7);
    expect(store.saveCase({ ...c, id: 9, category: 'litigation' })).toBe(7);
    expect(db.prepare('SELECT category FROM cases WHERE id = 7').get()).toEqual({ category: 'litigation' });
    expect(store.saveCase({ ...c, number: 'C-2', id: 7, closedAt: 'later' })).not.toBe(7);
    expect(db.prepare("SELECT status FROM cases WHERE number = 'C-2'").get()).toEqual({ status: 'closed' });
  });
});
