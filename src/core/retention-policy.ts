/**
 * Retention decisions (R6, R12(3)), pure: a recording is kept through its local date plus N calendar
 * months (clamped to the month's last day), and may be disposed of from the next day on, unless held.
 * Dates are the recording's local date in the unit's zone (YYYY-MM-DD), so the zone decides the day.
 */

/** R12(3): original footage is kept at least six months. */
export const MINIMUM_MONTHS = 6;

/** R6/P14/P15: these kinds of case are recorded in full and kept long-term (here: held for good). */
export const LONG_TERM_CATEGORIES = ['mass-incident', 'personal-safety', 'coercive-measure', 'party-objection', 'major-complex'] as const;
export type LongTermCategory = (typeof LONG_TERM_CATEGORIES)[number];

/** The category of an ordinary case, kept for the minimum period unless held. */
export const GENERAL_CATEGORY = 'general';

/** Why a recording is kept for good (R12(3) complaint, reconsideration, litigation, other need; R6 categories). */
export const HOLD_REASONS = ['complaint', 'reconsideration', 'litigation', 'evidence-use', ...LONG_TERM_CATEGORIES, 'other'] as const;
export type HoldReason = (typeof HOLD_REASONS)[number];

export function isHoldReason(s: string): s is HoldReason {
  return (HOLD_REASONS as readonly string[]).includes(s);
}

export function isLongTermCategory(s: string): s is LongTermCategory {
  return (LONG_TERM_CATEGORIES as readonly string[]).includes(s);
}

/** The reasons R12(3) and R6 keep for good whatever the placer says. */
export const PERMANENT_REASONS: readonly HoldReason[] = ['complaint', 'reconsideration', 'litigation', ...LONG_TERM_CATEGORIES];

/**
 * R12(3) "应永久保存": footage concerning a complaint, a reconsideration or a lawsuit, the R6 long-term
 * categories, and an "other" hold its placer marked permanent are kept for good. Such a hold is never
 * released; only a hold placed on the wrong recording is corrected (two approvers, see holds-correction).
 */
export function isPermanentHold(reason: HoldReason, markedPermanent: boolean): boolean {
  return markedPermanent || PERMANENT_REASONS.includes(reason);
}

/** A standing disposal approval covers every recording, or those whose cases are all of one category. */
export type StandingScope = { kind: 'all' } | { kind: 'category'; category: string };

/** `all` or `category:NAME`; null when it is neither (the caller says what to write). */
export function parseStandingScope(text: string): StandingScope | null {
  const t = text.trim();
  if (t === 'all') return { kind: 'all' };
  const m = /^category:([a-z][a-z0-9-]*)$/.exec(t);
  return m ? { kind: 'category', category: m[1]! } : null;
}

export function formatStandingScope(s: StandingScope): string {
  return s.kind === 'all' ? 'all' : `category:${s.category}`;
}

interface Ymd {
  y: number;
  m: number; // 1-12
  d: number;
}

