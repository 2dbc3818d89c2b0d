/** R14 in listings: rows of footage the operator may not see keep their id, level and date, nothing else. */
import { isClassificationLevel, LEVEL_LABELS, type ClassificationLevel } from '../../core/classification.js';
import { maySee, type HiddenRow, type Sight } from '../../core/classification-view.js';
import { language, t } from '../language.js';
import { classifiedMessages as m } from '../messages/classified.js';

/** Counts what a listing hid, and says so under it (or on stderr beside a JSON array). */
export class Hiding {
  count = 0;
  constructor(readonly sight: Sight) {}

  /** A recording's level, and whether it is hidden from this operator (counted once per call). */
  recording(id: number): { level: ClassificationLevel; hidden: boolean } {
    return this.check(this.sight.level(id));
  }

  case(caseId: number): { level: ClassificationLevel; hidden: boolean } {
    return this.check(this.sight.caseLevel(caseId));
  }

  check(level: ClassificationLevel): { level: ClassificationLevel; hidden: boolean } {
    const hidden = !maySee(this.sight, level);
    if (hidden) this.count++;
    return { level, hidden };
  }

  row(id: number | string, level: ClassificationLevel, date?: string | null): HiddenRow {
    return { id, hidden: true, level, ...(date === undefined ? {} : { date }) };
  }

  /** Set by `leaveOut`: hidden rows are dropped, not shown, and not counted. */
  private leavingOut = false;

  /** Rows the operator may see, alone: for listings filtered by a detail a hidden row would give away. */
  *leaveOut<T>(rows: Iterable<T>, recordingIds: (row: T) => readonly number[]): Generator<T> {
    this.leavingOut = true;
    for (const r of rows) if (recordingIds(r).every((id) => maySee(this.sight, this.sight.level(id)))) yield r;
  }

  private text(): string | null {
    if (this.leavingOut) return this.sight.anyAbove() ? t(m.leftOut) : null;
    return this.count ? t(m.hiddenLine, { count: this.count, level: levelName(this.sight.clearance) }) : null;
  }

  /** The line under a table ('' when nothing was hidden). */
  line(): string {
    const t = this.text();
    return t ? `\n${t}` : '';
  }

  /** Beside a streamed JSON array (whose shape scripts rely on) the count goes to stderr. */
  tellStderr(): void {
    const t = this.text();
    if (t) process.stderr.write(`evidence-vault: ${t}\n`);
  }
}

/** A level's name in the run's language; anything not a level (a code) as it is. */
export const levelName = (level: string): string => (isClassificationLevel(level) ? LEVEL_LABELS[level][language()] : level);

/** The level as a table cell: empty for ordinary footage. */
export const levelCell = (level: ClassificationLevel): string => (level === 'ordinary' ? '' : levelName(level));

/**
 * The cell in place of what a row hides, in the run's language. A string to its users (table cells,
 * template literals), read only when printed: the language is chosen after the modules load.
 */
export const HIDDEN_CELL = { toString: () => t(m.hiddenCell) } as unknown as string;
