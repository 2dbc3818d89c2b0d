/** The trail with a real catalogue and a real trail file: what the file holds is what the catalogue committed. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditFile } from '../adapters/audit-file.js';
import { AuditStore } from '../adapters/catalog/audit-store.js';
import { inTransaction, openCatalog, unflushedTransaction } from '../adapters/catalog/database.js';
import { silentLogger } from '../adapters/logger.js';
import { systemClock } from '../core/types.js';
import { unitClock } from '../core/unit-clock.js';
import { AuditTrail } from './audit-trail.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-trail-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('AuditTrail', () => {
  it('a refusal recorded inside a run that rolls back never reaches the file; the run records it once, after', () => {
    const db = openCatalog(path.join(dir, 'c.sqlite'), { create: true });
    const file = new AuditFile(path.join(dir, 'trail.jsonl'));
    const trail = new AuditTrail({ transaction: (fn) => inTransaction(db, fn), store: new AuditStore(db), file, clock: unitClock(systemClock, 'Asia/Shanghai'), log: silentLogger() }, { operator: 'li', role: 'custodian' });
    expect(() => trail.run({ action: 'export', target: '2026Q3' }, () => trail.refuse({ action: 'export', target: '2026Q3' }, 'someone else is exporting it'))).toThrow(/someone else/);
    const inCatalogue = trail.entries({}).map((e) => [e.seq, e.outcome, e.hash]);
    const inFile = fs.readFileSync(file.file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { seq: number; outcome: string; hash: string }).map((e) => [e.seq, e.outcome, e.hash]);
    expect(inCatalogue.map(([seq, outcome]) => [seq, outcome])).toEqual([[1, 'refused']]);
    expect(inFile).toEqual(inCatalogue);
    db.close();
  });

  it('the trail file\'s mark commits unflushed and, lost in a power cut, only lags: no entry is written twice or taken for missing', () => {
    const db = openCatalog(path.join(dir, 'm.sqlite'), { create: true });
    const file = new AuditFile(path.join(dir, 'm.jsonl'));
    const trail = new AuditTrail(
      { transaction: (fn) => inTransaction(db, fn), markTransaction: (fn) => unflushedTransaction(db, fn), store: new AuditStore(db), file, clock: unitClock(systemClock, 'Asia/Shanghai'), log: silentLogger() },
      { operator: 'li', role: 'custodian' },
    );
    for (const target of ['a', 'b', 'c']) trail.record({ action: 'device.add', target });
    const mark = () => (db.prepare('SELECT last_seq FROM audit_file_state WHERE id = 1').get() as { last_seq: number }).last_seq;
    expect(mark()).toBe(3);
    // Every other commit is flushed: the setting is back to FULL (2) after the mark's transaction.
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    // A power cut took the last two marks (their transactions were not flushed): the mark says 1.
    db.prepare('UPDATE audit_file_state SET last_seq = 1 WHERE id = 1').run();
    trail.record({ action: 'device.add', target: 'd' });
    const seqs = fs.readFileSync(file.file, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { seq: number }).seq);
    expect(seqs).toEqual([1, 2, 3, 4]);
    expect(mark()).toBe(4);
    // A transaction that fails leaves the setting FULL too.
    expect(() => unflushedTransaction(db, () => { throw new Error('no'); })).toThrow('no');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    db.close();
  });
});
