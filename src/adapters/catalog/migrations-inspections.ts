/** Migration 11: the R15 inspections themselves, their actions, the closing of each action; the report's covering index. */
import type { Migration } from './migrations.js';

export const INSPECTION_MIGRATIONS: readonly Migration[] = [
  {
    version: 11,
    name: 'R15 inspections: who inspected which period, findings, actions, and when each action was closed',
    sql: `
      CREATE TABLE inspections (
        id INTEGER PRIMARY KEY,
        period TEXT NOT NULL,              -- 2026H1
        from_date TEXT NOT NULL,           -- first local date inspected
        to_date TEXT NOT NULL,             -- last local date inspected
        inspector TEXT NOT NULL,           -- 检查人, as written
        findings TEXT NOT NULL,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,         -- the OS account behind the command
        CHECK (from_date <= to_date)
      );
      CREATE INDEX inspections_by_end ON inspections (to_date, id);
      CREATE TABLE inspection_actions (
        inspection_id INTEGER NOT NULL REFERENCES inspections(id),
        no INTEGER NOT NULL CHECK (no >= 1),
        text TEXT NOT NULL,
        PRIMARY KEY (inspection_id, no)
      ) WITHOUT ROWID;
      -- An action is closed once, by a row of its own: nothing recorded is ever edited.
      CREATE TABLE inspection_action_closures (
        inspection_id INTEGER NOT NULL,
        no INTEGER NOT NULL,
        closed_at TEXT NOT NULL,
        closed_by TEXT NOT NULL,
        note TEXT NOT NULL,
        PRIMARY KEY (inspection_id, no),
        FOREIGN KEY (inspection_id, no) REFERENCES inspection_actions(inspection_id, no)
      ) WITHOUT ROWID;
      -- The report's one pass over a period's recordings, read from the index alone (no table lookups).
      CREATE INDEX recordings_by_date_activity ON recordings (local_date, officer_id, device_number, duration_seconds, flags);
      CREATE TRIGGER inspections_no_update BEFORE UPDATE ON inspections BEGIN SELECT RAISE(ABORT, 'inspections are recorded, never edited'); END;
      CREATE TRIGGER inspections_no_delete BEFORE DELETE ON inspections BEGIN SELECT RAISE(ABORT, 'inspections are recorded, never deleted'); END;
      CREATE TRIGGER inspection_actions_no_update BEFORE UPDATE ON inspection_actions BEGIN SELECT RAISE(ABORT, 'inspection actions are recorded, never edited'); END;
      CREATE TRIGGER inspection_actions_no_delete BEFORE DELETE ON inspection_actions BEGIN SELECT RAISE(ABORT, 'inspection actions are recorded, never deleted'); END;
      CREATE TRIGGER inspection_action_closures_no_update BEFORE UPDATE ON inspection_action_closures BEGIN SELECT RAISE(ABORT, 'closures are recorded, never edited'); END;
      CREATE TRIGGER inspection_action_closures_no_delete BEFORE DELETE ON inspection_action_closures BEGIN SELECT RAISE(ABORT, 'closures are recorded, never deleted'); END;
    `,
  },
];
