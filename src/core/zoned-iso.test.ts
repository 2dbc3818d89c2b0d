import { describe, expect, it } from 'vitest';
import { isoFormatter } from './zoned-iso.js';
import { isoInZone } from './zoned-time.js';

describe('isoFormatter', () => {
  it('gives exactly what isoInZone gives, across DST changes and in odd zones', () => {
    for (const zone of ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe', 'Asia/Kathmandu']) {
      const iso = isoFormatter(zone);
      // Every hour and 13.5 seconds through 2026, and around this year's changes to the second.
      for (let ms = Date.parse('2026-01-01T00:00:00Z'); ms < Date.parse('2027-01-01T00:00:00Z'); ms += 3_613_500) expect(iso(ms)).toBe(isoInZone(new Date(ms), zone));
      for (const change of ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z', '2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z', '2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z']) {
        for (let d = -2000; d <= 2000; d += 999) expect(iso(Date.parse(change) + d)).toBe(isoInZone(new Date(Date.parse(change) + d), zone));
      }
    }
  });
});