function parse(date: string): Ymd {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new Error(`not a local date: ${date}`);
  return { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const format = ({ y, m, d }: Ymd) => `${pad(y, 4)}-${pad(m)}-${pad(d)}`;

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function shiftMonth(y: number, m: number, months: number): { y: number; m: number } {
  const index = y * 12 + (m - 1) + months;
  return { y: Math.floor(index / 12), m: (index % 12) + 1 };
}

/** `date` plus `months` calendar months; a day the target month lacks becomes its last day. */
export function addMonths(date: string, months: number): string {
  const { y, m, d } = parse(date);
  const t = shiftMonth(y, m, months);
  return format({ ...t, d: Math.min(d, daysInMonth(t.y, t.m)) });
}

export function addDays(date: string, days: number): string {
  const { y, m, d } = parse(date);
  const t = new Date(Date.UTC(y, m - 1, d + days));
  return format({ y: t.getUTCFullYear(), m: t.getUTCMonth() + 1, d: t.getUTCDate() });
}

/** The last day a recording made on `localDate` must be kept. */
export function keptThrough(localDate: string, months: number): string {
  return addMonths(localDate, months);
}

/** The first day it may be disposed of (if nothing holds it). */
export function eligibleFrom(localDate: string, months: number): string {
  return addDays(keptThrough(localDate, months), 1);
}

/**
 * The latest local date whose recordings are past their period on `today`: a recording is past it
 * exactly when its local date is on or before this. Lets the catalogue answer with one index range
 * instead of a date computation per row (the unit tests check it against `keptThrough` day by day).
 */
export function lastEligibleLocalDate(today: string, months: number): string {
  const yesterday = parse(addDays(today, -1));
  const p = shiftMonth(yesterday.y, yesterday.m, -months);
  const lastOfP = daysInMonth(p.y, p.m);
  // Kept-through days clamp to the month's end, so when yesterday was a month's last day, every day of
  // the month `months` earlier has run out.
  const d = yesterday.d === daysInMonth(yesterday.y, yesterday.m) ? lastOfP : Math.min(yesterday.d, lastOfP);
  return format({ ...p, d });
}

export type RetentionState = 'inside-minimum' | 'eligible' | 'held' | 'disposed';

export interface RetentionFacts {
  localDate: string;
  /** The longest period that applies (minimum, or a linked case's category period). */
  months: number;
  /** Reasons of the active holds on it, directly or through its cases. */
  holds: readonly HoldReason[];
  disposed: boolean;
  /** A corrected hold's floor: kept at least through this date (the correction date plus the minimum). */
  floor?: string | null;
}

export interface RetentionDecision {
  state: RetentionState;
  keptThrough: string;
  eligibleFrom: string;
  holds: readonly HoldReason[];
}

/** The one rule: disposed stays disposed; any hold keeps it; otherwise the date decides. */
export function decideRetention(facts: RetentionFacts, today: string): RetentionDecision {
  const normal = keptThrough(facts.localDate, facts.months);
  const through = facts.floor && facts.floor > normal ? facts.floor : normal;
  const base = { keptThrough: through, eligibleFrom: addDays(through, 1), holds: facts.holds };
  if (facts.disposed) return { ...base, state: 'disposed' };
  if (facts.holds.length > 0) return { ...base, state: 'held' };
  return { ...base, state: through < today ? 'eligible' : 'inside-minimum' };
}

/** The period for a recording: the minimum, or the longest category period among its cases. */
export function periodFor(categories: readonly string[], minimumMonths: number, categoryMonths: Readonly<Record<string, number>>): number {
  return Math.max(minimumMonths, ...categories.map((c) => categoryMonths[c] ?? 0));
}

export interface DiskForecast {
  freeBytes: number;
  bytesPerDay: number;
  /** Whole days until the disk is full at that rate; null when nothing is being ingested. */
  daysLeft: number | null;
  fullOn: string | null;
}

/** When the vault disk fills at the recent ingest rate. */
export function forecastDiskFull(freeBytes: number, bytesPerDay: number, today: string): DiskForecast {
  if (bytesPerDay <= 0) return { freeBytes, bytesPerDay: 0, daysLeft: null, fullOn: null };
  const daysLeft = Math.floor(freeBytes / bytesPerDay);
  return { freeBytes, bytesPerDay, daysLeft, fullOn: addDays(today, daysLeft) };
}

/** The cutoff dates of a day: recordings on or before a cutoff are past that period. */
export interface Cutoffs {
  minimum: string;
  /** Categories whose period is longer than the minimum, each with its own cutoff. */
  categories: readonly { category: string; cutoff: string }[];
}

export function cutoffsOn(today: string, minimumMonths: number, categoryMonths: Readonly<Record<string, number>>): Cutoffs {
  return {
    minimum: lastEligibleLocalDate(today, minimumMonths),
    categories: Object.entries(categoryMonths)
      .filter(([, months]) => months > minimumMonths)
      .map(([category, months]) => ({ category, cutoff: lastEligibleLocalDate(today, months) })),
  };
}
