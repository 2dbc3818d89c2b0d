/**
 * The unit's working days (R12(1): recorders are collected at the end of every working day) and which
 * assigned recorders were not docked on each of them. Pure: the caller gives each day's bounds.
 */
import type { Assignment } from './assignments.js';
import { addDays } from './retention-policy.js';

export interface WorkCalendar {
  /** ISO weekdays that are working days: 1 Monday … 7 Sunday. */
  workingDays: readonly number[];
  /** Days off that would otherwise be working days (法定节假日), YYYY-MM-DD. */
  holidays: readonly string[];
  /** Make-up working days (调休) that would otherwise be days off, YYYY-MM-DD. */
  extraWorkingDays: readonly string[];
}

export const DEFAULT_CALENDAR: WorkCalendar = { workingDays: [1, 2, 3, 4, 5], holidays: [], extraWorkingDays: [] };

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date written YYYY-MM-DD. */
export function isLocalDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** ISO weekday of a local date: 1 Monday … 7 Sunday. */
export function isoWeekday(date: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const w = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return w === 0 ? 7 : w;
}

export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  if (cal.extraWorkingDays.includes(date)) return true;
  if (cal.holidays.includes(date)) return false;
  return cal.workingDays.includes(isoWeekday(date));
}

/** Every date from `from` to `to`, both included. */
export function datesBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

export interface NotDockedDay {
  date: string;
  deviceNumber: string;
  officerId: string;
}

export interface DockingFacts {
  /** Every recorder's assignment periods (an assignment exists only while the recorder is in service). */
  assignments: readonly Assignment[];
  /** "deviceNumber date" for each local day an ingest session of that recorder started. */
  docked: ReadonlySet<string>;
  /** A local date's start and the next day's start, as epoch ms in the unit's zone. */
  dayBounds(date: string): [number, number];
}

export const dockKey = (deviceNumber: string, date: string) => `${deviceNumber} ${date}`;

/**
 * Each working day from `from` to `to` on which a recorder was assigned to an officer for some part of
 * the day and no ingest session of it started. The officer named is the one holding it last that day.
 */
export function notDockedDays(from: string, to: string, cal: WorkCalendar, facts: DockingFacts): NotDockedDay[] {
  const byDevice = new Map<string, Assignment[]>();
  for (const a of facts.assignments) byDevice.set(a.deviceNumber, [...(byDevice.get(a.deviceNumber) ?? []), a]);
  const out: NotDockedDay[] = [];
  for (const date of datesBetween(from, to)) {
    if (!isWorkingDay(date, cal)) continue;
    const [start, end] = facts.dayBounds(date);
    for (const [device, periods] of [...byDevice].sort(([a], [b]) => a.localeCompare(b))) {
      let holder: Assignment | null = null;
      for (const p of periods) if (p.fromMs < end && (p.toMs === null || p.toMs > start) && (!holder || p.fromMs >= holder.fromMs)) holder = p;
      if (holder && !facts.docked.has(dockKey(device, date))) out.push({ date, deviceNumber: device, officerId: holder.officerId });
    }
  }
  return out;
}

/** The same days grouped per recorder and officer, as an inspection counts them. */
export function notDockedByRecorder(days: readonly NotDockedDay[]): { deviceNumber: string; officerId: string; days: number; dates: string[] }[] {
  const groups = new Map<string, { deviceNumber: string; officerId: string; days: number; dates: string[] }>();
  for (const d of days) {
    const key = `${d.deviceNumber}\u0000${d.officerId}`;
    const g = groups.get(key) ?? { deviceNumber: d.deviceNumber, officerId: d.officerId, days: 0, dates: [] };
    g.days += 1;
    g.dates.push(d.date);
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => a.deviceNumber.localeCompare(b.deviceNumber) || a.officerId.localeCompare(b.officerId));
}
