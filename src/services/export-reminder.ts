/** The archive reminder of `status` and the daemon, from the catalogue alone: no export's parts (or workers) needed. */
import type { Said } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { statusLineMessages as m } from '../core/i18n/status-lines-messages.js';
import { previousQuarter, quarterAt, quarterDates, quarterId, reminderFacts, type Quarter, type QuarterSetState, type ReminderFacts } from '../core/quarter.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { ExportStore } from '../adapters/catalog/export-store.js';

/**
 * The reminder line, or null: the previous quarter has footage in no finished final set.
 * A provisional set never counts; the line names it so no one takes it for the quarter's set.
 */
type ReminderStore = Pick<ExportStore, 'setsOf' | 'countInQuarter' | 'countNotInCompleteSet'>;

function quarterState(store: ReminderStore, q: Quarter): QuarterSetState {
  const { from, until } = quarterDates(q);
  const id = quarterId(q);
  const hasSet = store.setsOf(id).some((s) => !s.provisional && s.supplement === 0 && s.status === 'complete');
  return { recordings: store.countInQuarter(from, until), unexported: store.countNotInCompleteSet(id, from, until), hasSet };
}

/** The reminder as facts, for the dock screen. */
export function exportReminderFacts(store: ReminderStore, clock: UnitClock, now = clock.now()): ReminderFacts | null {
  return reminderFacts(now, clock.zone, (q) => quarterState(store, q));
}

/** The reminder in both languages, or null; a provisional set of the quarter is named as not counting. */
export function exportReminderSaid(store: ReminderStore, clock: UnitClock, now = clock.now()): Said | null {
  const f = exportReminderFacts(store, clock, now);
  if (!f) return null;
  const line = said(f.supplement ? m.reminderSupplement : m.reminderNoSet, { quarter: f.quarter, count: f.recordings });
  if (f.supplement) return line;
  const provisional = store.setsOf(quarterId(previousQuarter(quarterAt(now, clock.zone))), true).filter((s) => s.status === 'complete');
  if (!provisional.length) return line;
  const more = said(m.reminderProvisional, { list: provisional.map((s) => s.id).join(', ') });
  return { zh: line.zh + more.zh, en: line.en + more.en };
}

/** The reminder line as the daemon logs it and --json keeps it: the English, whatever the run's language. */
export function exportReminderLine(store: ReminderStore, clock: UnitClock, now = clock.now()): string | null {
  return exportReminderSaid(store, clock, now)?.en ?? null;
}
