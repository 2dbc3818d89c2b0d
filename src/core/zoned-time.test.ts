import { describe, expect, it } from 'vitest';
import { instantOf, isoInZone, localDateIn, offsetMinutesAt, parseUserTime, isValidTimeZone, wallClockAt } from './zoned-time.js';

describe('zoned time', () => {
  it('files a 07:30 Shanghai recording under that day although it is the previous day in UTC', () => {
    const instant = instantOf({ year: 2026, month: 5, day: 15, hour: 7, minute: 30, second: 0 }, 'Asia/Shanghai');
    expect(instant.toISOString()).toBe('2026-05-14T23:30:00.000Z');
    expect(localDateIn(instant, 'Asia/Shanghai')).toBe('2026-05-15');
    expect(localDateIn(instant, 'UTC')).toBe('2026-05-14');
    expect(isoInZone(instant, 'Asia/Shanghai')).toBe('2026-05-15T07:30:00+08:00');
  });

  it('handles zones with DST and negative offsets', () => {
    const summer = instantOf({ year: 2026, month: 7, day: 1, hour: 12, minute: 0, second: 0 }, 'America/New_York');
    expect(summer.toISOString()).toBe('2026-07-01T16:00:00.000Z');
    expect(offsetMinutesAt(summer, 'America/New_York')).toBe(-240);
    expect(isoInZone(summer, 'America/New_York')).toBe('2026-07-01T12:00:00-04:00');
    const winter = instantOf({ year: 2026, month: 1, day: 1, hour: 0, minute: 0, second: 0 }, 'America/New_York');
    expect(isoInZone(winter, 'America/New_York')).toBe('2026-01-01T00:00:00-05:00');
  });

  it('parses command-line dates as local midnight, and refuses non-dates', () => {
    expect(parseUserTime('2026-07-01', 'Asia/Shanghai')?.toISOString()).toBe('2026-06-30T16:00:00.000Z');
    expect(parseUserTime('2026-07-01T08:00:00Z', 'Asia/Shanghai')?.toISOString()).toBe('2026-07-01T08:00:00.000Z');
    expect(parseUserTime('2026-02-30', 'Asia/Shanghai')).toBeNull();
    expect(parseUserTime('yesterday', 'Asia/Shanghai')).toBeNull();
  });

  it('knows real zone names', () => {
    expect(isValidTimeZone('Asia/Shanghai')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });

  it('reads the wall clock as Intl does, to the second, each side of clock changes and at odd offsets (the kept hourly offset)', () => {
    const intl = (d: Date, timeZone: string) => {
      const parts = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' }).formatToParts(d);
      const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
      return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
    };
    const zones = ['Asia/Shanghai', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'Europe/London', 'America/St_Johns'];
    // Around changes (New York 2026-03-08 07:00Z, 2026-11-01 06:00Z; Lord Howe's half-hour one; Shanghai's 1940s summer time), and a spread of instants.
    const around = ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z', '2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z', '1940-06-02T16:00:00Z', '1986-05-03T18:00:00Z', '2026-03-29T01:00:00Z'].map((s) => Date.parse(s));
    const instants = around.flatMap((t) => [-3_601_000, -1000, -1, 0, 1, 999, 1000, 1_799_000, 3_599_999].map((d) => t + d));
    for (let i = 0; i < 400; i++) instants.push(Date.UTC(1950, 0, 1) + Math.floor(((i * 2654435761) % 4_000_000_000) * 1000 + (i * 37) % 1000));
    for (const timeZone of zones) for (const t of instants) expect(wallClockAt(new Date(t), timeZone), `${timeZone} ${new Date(t).toISOString()}`).toEqual(intl(new Date(t), timeZone));
  });
});
