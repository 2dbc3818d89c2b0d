/**
 * What a recorder's file name says about the recording. Body-worn recorders following GA/T 947 name
 * files `<device>_<officer>_<YYYYMMDDHHMMSS>_<seq>.<ext>`; others put only a timestamp in the name.
 * Patterns are regular expressions with named groups, tried in order; the first that matches wins.
 */
import { isRealDate, type WallClock } from './zoned-time.js';

export interface FileNameFacts {
  deviceNumber: string | null;
  officerId: string | null;
  /** Local wall-clock time from the name; the zone is the unit's, applied by the caller. */
  wallClock: WallClock | null;
  sequence: number | null;
}

/**
 * Default patterns. Groups: `device`, `officer`, `timestamp` (YYYYMMDDHHMMSS), or `date` (YYYYMMDD)
 * with `time` (HHMMSS), and `seq`.
 */
export const DEFAULT_FILE_NAME_PATTERNS: readonly string[] = [
  '^(?<device>[A-Za-z0-9]+)_(?<officer>[A-Za-z0-9]+)_(?<timestamp>\\d{14})(?:_(?<seq>\\d+))?\\.',
  '^(?<date>\\d{8})[_-](?<time>\\d{6})(?:[_-](?<seq>\\d+))?',
  '(?<timestamp>(?:19|20)\\d{12})',
];

export function compileFileNamePatterns(patterns: readonly string[]): RegExp[] {
  return patterns.map((p) => new RegExp(p, 'u'));
}

const NO_FACTS: FileNameFacts = { deviceNumber: null, officerId: null, wallClock: null, sequence: null };

function wallClockFromDigits(digits: string): WallClock | null {
  if (!/^\d{14}$/.test(digits)) return null;
  const w: WallClock = {
    year: Number(digits.slice(0, 4)),
    month: Number(digits.slice(4, 6)),
    day: Number(digits.slice(6, 8)),
    hour: Number(digits.slice(8, 10)),
    minute: Number(digits.slice(10, 12)),
    second: Number(digits.slice(12, 14)),
  };
  return isRealDate(w) ? w : null;
}

export function parseRecorderFileName(name: string, patterns: readonly RegExp[]): FileNameFacts {
  for (const pattern of patterns) {
    const g = pattern.exec(name)?.groups;
    if (!g) continue;
    const digits = g.timestamp ?? (g.date && g.time ? g.date + g.time : undefined);
    const wallClock = digits ? wallClockFromDigits(digits) : null;
    // A pattern whose timestamp is not a real date did not really match: try the next one.
    if (digits && !wallClock) continue;
    return {
      deviceNumber: g.device ?? null,
      officerId: g.officer ?? null,
      wallClock,
      sequence: g.seq !== undefined ? Number(g.seq) : null,
    };
  }
  return NO_FACTS;
}
