import { describe, expect, it } from 'vitest';
import type { Logger } from '../adapters/logger.js';
import { DockStalls } from './dock-stalls.js';
import { dockedVolume, type Dock } from './docked-volume.js';

function dock(mountPoint: string, sourceKey: string | undefined, state: Dock['activity']['state'] = 'ingesting'): Dock {
  const d = dockedVolume({ mountPoint, mountId: 1, device: '/dev/sdx1', fsType: 'vfat', root: '/', major: 8, minor: 1 } as never, '2026-11-29T17:00:00+08:00', 0);
  d.activity.state = state;
  d.sourceKey = sourceKey;
  return d;
}

describe('docked recorders that do not answer', () => {
  it('marks the dock whose source the workers set aside, once, clears it when it answers, and leaves the others alone', () => {
    let stalled: string[] = [];
    const warned: string[] = [];
    const log = { warn: (o: { mountPoint: string }) => warned.push(o.mountPoint), info: () => undefined } as unknown as Logger;
    const stalls = new DockStalls(() => stalled, log);
    // c has finished; d's session has not begun (no source yet).
    const [a, b, done, early] = [dock('/m/a', 'dev:a'), dock('/m/b', 'dev:b'), dock('/m/c', 'dev:a', 'done'), dock('/m/d', undefined)];

    expect(stalls.update([a, b, done, early], 1_000)).toEqual([]);
    stalled = ['dev:a'];
    expect(stalls.update([a, b, done, early], 2_000)).toEqual([a]);
    expect(a.activity.stalledSinceMs).toBe(2_000);
    expect(b.activity.stalledSinceMs).toBeNull();
    // Still stalled: no change to write, and the first moment is kept.
    expect(stalls.update([a, b, done, early], 3_000)).toEqual([]);
    expect(a.activity.stalledSinceMs).toBe(2_000);
    stalled = [];
    expect(stalls.update([a, b, done, early], 4_000)).toEqual([a]);
    expect(a.activity.stalledSinceMs).toBeNull();
    expect(warned).toEqual(['/m/a']);
    expect([done, early].map((d) => d.activity.stalledSinceMs)).toEqual([null, null]);
  });

  it('names a card that hangs while its volume is listed, before its session has a source, by its mount point', () => {
    let stalled: string[] = [];
    const stalls = new DockStalls(() => stalled, { warn: () => undefined, info: () => undefined } as unknown as Logger);
    const [listing, recognising, other] = [dock('/m/e', undefined), dock('/m/f', undefined, 'settling'), dock('/m/g', undefined)];
    stalled = ['/m/e', '/m/f'];
    expect(stalls.update([listing, recognising, other], 5_000)).toEqual([listing, recognising]);
    stalled = [];
    expect(stalls.update([listing, recognising, other], 6_000)).toEqual([listing, recognising]);
    expect(listing.activity.stalledSinceMs).toBeNull();
  });
});
