/**
 * When a recording started, and how we know (recorded with it): the file name, else the container's
 * creation_time, else the file's mtime. Pure.
 */
import type { MediaInfo, StartTimeSource } from './types.js';
import type { UnitClock } from './unit-clock.js';
import type { WallClock } from './zoned-time.js';

export interface RecordingStart {
  startedAt: Date;
  source: StartTimeSource;
}

export function recordingStart(nameTime: WallClock | null, info: MediaInfo | null, mtime: Date, clock: Pick<UnitClock, 'instant'>): RecordingStart {
  if (nameTime) return { startedAt: clock.instant(nameTime), source: 'file-name' };
  if (info?.creationTime) {
    const d = new Date(info.creationTime);
    // Recorders without a clock write 1970 or 1904 epochs: no better than nothing.
    if (!Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 2000) return { startedAt: d, source: 'metadata' };
  }
  return { startedAt: mtime, source: 'mtime' };
}
