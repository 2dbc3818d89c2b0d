import { describe, expect, it } from 'vitest';
import { apparentOffsetSeconds, clockSkewSeconds, judgeClock } from './clock-drift.js';

const start = Date.parse('2026-05-15T07:00:00+08:00');

describe('recorder clocks', () => {
  it('a recording that starts after the dock is clock-ahead; one before is not', () => {
    const claims = { nameMs: start, creationTime: null, mtimeMs: null, durationSeconds: 60 };
    expect(judgeClock(start, start - 3600_000, claims).clockAhead).toBe(true);
    expect(judgeClock(start, start + 1, claims).clockAhead).toBe(false);
    expect(judgeClock(start, null, claims).clockAhead).toBe(false);
  });

  it('compares the mtime as the end of the recording: a 10-minute file written when it ended is no skew', () => {
    expect(clockSkewSeconds({ nameMs: start, creationTime: null, mtimeMs: start + 600_000, durationSeconds: 600 })).toBe(0);
    expect(judgeClock(start, null, { nameMs: start, creationTime: null, mtimeMs: start + 600_000, durationSeconds: 600 }).skewSeconds).toBeNull();
  });

  it('flags names, creation times and mtimes apart by more than the tolerance, with the seconds', () => {
    const claims = { nameMs: start, creationTime: new Date(start + 300_000).toISOString(), mtimeMs: start + 60_000, durationSeconds: 60 };
    expect(judgeClock(start, null, claims).skewSeconds).toBe(300);
    expect(judgeClock(start, null, claims, 300).skewSeconds).toBeNull();
  });

  it('ignores a 1970 creation time and needs two sources to compare', () => {
    expect(clockSkewSeconds({ nameMs: start, creationTime: '1970-01-01T00:00:00Z', mtimeMs: null, durationSeconds: null })).toBeNull();
    expect(clockSkewSeconds({ nameMs: null, creationTime: 'garbage', mtimeMs: start, durationSeconds: null })).toBeNull();
  });

  it('the apparent offset at a dock is the newest end minus the PC clock', () => {
    expect(apparentOffsetSeconds(start + 3600_000, start)).toBe(3600);
    expect(apparentOffsetSeconds(start - 90_000, start)).toBe(-90);
  });
});
