import { describe, expect, it } from 'vitest';
import type { MountEntry } from '../core/mount-table.js';
import { dockedVolume, dockProgress } from './docked-volume.js';

const mount: MountEntry = { mountId: 42, mountPoint: '/media/recorders/a', fsType: 'vfat', source: '/dev/sdb1', readOnly: false };

describe('a docked volume', () => {
  it('starts settling, nothing known yet', () => {
    const d = dockedVolume(mount, '2026-05-15T20:00:00+08:00', 1000);
    expect(d.activity).toMatchObject({ mountPoint: '/media/recorders/a', mountId: 42, state: 'settling', deviceNumber: null, filesTotal: 0, dockedAt: '2026-05-15T20:00:00+08:00', updatedMs: 1000 });
    expect(d.gone).toBe(false);
  });

  it('progress: totals and the end are written at once, steps only mark the dock changed', () => {
    const d = dockedVolume(mount, 'now', 0);
    let writes = 0;
    let changes = 0;
    const p = dockProgress(d.activity, () => changes++, () => writes++);
    p.start(2, 300);
    expect(writes).toBe(1);
    p.bytes(100);
    p.advance(1, 50);
    p.bytes(100);
    p.advance(1, 50);
    expect(d.activity).toMatchObject({ filesTotal: 2, bytesTotal: 300, filesDone: 2, bytesDone: 300 });
    expect({ writes, changes }).toEqual({ writes: 1, changes: 4 });
    p.stop();
    expect(writes).toBe(2);
  });
});
