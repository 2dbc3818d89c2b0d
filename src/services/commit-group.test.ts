import { describe, expect, it } from 'vitest';
import { CommitGroup } from './commit-group.js';

describe('group commit', () => {
  it('commits a full group at once, in one call, and resolves each item with its own result', async () => {
    const calls: number[][] = [];
    const g = new CommitGroup<number, string>((items) => (calls.push([...items]), items.map((i) => `row ${i}`)), () => 'alone', { items: 3, waitMs: 60_000 });
    const results = await Promise.all([g.add(1), g.add(2), g.add(3)]);
    expect(results).toEqual(['row 1', 'row 2', 'row 3']);
    expect(calls).toEqual([[1, 2, 3]]);
  });

  it('acknowledges nothing before its group commits: a partial group waits for the timer or commitNow', async () => {
    let committed = false;
    const g = new CommitGroup<number, number>((items) => ((committed = true), [...items]), (i) => i, { items: 10, waitMs: 60_000 });
    let settled = false;
    const p = g.add(7).then((r) => ((settled = true), r));
    await Promise.resolve();
    expect(settled).toBe(false);
    expect(committed).toBe(false);
    g.commitNow();
    expect(await p).toBe(7);
    expect(committed).toBe(true);
  });

  it('commits a partial group after the wait', async () => {
    const g = new CommitGroup<number, number>((items) => items.map((i) => i * 2), (i) => i, { items: 10, waitMs: 5 });
    expect(await g.add(21)).toBe(42);
  });

  it('when the group fails, commits each item alone so only the bad one fails, with its own error', async () => {
    const alone: number[] = [];
    const g = new CommitGroup<number, number>(
      () => {
        throw new Error('group rolled back');
      },
      (i) => {
        alone.push(i);
        if (i === 2) throw new Error('item 2 is bad');
        return i;
      },
      { items: 3, waitMs: 60_000 },
    );
    const results = await Promise.allSettled([g.add(1), g.add(2), g.add(3)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('item 2 is bad');
    expect(alone).toEqual([1, 2, 3]);
  });

  it('an item the check before the commit fails is left out alone; the rest of its group commits', async () => {
    const committed: number[][] = [];
    const g = new CommitGroup<number, number>(
      (items) => (committed.push([...items]), [...items]),
      (i) => i,
      { items: 3, waitMs: 60_000 },
      async (items) => items.map((i) => (i === 2 ? new Error('copy 2 is gone') : null)),
    );
    const results = await Promise.allSettled([g.add(1), g.add(2), g.add(3)]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('copy 2 is gone');
    expect(committed).toEqual([[1, 3]]);
  });
});
