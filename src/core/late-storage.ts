/**
 * Storage within 24 hours (P25): a recording must reach the dedicated storage within 24 hours of its
 * end; on remote work, within 24 hours of the officer's return. Pure: the per-recording rule the
 * `late` commands and the inspection report share.
 */
export const LATE_AFTER_HOURS = 24;
const LATE_AFTER_MS = LATE_AFTER_HOURS * 3600_000;

export const LATE_REASONS = ['remote-work', 'device-fault', 'other'] as const;
export type LateReason = (typeof LATE_REASONS)[number];

export function isLateReason(text: string): text is LateReason {
  return (LATE_REASONS as readonly string[]).includes(text);
}

export interface LateExplanation {
  reason: LateReason;
  text: string;
  /** Remote work: when the officer came back (ms); the 24 hours run from then. */
  returnedAtMs: number | null;
  by: string;
  at: string;
}

export interface Lateness {
  endedAtMs: number;
  storedAtMs: number;
  /** Stored minus ended, in hours (two decimals). */
  hoursLate: number;
  /** Stored more than 24 hours after it ended. */
  late: boolean;
  /**
   * Late and not excused: no explanation, or a remote-work one whose return was itself more than 24
   * hours before storage (P25 gives 24 hours from the return, not more).
   */
  unexplained: boolean;
}

/** End of a recording: start plus its length; a photo or a file of unknown length ends when it starts. */
export function recordingEndMs(startedAtMs: number, durationSeconds: number | null): number {
  return startedAtMs + Math.round((durationSeconds ?? 0) * 1000);
}

export function lateness(r: { startedAtMs: number; durationSeconds: number | null; storedAtMs: number }, explanation: Pick<LateExplanation, 'reason' | 'returnedAtMs'> | null): Lateness {
  const endedAtMs = recordingEndMs(r.startedAtMs, r.durationSeconds);
  const lateMs = r.storedAtMs - endedAtMs;
  const late = lateMs > LATE_AFTER_MS;
  let excused = false;
  if (late && explanation) {
    excused = explanation.reason === 'remote-work' && explanation.returnedAtMs !== null ? r.storedAtMs - explanation.returnedAtMs <= LATE_AFTER_MS : true;
  }
  return { endedAtMs, storedAtMs: r.storedAtMs, hoursLate: Math.round(lateMs / 36_000) / 100, late, unexplained: late && !excused };
}
