/**
 * The unit's clock: "now" and every date and time the vault writes, in the unit's one timezone
 * (recordings are filed by their local date there). Built once, at start-up; services ask it instead
 * of carrying the zone around.
 */
import type { Clock } from './types.js';
import { instantOf, isoInZone, localDateIn, parseUserTime, type WallClock } from './zoned-time.js';

export interface UnitClock extends Clock {
  /** The unit's IANA timezone, for schedules and reports that must name it. */
  readonly zone: string;
  /** Now as ISO 8601 with the zone's offset. */
  nowIso(): string;
  /** Today's local date, YYYY-MM-DD. */
  today(): string;
  /** An instant as ISO 8601 with the zone's offset. */
  iso(instant: Date): string;
  /** An instant's local date, YYYY-MM-DD. */
  localDate(instant: Date): string;
  /** A wall-clock time in the zone as an instant. */
  instant(wall: WallClock): Date;
  /** A time a person typed (YYYY-MM-DD, YYYY-MM-DD HH:MM, or with an offset), in the zone; null if it is none. */
  parse(text: string): Date | null;
}

export function unitClock(source: Clock, zone: string): UnitClock {
  return {
    zone,
    now: () => source.now(),
    nowIso: () => isoInZone(source.now(), zone),
    today: () => localDateIn(source.now(), zone),
    iso: (instant) => isoInZone(instant, zone),
    localDate: (instant) => localDateIn(instant, zone),
    instant: (wall) => instantOf(wall, zone),
    parse: (text) => parseUserTime(text, zone),
  };
}
