/** The trail with a real catalogue and a real trail file: what the file holds is what the catalogue committed. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditFile } from '../adapters/audit-file.js';
import { AuditStore, rowToEntry } from '../adapters/catalog/audit-store.js';
import { inTransaction, openCatalog, unflushedTransaction, type Db } from '../adapters/catalog/database.js';
import { silentLogger } from '../adapters/logger.js';
import { systemClock } from '../core/types.js';
import { unitClock } from '../core/unit-clock.js';
import { verifyChain } from '../core/audit-chain.js';
import { AuditTrail } from './audit-trail.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-trail-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A trail over `db` and the file `file`, its mark committed unflushed as the program wires it (wiring/base.ts). */
const trailOver = (db: Db, file: AuditFile, operator = 'li') =>
  new AuditTrail(
    { transaction: (fn) => inTransaction(db, fn), markTransaction: (fn) => unflushedTransaction(db, fn), store: new AuditStore(db), file, clock: unitClock(systemClock, 'Asia/Shanghai'), log: silentLogger() },
    { operator, role: 'custodian' },
  );

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
    const trail = trailOver(db, file, 'li');
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

  it('two processes sharing the trail, one act rolled back: the file holds the catalogue\'s entries, each once, in order', () => {
    const catalogue = path.join(dir, 'two.sqlite');
    const file = path.join(dir, 'two.jsonl');
    const open = (operator: string) => {
      const db = openCatalog(catalogue, { create: true });
      const trail = trailOver(db, new AuditFile(file), operator);
      return { db, trail };
    };
    const a = open('li');
    const b = open('wang');
    a.trail.record({ action: 'device.add', target: 'a1' });
    // a's entry 2 inserted and rolled back; b's entry 2 committed and not yet in the file.
    expect(() => inTransaction(a.db, () => { a.trail.insertInTransaction({ action: 'device.add', target: 'a2' }); throw new Error('rolled back'); })).toThrow('rolled back');
    inTransaction(b.db, () => b.trail.insertInTransaction({ action: 'device.add', target: 'b2' }));
    // a's next flush must not take its rolled-back entry, nor leave out b's.
    a.trail.record({ action: 'device.add', target: 'a3' });
    expect(() => a.trail.run({ action: 'device.add', target: 'a4' }, () => { throw new Error('refused by the register'); })).toThrow('refused');
    a.trail.runMany(() => ['a5', 'a6'].forEach((target) => a.trail.insertInTransaction({ action: 'device.add', target })));
    b.trail.record({ action: 'device.add', target: 'b7' });
    const inCatalogue = a.trail.entries({}).map((e) => JSON.stringify(e));
    const inFile = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(inFile).toEqual(inCatalogue);
    expect(a.trail.entries({}).map((e) => [e.target, e.outcome])).toEqual([['a1', 'ok'], ['b2', 'ok'], ['a3', 'ok'], ['a4', 'failed'], ['a5', 'ok'], ['a6', 'ok'], ['b7', 'ok']]);
    a.db.close();
    b.db.close();
  });
  it('a half surrogate pair (a long target cut inside an emoji, an operator name) reaches both copies as the catalogue keeps it, the chain whole', () => {
    const db = openCatalog(path.join(dir, 'u.sqlite'), { create: true });
    const file = new AuditFile(path.join(dir, 'u.jsonl'));
    const trail = trailOver(db, file, 'li\ud800');
    // Bounded to 1,024 UTF-16 units, this target is cut between the two halves of its emoji.
    trail.record({ action: 'export', target: `${'x'.repeat(1023)}😀 and more`, details: { note: 'a\udc00b' } });
    trail.record({ action: 'device.add', target: 'd\udfff' });
    const rows = db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Parameters<typeof rowToEntry>[0][];
    // SQLite stores text as UTF-8, where a lone half has no code: what it gives back is the catalogue's truth.
    expect(fs.readFileSync(file.file, 'utf8').trim().split('\n')).toEqual(rows.map((r) => JSON.stringify(rowToEntry(r))));
    expect(verifyChain(rows.map(rowToEntry))).toEqual([]);
    db.close();
  });
});
