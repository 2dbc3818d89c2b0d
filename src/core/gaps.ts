/**
 * Gaps in a recorder's recording (R5, P16): a recorder splits one session into segments; between two
 * consecutive segments of one recorder a hole longer than `toleranceSeconds` but shorter than
 * `sessionBreakSeconds` is a gap a person must explain (P16(3)); a longer pause starts a new session.
 * Pure: one ordered pass, so a million recordings cost one index scan (services/gaps.ts).
 *
 * What is a segment: a recording with a known length above zero that is not a still picture (its
 * container, as ffprobe names it, is an image format: image2, jpeg_pipe, png_pipe). A photo
 * is a moment, not a recording of the scene; a file whose length could not be read (probe error) has
 * no end we could measure from. Neither opens nor closes a gap: the gap is measured between the
 * segments around them (a person explaining it sees the photo or damaged file in the list).
 */

export interface GapSettings {
  toleranceSeconds: number;
  sessionBreakSeconds: number;
}

export const DEFAULT_GAP_SETTINGS: GapSettings = { toleranceSeconds: 3, sessionBreakSeconds: 30 * 60 };

/** The facts of one recording that gap finding needs (a catalogue row, cut down). */
export interface SegmentFacts {
  id: number;
  deviceNumber: string | null;
  /** Optional: a caller that reads it anyway passes it on; otherwise the gap's officer is looked up after. */
  officerId?: string | null;
  startedAtMs: number;
  durationSeconds: number | null;
  /** A still picture (isStillFormat of its container). */
  still: boolean;
}

export interface FoundGap {
  /** Stable while the recordings around it stay: "<beforeId>-<afterId>". */
  id: string;
  deviceNumber: string;
  /** The wearer, from the segment before (else after); undefined when the segments did not carry it. */
  officerId?: string | null;
  beforeId: number;
  afterId: number;
  /** End of the segment before (ms). */
  startedAtMs: number;
  /** Start of the segment after (ms). */
  endedAtMs: number;
  seconds: number;
}

export function gapId(beforeId: number, afterId: number): string {
  return `${beforeId}-${afterId}`;
}

/** "812-813" → [812, 813]; anything else → null. */
export function parseGapId(text: string): [number, number] | null {
  const m = /^\s*(\d{1,15})-(\d{1,15})\s*$/.exec(text);
  if (!m) return null;
  const a = Number(m[1]);
  const b = Number(m[2]);
  return a > 0 && b > 0 && a !== b ? [a, b] : null;
}

/** ffprobe names a still picture's container image2 (JPEG) or <codec>_pipe (png_pipe, jpeg_pipe …). */
export function isStillFormat(format: string | null): boolean {
  return format !== null && (format === 'image2' || format.endsWith('_pipe'));
}

export function isSegment(r: Pick<SegmentFacts, 'durationSeconds' | 'still' | 'deviceNumber'>): boolean {
  return r.deviceNumber !== null && r.durationSeconds !== null && r.durationSeconds > 0 && !r.still;
}

/**
 * The gaps among `rows`, which must come ordered by recorder, then start (then id). A row is read once
 * and never kept (the caller may hand the same object back with new values). Quarantined
 * recordings (no recorder) are left out: their recorder is unknown. Overlapping segments (two files
 * of the same moment) never make a gap: the hole is measured from the latest end so far.
 */
export function* findGaps(rows: Iterable<SegmentFacts>, settings: GapSettings = DEFAULT_GAP_SETTINGS): Generator<FoundGap> {
  let device: string | null = null;
  let last: { id: number; officerId: string | null | undefined; endMs: number } | null = null;
  const tolMs = settings.toleranceSeconds * 1000;
  const breakMs = settings.sessionBreakSeconds * 1000;
  for (const r of rows) {
    if (!isSegment(r)) continue;
    if (r.deviceNumber !== device) {
      device = r.deviceNumber;
      last = null;
    }
    const endMs = r.startedAtMs + Math.round(r.durationSeconds! * 1000);
    if (last) {
      const hole = r.startedAtMs - last.endMs;
      if (hole > tolMs && hole < breakMs) {
        yield {
          id: gapId(last.id, r.id),
          deviceNumber: device!,
          officerId: last.officerId ?? r.officerId,
          beforeId: last.id,
          afterId: r.id,
          startedAtMs: last.endMs,
          endedAtMs: r.startedAtMs,
          seconds: Math.round(hole / 1000),
        };
      }
      if (endMs <= last.endMs) continue; // inside the segment before: that one still ends last
    }
    last = { id: r.id, officerId: r.officerId, endMs };
  }
}
