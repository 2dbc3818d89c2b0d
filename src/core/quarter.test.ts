import { describe, expect, it } from 'vitest';
import { exportReminder, parseQuarter, previousQuarter, quarterAt, quarterDates, quarterInstants, quarterOfDate, setIdFor } from './quarter.js';

describe('quarters', () => {
  it('parses quarter names and refuses others', () => {
    expect(parseQuarter('2026Q3')).toEqual({ year: 2026, q: 3 });
    expect(parseQuarter('2026-q1')).toEqual({ year: 2026, q: 1 });
    expect(parseQuarter('2026Q5')).toBeNull();
    expect(parseQuarter('26Q3')).toBeNull();
    expect(parseQuarter('2026-07')).toBeNull();
  });

  it('spans local dates, end exclusive, across the year end', () => {
    expect(quarterDates({ year: 2026, q: 3 })).toEqual({ from: '2026-07-01', until: '2026-10-01' });
    expect(quarterDates({ year: 2026, q: 4 })).toEqual({ from: '2026-10-01', until: '2027-01-01' });
    expect(quarterDates({ year: 2026, q: 1 })).toEqual({ from: '2026-01-01', until: '2026-04-01' });
  });

  it('starts and ends at local midnight in the unit zone, not UTC', () => {
    const sh = quarterInstants({ year: 2026, q: 3 }, 'Asia/Shanghai');
    expect(sh.from.toISOString()).toBe('2026-06-30T16:00:00.000Z');
    expect(sh.until.toISOString()).toBe('2026-09-30T16:00:00.000Z');
    // New York is on daylight time at both ends of Q3, on standard time at the end of Q4.
    const ny = quarterInstants({ year: 2026, q: 4 }, 'America/New_York');
    expect(ny.from.toISOString()).toBe('2026-10-01T04:00:00.000Z');
    expect(ny.until.toISOString()).toBe('2027-01-01T05:00:00.000Z');
  });

  it('places an instant in the quarter of its local date', () => {
    // 2026-09-30T17:00Z is 01:00 on 1 October in Shanghai: already Q4 there, still Q3 in UTC.
    const instant = new Date('2026-09-30T17:00:00Z');
    expect(quarterAt(instant, 'Asia/Shanghai')).toEqual({ year: 2026, q: 4 });
    expect(quarterAt(instant, 'UTC')).toEqual({ year: 2026, q: 3 });
    expect(quarterOfDate('2026-12-31')).toEqual({ year: 2026, q: 4 });
    expect(previousQuarter({ year: 2027, q: 1 })).toEqual({ year: 2026, q: 4 });
  });

  it('names main and supplement sets', () => {
    expect(setIdFor({ year: 2026, q: 3 }, 0)).toBe('2026Q3');
    expect(setIdFor({ year: 2026, q: 3 }, 2)).toBe('2026Q3-S2');
  });

  it('reminds when the previous quarter has footage and no set, or footage left out of its sets', () => {
    const now = new Date('2026-10-08T02:00:00Z');
    const asked: string[] = [];
    const line = exportReminder(now, 'Asia/Shanghai', (q) => {
      asked.push(`${q.year}Q${q.q}`);
      return { recordings: 12, unexported: 12, hasSet: false };
    });
    expect(asked).toEqual(['2026Q3']);
    expect(line).toContain('2026Q3 has no archive set');
    expect(exportReminder(now, 'Asia/Shanghai', () => ({ recordings: 12, unexported: 2, hasSet: true }))).toContain('supplement');
    expect(exportReminder(now, 'Asia/Shanghai', () => ({ recordings: 12, unexported: 0, hasSet: true }))).toBeNull();
    expect(exportReminder(now, 'Asia/Shanghai', () => ({ recordings: 0, unexported: 0, hasSet: false }))).toBeNull();
  });
});
