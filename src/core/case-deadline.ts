/**
 * P25 as the unit applies it to cases: once a case is closed its footage is archived (in a complete
 * archive set or on an evidence disc) within 30 days. Pure.
 */
import { addDays } from './retention-policy.js';

export const CASE_ARCHIVE_DAYS = 30;

export interface ClosedCaseFacts {
  number: string;
  title: string;
  /** The local date the case was closed. */
  closedOn: string;
  /** Linked recordings still in the vault (disposed ones need no archiving) and whether each is archived. */
  recordings: readonly { id: number; archived: boolean }[];
}

export interface OverdueCase {
  number: string;
  title: string;
  closedOn: string;
  deadline: string;
  daysOverdue: number;
  missing: number[];
}

function daysFrom(a: string, b: string): number {
  const ms = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((ms(b) - ms(a)) / 86_400_000);
}

/** The case when it is past its deadline on `today` with recordings not yet archived; null otherwise. */
export function overdueCase(c: ClosedCaseFacts, today: string, days = CASE_ARCHIVE_DAYS): OverdueCase | null {
  const deadline = addDays(c.closedOn, days);
  const missing = c.recordings.filter((r) => !r.archived).map((r) => r.id);
  if (today <= deadline || !missing.length) return null;
  return { number: c.number, title: c.title, closedOn: c.closedOn, deadline, daysOverdue: daysFrom(deadline, today), missing };
}
