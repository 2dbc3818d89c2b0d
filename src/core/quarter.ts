/**
 * Calendar quarters in the unit's zone (R11: every quarter the footage is compiled into a set).
 * A quarter is named like 2026Q3; its sets are 2026Q3, then supplements 2026Q3-S1, 2026Q3-S2 …
 */
import { instantOf, localDateIn } from './zoned-time.js';
import { say } from './i18n/messages.js';
import { statusLineMessages } from './i18n/status-lines-messages.js';

export interface Quarter {
  year: number;
  q: 1 | 2 | 3 | 4;
}

/** "2026Q3" (also "2026q3", "2026-Q3") → the quarter, or null when it is not one. */
export function parseQuarter(text: string): Quarter | null {
  const m = /^(\d{4})-?[Qq]([1-4])$/.exec(text.trim());
  if (!m) return null;
  return { year: Number(m[1]), q: Number(m[2]) as Quarter['q'] };
}

export function quarterId(q: Quarter): string {
  return `${q.year}Q${q.q}`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** First local date of the quarter and first local date after it (YYYY-MM-DD, end exclusive). */
export function quarterDates(q: Quarter): { from: string; until: string } {
  const startMonth = (q.q - 1) * 3 + 1;
  const next = q.q === 4 ? { year: q.year + 1, month: 1 } : { year: q.year, month: startMonth + 3 };
  return { from: `${q.year}-${pad(startMonth)}-01`, until: `${next.year}-${pad(next.month)}-01` };
}

/** The instants the quarter spans in the zone: local midnight of its first day to that of the next quarter. */
export function quarterInstants(q: Quarter, timeZone: string): { from: Date; until: Date } {
  const { from, until } = quarterDates(q);
  const at = (date: string) => {
    const [y, m, d] = date.split('-').map(Number) as [number, number, number];
    return instantOf({ year: y, month: m, day: d, hour: 0, minute: 0, second: 0 }, timeZone);
  };
  return { from: at(from), until: at(until) };
}

/** The quarter a local date (YYYY-MM-DD) belongs to. */
export function quarterOfDate(localDate: string): Quarter {
  const [y, m] = localDate.split('-').map(Number) as [number, number];
  return { year: y, q: (Math.floor((m - 1) / 3) + 1) as Quarter['q'] };
}

export function quarterAt(instant: Date, timeZone: string): Quarter {
  return quarterOfDate(localDateIn(instant, timeZone));
}

export function previousQuarter(q: Quarter): Quarter {
  return q.q === 1 ? { year: q.year - 1, q: 4 } : { year: q.year, q: (q.q - 1) as Quarter['q'] };
}

export function compareQuarters(a: Quarter, b: Quarter): number {
  return a.year !== b.year ? a.year - b.year : a.q - b.q;
}

/** The set id: the quarter for the main set, then -S1, -S2 … for supplements. */
export function setIdFor(q: Quarter, supplement: number): string {
  return supplement === 0 ? quarterId(q) : `${quarterId(q)}-S${supplement}`;
}

export interface QuarterSetState {
  /** Recordings of the quarter in the catalogue. */
  recordings: number;
  /** Of those, how many no finished set holds. */
  unexported: number;
  /** Whether the quarter's main set is finished. */
  hasSet: boolean;
}

/** What the quarterly reminder is about, as facts (the dock screen words them in its own language). */
export interface ReminderFacts {
  quarter: string;
  /** False: no archive set yet; true: recordings came in after it (a supplement set is due). */
  supplement: boolean;
  /** The quarter's recordings (no set yet), or those no finished set holds (supplement). */
  recordings: number;
}

/** The reminder's facts, or null when there is nothing to remind of. A quarter with no recordings needs no set. */
export function reminderFacts(now: Date, timeZone: string, stateOf: (q: Quarter) => QuarterSetState): ReminderFacts | null {
  const prev = previousQuarter(quarterAt(now, timeZone));
  const quarter = quarterId(prev);
  const s = stateOf(prev);
  if (s.recordings === 0) return null;
  if (!s.hasSet) return { quarter, supplement: false, recordings: s.recordings };
  if (s.unexported > 0) return { quarter, supplement: true, recordings: s.unexported };
  return null;
}

/**
 * The reminder in English (the language-neutral line: logs, --json) once a quarter is over and its footage is not all in a
 * finished set; null when there is nothing to remind of.
 */
export function exportReminder(now: Date, timeZone: string, stateOf: (q: Quarter) => QuarterSetState): string | null {
  const f = reminderFacts(now, timeZone, stateOf);
  if (!f) return null;
  return say('en', f.supplement ? statusLineMessages.reminderSupplement : statusLineMessages.reminderNoSet, { quarter: f.quarter, count: f.recordings });
}
