import { describe, expect, it } from 'vitest';
import { bytesOnDisc, MEDIUM_CAPACITY, planDiscs } from './disc-plan.js';

describe('disc plan', () => {
  it('puts everything on one disc when it fits', () => {
    const plan = planDiscs([{ id: 1, size: 10 }, { id: 2, size: 5000 }], MEDIUM_CAPACITY.cd);
    expect(plan).toEqual({ ok: true, discs: [[{ id: 1, size: 10 }, { id: 2, size: 5000 }]] });
  });

  it('splits in order when the set is too large, each disc within its room', () => {
    const items = [1, 2, 3, 4, 5].map((id) => ({ id, size: 4000 }));
    const capacity = 1000 + 2 * bytesOnDisc(4000);
    const plan = planDiscs(items, capacity, 1000);
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.discs.map((d) => d.map((i) => i.id))).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('names a recording that fits no disc instead of cutting it', () => {
    const plan = planDiscs([{ id: 1, size: 10 }, { id: 2, size: 10_000 }], 8192, 2048);
    expect(plan).toEqual({ ok: false, tooLarge: [{ id: 2, size: 10_000 }], room: 6144 });
  });

  it('knows the media sizes', () => {
    expect(MEDIUM_CAPACITY.dvd).toBe(4_700_372_992);
    expect(MEDIUM_CAPACITY.bd).toBe(25_025_314_816);
  });
});
