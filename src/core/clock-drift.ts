/**
 * A recorder's clock, judged from what a file says about itself. Pure.
 *
 * - clock-ahead: a recording that claims to start after the moment its recorder was docked (the
 *   ingest session's start, on the PC's clock) cannot be: the recorder's clock runs ahead.
 * - clock-skew: the file name's time, the container's creation_time and the file's mtime disagree by
 *   more than a tolerance. The mtime is the last write, i.e. the recording's end, so it is compared as
 *   mtime minus the length (a photo's mtime is its moment). A source missing or unusable (a creation
 *   time before 2000: recorders without a clock write 1970/1904) is left out; with fewer than two
 *   there is nothing to compare.
 * - apparent offset at a dock: the newest recording's end (the recorder's clock) minus the PC's clock
 *   at the dock. Near zero when the recorder was recording until it was docked; a steady climb across
 *   docks is drift; a large positive value is a clock set ahead.
 */
export const DEFAULT_CLOCK_SKEW_TOLERANCE_SECONDS = 120;

export interface TimeClaims {
  /** Start by the file name (the recorder's clock), ms. */
  nameMs: number | null;
  /** The container's creation_time as given by ffprobe (ISO 8601), if any. */
  creationTime: string | null;
  mtimeMs: number | null;
  durationSeconds: number | null;
}

/** Seconds between the furthest-apart start times the file's own records give; null: fewer than two. */
export function clockSkewSeconds(c: TimeClaims): number | null {
  const starts: number[] = [];
  if (c.nameMs !== null) starts.push(c.nameMs);
  if (c.creationTime) {
    const ms = Date.parse(c.creationTime);
    if (!Number.isNaN(ms) && new Date(ms).getUTCFullYear() >= 2000) starts.push(ms);
  }
  if (c.mtimeMs !== null) starts.push(c.mtimeMs - Math.round((c.durationSeconds ?? 0) * 1000));
  if (starts.length < 2) return null;
  return Math.round((Math.max(...starts) - Math.min(...starts)) / 1000);
}

export interface ClockVerdict {
  clockAhead: boolean;
  /** The disagreement when it passes the tolerance, else null. */
  skewSeconds: number | null;
}

export function judgeClock(startedAtMs: number, dockedAtMs: number | null, claims: TimeClaims, toleranceSeconds = DEFAULT_CLOCK_SKEW_TOLERANCE_SECONDS): ClockVerdict {
  const skew = clockSkewSeconds(claims);
  return {
    clockAhead: dockedAtMs !== null && startedAtMs > dockedAtMs,
    skewSeconds: skew !== null && skew > toleranceSeconds ? skew : null,
  };
}

/** The recorder's apparent offset at a dock, seconds: newest end minus the PC clock then. */
export function apparentOffsetSeconds(newestEndMs: number, dockedAtMs: number): number {
  return Math.round((newestEndMs - dockedAtMs) / 1000);
}
