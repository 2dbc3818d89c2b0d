import { describe, expect, it } from 'vitest';
import { instantOf, isoInZone, localDateIn, offsetMinutesAt, parseUserTime, isValidTimeZone } from './zoned-time.js';

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
});
