import { describe, expect, it } from 'vitest';
import { dailyCron, filesForRun, runsDue, shareSize } from './fixity-plan.js';

describe('fixity plan', () => {
  it('shares the vault so a period of nightly runs covers every file', () => {
    expect(shareSize(0, 7)).toBe(0);
    expect(shareSize(10, 7)).toBe(2);
    expect(shareSize(70, 7)).toBe(10);
    for (const total of [1, 6, 7, 8, 99]) expect(shareSize(total, 7) * 7).toBeGreaterThanOrEqual(total);
    expect(filesForRun(10, 7, 3)).toBe(6);
    expect(filesForRun(10, 7, 30)).toBe(10);
  });

  it('counts the nightly run times that passed, in the unit\'s zone', () => {
    const tz = 'Asia/Shanghai';
    // 02:30 in Shanghai is 18:30 UTC the day before.
    const lastRun = new Date('2026-07-01T18:30:05Z'); // the 2 July run
    expect(runsDue(lastRun, new Date('2026-07-02T10:00:00Z'), '02:30', tz)).toBe(0);
    expect(runsDue(lastRun, new Date('2026-07-02T18:30:00Z'), '02:30', tz)).toBe(1);
    expect(runsDue(lastRun, new Date('2026-07-05T12:00:00Z'), '02:30', tz)).toBe(3); // 3, 4 and 5 July
    expect(runsDue(lastRun, lastRun, '02:30', tz)).toBe(0);
  });

  it('turns a time of day into a daily cron expression', () => {
    expect(dailyCron('02:30')).toBe('30 2 * * *');
    expect(() => dailyCron('25:00')).toThrow();
  });
});
