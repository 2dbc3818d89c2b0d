/**
 * R12(1) day by day: on each working day of a period, which assigned recorders were not docked (none
 * of their footage stored that local day: docked-days.ts). A day counts once it is over, so the period ends
 * yesterday at the latest. The inspection report reuses notDockedDays.
 */
import { UserError } from '../core/errors.js';
import { addDays } from '../core/retention-policy.js';
import type { UnitClock } from '../core/unit-clock.js';
import { datesBetween, dockKey, isLocalDate, isWorkingDay, notDockedByRecorder, notDockedDays, type NotDockedDay, type WorkCalendar } from '../core/working-days.js';
import type { ComplianceFactsStore } from '../adapters/catalog/compliance-facts-store.js';

/** Ten years of days: more is a typo. */
const MAX_DAYS = 3660;

export interface DockHistory {
  from: string;
  /** The last day looked at: `to`, or yesterday if `to` is later. */
  to: string;
  workingDays: number;
  notDocked: NotDockedDay[];
  byRecorder: ReturnType<typeof notDockedByRecorder>;
}

export class DockingHistory {
  constructor(private readonly deps: { facts: ComplianceFactsStore; calendar: WorkCalendar; clock: UnitClock }) {}

  /** Per working day and recorder, with the officer who held it; optionally for one recorder. */
  notDockedDays(from: string, to: string, device?: string): NotDockedDay[] {
    return this.history(from, to, device).notDocked;
  }

  history(from: string, to: string, device?: string): DockHistory {
    const { facts, calendar, clock } = this.deps;
    for (const d of [from, to]) if (!isLocalDate(d)) throw new UserError({ zh: `“${d}”不是日期`, en: `"${d}" is not a date` }, { zh: '请用 YYYY-MM-DD，例如 --from 2026-01-01 --to 2026-06-30', en: 'Use YYYY-MM-DD, e.g. --from 2026-01-01 --to 2026-06-30' });
    if (device !== undefined && !facts.isDevice(device)) throw new UserError({ zh: `执法记录仪 ${device} 未登记`, en: `recorder ${device} is not registered` }, { zh: '查看记录仪：evidence-vault device list', en: 'See: evidence-vault device list' });
    if (from > to) throw new UserError({ zh: `--from ${from} 晚于 --to ${to}`, en: `--from is after --to` }, { zh: '请对调两者。', en: 'Swap them.' });
    const last = [to, addDays(clock.today(), -1)].sort()[0]!;
    if (from > last) return { from, to: last, workingDays: 0, notDocked: [], byRecorder: [] };
    const days = datesBetween(from, last);
    if (days.length > MAX_DAYS) throw new UserError({ zh: `期间过长：${days.length} 天`, en: `${days.length} days is too long a period` }, { zh: `每次最多查询 ${MAX_DAYS} 天。`, en: `Ask for at most ${MAX_DAYS} days at a time.` });
    const bounds = (date: string): [number, number] => [this.startOf(date), this.startOf(addDays(date, 1))];
    const docked = new Set(facts.dockedDays(from, last).map((d) => dockKey(d.deviceNumber, d.date)));
    const notDocked = notDockedDays(from, last, calendar, { assignments: facts.assignments(bounds(from)[0], bounds(last)[1], device), docked, dayBounds: bounds });
    return { from, to: last, workingDays: days.filter((d) => isWorkingDay(d, calendar)).length, notDocked, byRecorder: notDockedByRecorder(notDocked) };
  }

  private startOf(date: string): number {
    const [year, month, day] = date.split('-').map(Number) as [number, number, number];
    return this.deps.clock.instant({ year, month, day, hour: 0, minute: 0, second: 0 }).getTime();
  }
}
