import { describe, expect, it } from 'vitest';
import { idRanges } from './custody-report-ranges.js';
import { FindingTally, IdRunBuilder, RECORDED_PROBLEMS, REPAIR_IDS_NAMED } from './verify-tally.js';

const missing = (id: number) => ({ vaultPath: `p/${id}.MP4`, kind: 'missing' as const, recordingId: id });

describe('what a check keeps of its findings', () => {
  it('counts every finding by kind but names only the first ones', () => {
    const t = new FindingTally();
    for (let i = 1; i <= RECORDED_PROBLEMS + 500; i++) t.add(missing(i));
    t.add({ vaultPath: 'x.MP4', kind: 'unexpected' });
    expect(t.count).toBe(RECORDED_PROBLEMS + 501);
    expect(t.counts).toEqual({ missing: RECORDED_PROBLEMS + 500, unexpected: 1 });
    expect(t.first).toHaveLength(RECORDED_PROBLEMS);
    expect(t.first[0]).toEqual(missing(1));
  });

  it('names the damaged recordings to repair, sorted, once each; an unexpected file is none', () => {
    const t = new FindingTally();
    expect(t.repair()).toBeNull();
    t.add({ vaultPath: 'x.MP4', kind: 'unexpected' });
    expect(t.repair()).toBeNull();
    t.add(missing(9));
    t.add({ vaultPath: 'p/3.MP4', kind: 'mismatch', recordingId: 3 });
    t.add(missing(9));
    expect(t.repair()).toEqual(['evidence-vault', 'repair', '3', '9']);
  });

  it('past the ids a command line can carry, advises repair without ids (every damaged recording)', () => {
    const t = new FindingTally();
    for (let i = 1; i <= REPAIR_IDS_NAMED; i++) t.add(missing(i));
    expect(t.repair()).toHaveLength(REPAIR_IDS_NAMED + 2);
    t.add(missing(5)); // one already named: still fits
    expect(t.repair()).toHaveLength(REPAIR_IDS_NAMED + 2);
    t.add(missing(REPAIR_IDS_NAMED + 1));
    expect(t.repair()).toEqual(['evidence-vault', 'repair']);
  });
});

describe('ids read, as runs', () => {
  it('builds the same runs as idRanges from ids in increasing order, without a list of them', () => {
    const ids = [1, 2, 3, 5, 8, 9, 10, 11, 20];
    const b = new IdRunBuilder();
    for (const id of ids) b.add(id);
    expect(b.ranges).toEqual(idRanges(ids));
    expect(b.ranges).toEqual([[1, 3], [5, 5], [8, 11], [20, 20]]);
  });
});
