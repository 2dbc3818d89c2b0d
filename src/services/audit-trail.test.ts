/** The trail with a real catalogue and a real trail file: what the file holds is what the catalogue committed. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditFile } from '../adapters/audit-file.js';
import { AuditStore } from '../adapters/catalog/audit-store.js';
import { inTransaction, openCatalog } from '../adapters/catalog/database.js';
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
});
