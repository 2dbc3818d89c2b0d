/** The archive reminder of `status` and the daemon, from the catalogue alone: no export's parts (or workers) needed. */
import { exportReminder, previousQuarter, quarterAt, quarterDates, quarterId, reminderFacts, type Quarter, type QuarterSetState, type ReminderFacts } from '../core/quarter.js';
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

export function exportReminderLine(store: ReminderStore, clock: UnitClock, now = clock.now()): string | null {
  let hasSet = false;
  const line = exportReminder(now, clock.zone, (q) => {
    const state = quarterState(store, q);
    hasSet = state.hasSet;
    return state;
  });
  if (!line || hasSet) return line;
  const provisional = store.setsOf(quarterId(previousQuarter(quarterAt(now, clock.zone))), true).filter((s) => s.status === 'complete');
  return provisional.length ? `${line} (provisional ${provisional.map((s) => s.id).join(', ')} made before it ended does not count)` : line;
}
