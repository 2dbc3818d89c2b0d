import { describe, expect, it } from 'vitest';
import { lateness } from './late-storage.js';

const H = 3600_000;
const start = Date.parse('2026-05-15T07:00:00+08:00');

describe('lateness (P25)', () => {
  it('measures from the end of the recording, and is late only past 24 hours', () => {
    const onTime = lateness({ startedAtMs: start, durationSeconds: 600, storedAtMs: start + 600_000 + 24 * H }, null);
    expect(onTime).toMatchObject({ late: false, unexplained: false, hoursLate: 24 });
    const late = lateness({ startedAtMs: start, durationSeconds: 600, storedAtMs: start + 600_000 + 24 * H + 1000 }, null);
    expect(late).toMatchObject({ late: true, unexplained: true });
    expect(lateness({ startedAtMs: start, durationSeconds: null, storedAtMs: start + 30 * H }, null).hoursLate).toBe(30);
  });

  it('remote work: within 24 hours of the return is excused, later is still late', () => {
    const r = { startedAtMs: start, durationSeconds: 0, storedAtMs: start + 72 * H };
    expect(lateness(r, { reason: 'remote-work', returnedAtMs: start + 60 * H }).unexplained).toBe(false);
    const tooLate = lateness(r, { reason: 'remote-work', returnedAtMs: start + 40 * H });
    expect(tooLate).toMatchObject({ late: true, unexplained: true });
  });

  it('a device fault or another written reason excuses it', () => {
    const r = { startedAtMs: start, durationSeconds: 0, storedAtMs: start + 72 * H };
    expect(lateness(r, { reason: 'device-fault', returnedAtMs: null }).unexplained).toBe(false);
    expect(lateness(r, { reason: 'other', returnedAtMs: null })).toMatchObject({ late: true, unexplained: false });
  });
});
