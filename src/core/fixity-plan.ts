/**
 * The nightly fixity rotation, pure. Each run re-reads a share of the vault so that, one run a day,
 * every file is re-read at least once per period; runs missed while the PC was off are made up.
 */
import { instantOf, wallClockAt } from './zoned-time.js';

const DAY_MS = 86_400_000;

/** "HH:MM" → hour and minute; null when it is not a time of day. */
export function parseTimeOfDay(text: string): { hour: number; minute: number } | null {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  return m ? { hour: Number(m[1]), minute: Number(m[2]) } : null;
}

/** The cron expression for a daily run at that local time. */
export function dailyCron(timeOfDay: string): string {
  const t = parseTimeOfDay(timeOfDay);
  if (!t) throw new Error(`not a time of day: ${timeOfDay}`);
  return `${t.minute} ${t.hour} * * *`;
}

/** Files per nightly run: enough that `periodDays` runs cover the whole vault. */
export function shareSize(totalFiles: number, periodDays: number): number {
  return totalFiles === 0 ? 0 : Math.ceil(totalFiles / Math.max(1, periodDays));
}

/** How many daily run times (local `timeOfDay` in `timeZone`) fell in (since, now]. */
export function runsDue(since: Date, now: Date, timeOfDay: string, timeZone: string): number {
  const t = parseTimeOfDay(timeOfDay);
  if (!t || now.getTime() <= since.getTime()) return 0;
  // Walk local days from the one before `since`; capped, since a year off still means "check everything".
  let count = 0;
  const start = wallClockAt(new Date(since.getTime() - DAY_MS), timeZone);
  for (let i = 0; i < 400; i++) {
    const day = new Date(Date.UTC(start.year, start.month - 1, start.day + i));
    const at = instantOf({ year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate(), hour: t.hour, minute: t.minute, second: 0 }, timeZone);
    if (at.getTime() > now.getTime()) break;
    if (at.getTime() > since.getTime()) count++;
  }
  return count;
}

/** Files to check in one run that stands for `runs` scheduled runs (a catch-up covers the missed ones too). */
export function filesForRun(totalFiles: number, periodDays: number, runs: number): number {
  return Math.min(totalFiles, shareSize(totalFiles, periodDays) * Math.max(1, runs));
}
