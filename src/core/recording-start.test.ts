import { describe, expect, it } from 'vitest';
import { recordingStart } from './recording-start.js';
import type { MediaInfo } from './types.js';
import { unitClock } from './unit-clock.js';

const clock = unitClock({ now: () => new Date('2026-05-15T00:00:00Z') }, 'Asia/Shanghai');
const mtime = new Date('2026-05-15T10:00:00Z');
const info = (creationTime: string | null): MediaInfo => ({ durationSeconds: 1, format: 'mp4', videoCodec: 'h264', audioCodec: null, width: 1, height: 1, creationTime });
const nameTime = { year: 2026, month: 5, day: 15, hour: 7, minute: 30, second: 0 };

describe('recordingStart', () => {
  it('takes the file name first, in the unit zone', () => {
    expect(recordingStart(nameTime, info('2026-05-14T01:00:00Z'), mtime, clock)).toEqual({ startedAt: new Date('2026-05-14T23:30:00Z'), source: 'file-name' });
  });

  it('takes the container creation time when the name says nothing', () => {
    expect(recordingStart(null, info('2026-05-14T01:00:00Z'), mtime, clock)).toEqual({ startedAt: new Date('2026-05-14T01:00:00Z'), source: 'metadata' });
  });

  it('falls back to mtime for a clockless recorder (1970, 1904), a bad tag, or no probe', () => {
    for (const tag of ['1970-01-01T00:00:00Z', '1904-01-01T00:00:00Z', 'not a date', null]) {
      expect(recordingStart(null, info(tag), mtime, clock)).toEqual({ startedAt: mtime, source: 'mtime' });
    }
    expect(recordingStart(null, null, mtime, clock)).toEqual({ startedAt: mtime, source: 'mtime' });
  });
});
