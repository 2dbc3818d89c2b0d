/** The trail's own entries, given to the file from memory only when they are provably the catalogue's. */
import { describe, expect, it } from 'vitest';
import { chainEntry, GENESIS_HASH, type AuditEntry } from './audit-chain.js';
import { RecentEntries } from './recent-entries.js';

/** An entry of seq `seq` after `prev`, told apart by `target`. */
const entry = (seq: number, prev: string, target = `t${seq}`): AuditEntry =>
  chainEntry({ seq, at: '2026-11-29T08:00:00+08:00', operator: 'li', role: 'custodian', action: 'device.add', target, outcome: 'ok', details: {} }, prev);

/** n entries chained from the genesis. */
function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let seq = 1; seq <= n; seq++) out.push(entry(seq, out[seq - 2]?.hash ?? GENESIS_HASH));
  return out;
}

const headOf = (e: AuditEntry) => ({ seq: e.seq, hash: e.hash });

describe('RecentEntries', () => {
  it('gives the entries after the file\'s last, when every one is ours and the last is the head', () => {
    const r = new RecentEntries();
    const c = chain(5);
    c.forEach((e) => r.add(e));
    expect(r.after(2, headOf(c[4]!))).toEqual(c.slice(2));
    expect(r.after(5, headOf(c[4]!))).toEqual([]);
    expect(r.after(0, undefined)).toEqual([]);
  });

  it('an entry rolled back and its seq taken again: the entry committed is the one given', () => {
    const r = new RecentEntries();
    const c = chain(2);
    c.forEach((e) => r.add(e));
    r.add(entry(3, c[1]!.hash, 'rolled back'));
    const committed = entry(3, c[1]!.hash, 'committed');
    r.add(committed);
    expect(r.after(2, headOf(committed))).toEqual([committed]);
  });

  it('not provably the catalogue\'s: null, and the caller reads the catalogue', () => {
    const r = new RecentEntries();
    const c = chain(4);
    [c[0]!, c[1]!, c[3]!].forEach((e) => r.add(e));
    // Another process wrote entry 3.
    expect(r.after(0, headOf(c[3]!))).toBeNull();
    // Ours rolled back, another's committed at that seq, ours chained after it.
    const s = new RecentEntries();
    s.add(entry(1, GENESIS_HASH, 'ours, rolled back'));
    s.add(c[1]!);
    expect(s.after(0, headOf(c[1]!))).toBeNull();
    // The catalogue's head is not our last entry.
    const t = new RecentEntries();
    t.add(entry(1, GENESIS_HASH, 'ours, rolled back'));
    expect(t.after(0, headOf(c[0]!))).toBeNull();
  });

  it('forgets what the file has', () => {
    const r = new RecentEntries();
    const c = chain(3);
    c.forEach((e) => r.add(e));
    r.forgetThrough(2);
    expect(r.after(0, headOf(c[2]!))).toBeNull();
    expect(r.after(2, headOf(c[2]!))).toEqual([c[2]]);
  });
});
