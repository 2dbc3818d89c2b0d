/** P25 for cases: closed cases whose footage is not archived (archive set or evidence disc) within 30 days. Read-only. */
import { overdueCase, type OverdueCase } from '../core/case-deadline.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { ComplianceFactsStore } from '../adapters/catalog/compliance-facts-store.js';

export type { OverdueCase };

export class CaseDeadlines {
  constructor(private readonly deps: { facts: ComplianceFactsStore; clock: UnitClock }) {}

  /** Overdue on `today` (default the unit's today), most overdue first. */
  overdue(today = this.deps.clock.today()): OverdueCase[] {
    return this.deps.facts
      .closedCases()
      .flatMap((c) => {
        // closed_at is written in the unit's zone: its first ten characters are the local date.
        const o = c.closedAt ? overdueCase({ number: c.number, title: c.title, closedOn: c.closedAt.slice(0, 10), recordings: c.recordings }, today) : null;
        return o ? [o] : [];
      })
      .sort((a, b) => b.daysOverdue - a.daysOverdue || a.number.localeCompare(b.number));
  }
}
