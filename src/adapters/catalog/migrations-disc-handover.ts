/** Migration 16: where each evidence disc went after it was made (R12(2), issue 14). */
import type { Migration } from './migrations.js';

export const DISC_HANDOVER_MIGRATIONS: readonly Migration[] = [
  {
    version: 16,
    name: 'disc handovers: issued to whom, returned, destroyed before a witness (append-only)',
    sql: `
      -- One row per step in a disc's life after it was made. Where a disc is now is its newest row
      -- (none: still in the vault office). Nothing is edited, so the whole path stays on the record.
      CREATE TABLE disc_handovers (
        id INTEGER PRIMARY KEY,
        disc_id INTEGER NOT NULL REFERENCES discs(id),
        event TEXT NOT NULL CHECK (event IN ('issue', 'return', 'destroy')),
        recipient TEXT,                     -- issue: who received it (e.g. 法制科 李某)
        purpose TEXT,
        witness TEXT,                       -- destroy: who saw it destroyed
        note TEXT,
        at TEXT NOT NULL,
        by TEXT NOT NULL,                   -- the operator (OS account) who recorded the step
        CHECK (event <> 'issue' OR length(trim(coalesce(recipient, ''))) > 0),
        CHECK (event <> 'destroy' OR length(trim(coalesce(witness, ''))) > 0)
      );
      CREATE INDEX disc_handovers_by_disc ON disc_handovers (disc_id, id);
      CREATE TRIGGER disc_handovers_no_update BEFORE UPDATE ON disc_handovers BEGIN SELECT RAISE(ABORT, 'disc handovers are added, never edited'); END;
      CREATE TRIGGER disc_handovers_no_delete BEFORE DELETE ON disc_handovers BEGIN SELECT RAISE(ABORT, 'disc handovers are added, never deleted'); END;
    `,
  },
];
