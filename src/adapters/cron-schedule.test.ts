import { describe, expect, it } from 'vitest';
import { nodeCronScheduler } from './cron-schedule.js';

describe('nodeCronScheduler', () => {
  it('schedules a daily job at the local time of the zone, and stops it', async () => {
    const job = nodeCronScheduler.schedule('test-job', '30 2 * * *', 'Asia/Shanghai', () => {});
    const next = job.nextRun();
    expect(next).not.toBeNull();
    expect(next!.getTime()).toBeGreaterThan(Date.now());
    expect(next!.getTime() - Date.now()).toBeLessThanOrEqual(86_400_000);
    // 02:30 in Shanghai is 18:30 UTC.
    expect([next!.getUTCHours(), next!.getUTCMinutes()]).toEqual([18, 30]);
    await job.stop();
  });

  it('refuses an expression that is not cron', () => {
    expect(() => nodeCronScheduler.schedule('bad', 'every night', 'Asia/Shanghai', () => {})).toThrow(/not a cron expression/);
  });
});
