import { afterAll, describe, expect, it } from 'vitest';
import { isoInZone, wallClockAt, type WallClock } from '../core/zoned-time.js';
import { runProcessInZone, settableZone } from './process-zone.js';

const before = process.env.TZ;
afterAll(() => {
  if (before === undefined) delete process.env.TZ;
  else process.env.TZ = before;
});

/** What Intl reads, always (formatters of its own: never the fast reader). */
function intlWallClock(zone: string): (instant: Date) => WallClock {
  const format = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  return (instant) => wallClockOf(format.formatToParts(instant));
}

function wallClockOf(parts: Intl.DateTimeFormatPart[]): WallClock {
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
}

/** Instants from 1800 to 2300 (a fixed pseudo-random draw, with milliseconds), and one every four months of 1970-2040 at a random hour. */
function instants(): Date[] {
  let seed = 20261129;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const lo = Date.UTC(1800, 0, 1);
  const hi = Date.UTC(2300, 0, 1);
  const out = Array.from({ length: 60 }, () => new Date(Math.floor(lo + next() * (hi - lo))));
  for (let year = 1970; year < 2040; year++) for (let month = 0; month < 12; month += 4) out.push(new Date(Date.UTC(year, month, 1 + Math.floor(next() * 28), Math.floor(next() * 24), 30)));
  return out;
}

/** Every quarter of an hour of 2026's clock changes in zones that change by an hour, half an hour, or 45 minutes. */
const DST_ZONES = ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Australia/Lord_Howe', 'Pacific/Chatham', 'America/Santiago', 'Asia/Jerusalem'];
function aroundChanges(zone: string): Date[] {
  const read = intlWallClock(zone);
  // Local minus UTC, in ms: it changes between two instants six hours apart only across a change.
  const shift = (d: Date) => {
    const w = read(d);
    return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute) - Math.floor(d.getTime() / 60_000) * 60_000;
  };
  const out: Date[] = [];
  for (let ms = Date.UTC(2026, 0, 1); ms < Date.UTC(2027, 0, 1); ms += 6 * 3_600_000) {
    if (shift(new Date(ms)) !== shift(new Date(ms + 6 * 3_600_000))) for (let t = ms - 3_600_000; t <= ms + 7 * 3_600_000; t += 900_000) out.push(new Date(t));
  }
  return out;
}

describe('the process runs in the unit zone', () => {
  it("reads every canonical zone's wall clock from Date exactly as Intl reads it", () => {
    const zones = Intl.supportedValuesOf('timeZone');
    expect(zones.length).toBeGreaterThan(300);
    const all = instants();
    const differ: string[] = [];
    for (const zone of zones) {
      expect(runProcessInZone(zone), zone).toBe(true);
      const intlIn = intlWallClock(zone);
      for (const instant of all) {
        const fast = wallClockAt(instant, zone);
        const intl = intlIn(instant);
        if (JSON.stringify(fast) !== JSON.stringify(intl)) differ.push(`${zone} ${instant.toISOString()}: ${JSON.stringify(fast)} against ${JSON.stringify(intl)}`);
      }
    }
    expect(differ.slice(0, 5)).toEqual([]);
  });

  it('reads the quarter hours around 2026\'s clock changes as Intl does', () => {
    const differ: string[] = [];
    for (const zone of DST_ZONES) {
      expect(runProcessInZone(zone), zone).toBe(true);
      const intlIn = intlWallClock(zone);
      const around = aroundChanges(zone);
      expect(around.length, zone).toBeGreaterThan(0);
      for (const instant of around) {
        if (JSON.stringify(wallClockAt(instant, zone)) !== JSON.stringify(intlIn(instant))) differ.push(`${zone} ${instant.toISOString()}`);
      }
    }
    expect(differ).toEqual([]);
  });

  it('leaves a name TZ would misread to Intl: an alias, another case, a POSIX-like or fixed-offset name', () => {
    expect(runProcessInZone('Asia/Shanghai')).toBe(true);
    for (const zone of ['PRC', 'asia/shanghai', 'Etc/GMT-8', 'UTC', 'CST-8']) {
      expect(settableZone(zone), zone).toBe(false);
      expect(runProcessInZone(zone), zone).toBe(false);
    }
    expect(process.env.TZ).toBe('Asia/Shanghai');
    // The zones left to Intl still read right while the process runs in another.
    const at = new Date('2026-05-15T07:30:00Z');
    expect(isoInZone(at, 'PRC')).toBe('2026-05-15T15:30:00+08:00');
    expect(isoInZone(at, 'Etc/GMT-8')).toBe('2026-05-15T15:30:00+08:00');
    expect(isoInZone(at, 'America/New_York')).toBe('2026-05-15T03:30:00-04:00');
  });
});
