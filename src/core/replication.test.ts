import { describe, expect, it } from 'vitest';
import { capLockDate, FARTHEST_LOCK_DATE, lockedThrough, metadataKey, parseSegmentKey, recordingObjectKey, retryDelayMs, segmentKey } from './replication.js';

const settings = { permanentRetainYears: 100, heldExtendMonths: 12 };

describe('where things go in the bucket', () => {
  it('keys bytes by content, metadata and segments by station', () => {
    const sha = 'ab'.padEnd(64, '0');
    expect(recordingObjectKey(sha)).toBe(`recordings/sha256/ab/${sha}`);
    expect(metadataKey('st-01', 42)).toBe('stations/st-01/recordings/42.json');
    expect(segmentKey('st-01', 1, 12)).toBe('stations/st-01/trail/000000000001-000000000012.jsonl');
    expect(parseSegmentKey(segmentKey('st-01', 13, 400))).toEqual({ firstSeq: 13, lastSeq: 400 });
    expect(parseSegmentKey('stations/st-01/station.json')).toBeNull();
  });
});

describe('how long the store keeps a recording', () => {
  it('to its retention end when nothing holds it', () => {
    expect(lockedThrough({ keptThrough: '2027-05-20' }, '2026-11-20', [], '2026-11-29', settings)).toBe('2027-05-20');
  });

  it('far ahead for a permanent hold, from its own date (the same every day), never past the farthest lock date', () => {
    const permanent = [{ reason: 'complaint' as const, permanent: false }];
    expect(lockedThrough({ keptThrough: '2027-05-20' }, '2026-11-20', permanent, '2026-11-29', { ...settings, permanentRetainYears: 50 })).toBe('2076-11-20');
    // 100 years would be 2126: past what Ceph's gateway keeps (it wraps to 1990, unlocked).
    expect(lockedThrough({ keptThrough: '2027-05-20' }, '2026-11-20', permanent, '2026-11-29', settings)).toBe(FARTHEST_LOCK_DATE);
  });

  it('at least heldExtendMonths ahead under a hold that is not permanent, and never shorter than the retention end', () => {
    const held = [{ reason: 'evidence-use' as const, permanent: false }];
    expect(lockedThrough({ keptThrough: '2027-05-20' }, '2026-11-20', held, '2026-11-29', settings)).toBe('2027-11-29');
    expect(lockedThrough({ keptThrough: '2030-01-01' }, '2026-11-20', held, '2026-11-29', settings)).toBe('2030-01-01');
  });

  it('caps any date at the farthest lock date', () => {
    expect(capLockDate('2200-01-01')).toBe(FARTHEST_LOCK_DATE);
    expect(capLockDate('2050-06-30')).toBe('2050-06-30');
  });
});

describe('retrying', () => {
  it('waits 5 s, doubling, to at most 10 minutes', () => {
    expect([1, 2, 3, 8, 50].map(retryDelayMs)).toEqual([5_000, 10_000, 20_000, 600_000, 600_000]);
  });
});
