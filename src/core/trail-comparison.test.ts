import { describe, expect, it } from 'vitest';
import { chainEntry, GENESIS_HASH, type AuditEntry } from './audit-chain.js';
import { compareTrailCopies, type TrailLine } from './trail-comparison.js';

function trail(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const e = chainEntry({ seq, at: `2026-07-0${seq}T10:00:00+08:00`, operator: 'li', role: 'custodian', action: 'ingest.file', target: `f${seq}`, outcome: 'ok', details: {} }, prev);
    out.push(e);
    prev = e.hash;
  }
  return out;
}
const lines = (entries: AuditEntry[]): TrailLine[] => entries.map((e, i) => ({ line: i + 1, entry: e, raw: JSON.stringify(e) }));

describe('compareTrailCopies', () => {
  const db = trail(6);

  it('finds nothing when the copies agree, and tolerates a file not yet caught up', async () => {
    expect(await compareTrailCopies(db, lines(db), 6)).toEqual([]);
    expect(await compareTrailCopies(db, lines(db.slice(0, 4)), 4)).toEqual([]);
  });

  it('names a block deleted from the file once, with its first entry and time', async () => {
    const f = await compareTrailCopies(db, lines([...db.slice(0, 2), ...db.slice(4)]), 6);
    expect(f).toEqual([expect.objectContaining({ kind: 'missing-from-file', seq: 3, toSeq: 4, at: db[2]!.at })]);
  });

  it('names an entry edited in the file, and one the catalogue lost', async () => {
    const edited = { ...db[2]!, target: 'elsewhere' };
    const f = await compareTrailCopies(db, lines([...db.slice(0, 2), edited, ...db.slice(3)]), 6);
    expect(f).toEqual([expect.objectContaining({ kind: 'edited-in-file', seq: 3 })]);
    const g = await compareTrailCopies([...db.slice(0, 3), ...db.slice(4)], lines(db), 6);
    expect(g).toEqual([expect.objectContaining({ kind: 'missing-from-catalogue', seq: 4 })]);
  });

  it('names reordered lines without calling them deleted', async () => {
    const swapped = [db[0]!, db[1]!, db[3]!, db[2]!, db[4]!, db[5]!];
    const f = await compareTrailCopies(db, lines(swapped), 6);
    expect(f).toEqual([expect.objectContaining({ kind: 'reordered', seq: 3, line: 4 })]);
  });

  it('names a torn last line', async () => {
    const l = lines(db.slice(0, 5));
    l.push({ line: 6, entry: null, raw: JSON.stringify(db[5]).slice(0, 40), last: true });
    const f = await compareTrailCopies(db, l, 6);
    expect(f.map((x) => [x.kind, x.seq ?? x.line])).toEqual([
      ['torn-line', 6],
      ['missing-from-file', 6],
    ]);
  });
});
