/** Migration 12: R14 classification of recordings and cases, and the clearances operators hold. */
import type { Migration } from './migrations.js';

export const CLASSIFICATION_MIGRATIONS: readonly Migration[] = [
  {
    version: 12,
    name: 'R14 classification of recordings and cases, operators\u2019 clearances (both append-only histories)',
    sql: `
      -- A level is set by adding a row; the newest row per target is its level. Nothing is edited, so
      -- who classified or declassified what, when and why stays on the record.
      CREATE TABLE classifications (
        id INTEGER PRIMARY KEY,
        recording_id INTEGER REFERENCES recordings(id),
        case_id INTEGER REFERENCES cases(id),
        level TEXT NOT NULL CHECK (level IN ('ordinary', 'internal', 'commercial-secret', 'state-secret')),
        reason TEXT NOT NULL,
        set_at TEXT NOT NULL,
        set_by TEXT NOT NULL,
        CHECK ((recording_id IS NULL) <> (case_id IS NULL))
      );
      CREATE INDEX classifications_by_recording ON classifications (recording_id, id) WHERE recording_id IS NOT NULL;
      CREATE INDEX classifications_by_case ON classifications (case_id, id) WHERE case_id IS NOT NULL;
      CREATE TABLE clearances (
        id INTEGER PRIMARY KEY,
        os_user TEXT NOT NULL REFERENCES operators(os_user),
        level TEXT NOT NULL CHECK (level IN ('ordinary', 'internal', 'commercial-secret', 'state-secret')),
        reason TEXT NOT NULL,
        set_at TEXT NOT NULL,
        set_by TEXT NOT NULL
      );
      CREATE INDEX clearances_by_user ON clearances (os_user, id);
      CREATE TRIGGER classifications_no_update BEFORE UPDATE ON classifications BEGIN SELECT RAISE(ABORT, 'classifications are added, never edited'); END;
      CREATE TRIGGER classifications_no_delete BEFORE DELETE ON classifications BEGIN SELECT RAISE(ABORT, 'classifications are added, never deleted'); END;
      CREATE TRIGGER clearances_no_update BEFORE UPDATE ON clearances BEGIN SELECT RAISE(ABORT, 'clearances are added, never edited'); END;
      CREATE TRIGGER clearances_no_delete BEFORE DELETE ON clearances BEGIN SELECT RAISE(ABORT, 'clearances are added, never deleted'); END;
    `,
  },
];
