import { describe, expect, it } from 'vitest';
import { findGaps, isStillFormat, parseGapId, type SegmentFacts } from './gaps.js';

const T0 = Date.parse('2026-05-15T07:00:00+08:00');
let nextId = 1;
/** A segment of recorder `device` starting `atS` seconds after T0, `len` seconds long. */
const seg = (atS: number, len: number | null, extra: Partial<SegmentFacts> = {}): SegmentFacts => ({
  id: nextId++,
  deviceNumber: '0001234',
  officerId: '110101',
  startedAtMs: T0 + atS * 1000,
  durationSeconds: len,
  still: false,
  ...extra,
});

describe('findGaps (R5, P16)', () => {
  it('continuous segments are not gaps; a 5-minute hole is; an hour starts a new session', () => {
    const a = seg(0, 600);
    const b = seg(600, 600); // continuous
    const c = seg(1202, 600); // 2 s: inside the tolerance
    const d = seg(1802 + 300, 600); // 5 minutes after c ends
    const e = seg(2702 + 3600, 600); // an hour later: new session
    const f = seg(3302 + 3600 + 60, 600); // a minute after e
    const gaps = [...findGaps([a, b, c, d, e, f])];
    expect(gaps.map((g) => [g.beforeId, g.afterId, g.seconds])).toEqual([
      [c.id, d.id, 300],
      [e.id, f.id, 60],
    ]);
    expect(gaps[0]!.id).toBe(`${c.id}-${d.id}`);
    expect(gaps[0]!.startedAtMs).toBe(c.startedAtMs + 600_000);
    expect(gaps[0]!.endedAtMs).toBe(d.startedAtMs);
  });

  it('the boundaries: exactly the tolerance is no gap, a second more is; exactly the session break is a new session', () => {
    const a = seg(0, 10);
    const b = seg(13, 10); // 3 s: not more than the tolerance
    const c = seg(27, 10); // 4 s
    const d = seg(37 + 1800, 10); // 30 min exactly: new session
    expect([...findGaps([a, b, c, d])].map((g) => g.seconds)).toEqual([4]);
  });

  it('photos and files of unknown length neither open nor close a gap', () => {
    const a = seg(0, 60);
    const photo = seg(100, null, { still: true });
    const photoWithLength = seg(110, 0.04, { still: true });
    const png = seg(115, 0.04, { still: true });
    const broken = seg(120, null);
    const b = seg(200, 60);
    expect([...findGaps([a, photo, photoWithLength, png, broken, b])].map((g) => [g.beforeId, g.afterId, g.seconds])).toEqual([[a.id, b.id, 140]]);
  });

  it('overlapping segments measure from the latest end; recorders never mix; quarantined rows are left out', () => {
    const a = seg(0, 600);
    const inside = seg(100, 60);
    const b = seg(700, 60); // 100 s after a ends, not after `inside`
    const other = seg(1000, 60, { deviceNumber: '0009999' });
    const other2 = seg(1100, 60, { deviceNumber: '0009999' });
    const q1 = seg(0, 10, { deviceNumber: null });
    const q2 = seg(100, 10, { deviceNumber: null });
    const gaps = [...findGaps([q1, q2, a, inside, b, other, other2])];
    expect(gaps.map((g) => [g.deviceNumber, g.beforeId, g.afterId, g.seconds])).toEqual([
      ['0001234', a.id, b.id, 100],
      ['0009999', other.id, other2.id, 40],
    ]);
  });

  it('takes its tolerance and session break from the settings', () => {
    const a = seg(0, 10);
    const b = seg(20, 10); // 10 s
    const c = seg(30 + 7200, 10); // 2 h
    expect([...findGaps([a, b, c], { toleranceSeconds: 15, sessionBreakSeconds: 3 * 3600 })].map((g) => g.seconds)).toEqual([7200]);
  });

  it('tells still pictures by the container ffprobe names', () => {
    for (const f of ['image2', 'jpeg_pipe', 'png_pipe']) expect(isStillFormat(f)).toBe(true);
    for (const f of ['mov,mp4,m4a,3gp,3g2,mj2', 'wav', 'amr', null]) expect(isStillFormat(f)).toBe(false);
  });

  it('reads gap ids as typed, and refuses others', () => {
    expect(parseGapId('812-813')).toEqual([812, 813]);
    expect(parseGapId(' 812-813 ')).toEqual([812, 813]);
    for (const bad of ['812', '812-', '-813', '812-812', '0-5', 'a-b', '812--813', '1e3-5']) expect(parseGapId(bad)).toBeNull();
  });
});
