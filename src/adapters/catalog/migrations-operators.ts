/** Migration 15: the camera operator (摄录人员, R12(2)) of a recording, named apart from its wearer. */
import type { Migration } from './migrations.js';

export const CAMERA_OPERATOR_MIGRATIONS: readonly Migration[] = [
  {
    version: 15,
    name: 'R12(2) camera operator per recording (append-only history)',
    sql: `
      -- The newest row per recording names who filmed it; a recording without a row was filmed by its
      -- wearer. Rows are added, never edited, so a correction keeps what it corrected on the record.
      CREATE TABLE camera_operators (
        id INTEGER PRIMARY KEY,
        recording_id INTEGER NOT NULL REFERENCES recordings(id),
        name TEXT NOT NULL CHECK (length(trim(name)) > 0),
        reason TEXT NOT NULL,
        set_at TEXT NOT NULL,
        set_by TEXT NOT NULL
      );
      CREATE INDEX camera_operators_by_recording ON camera_operators (recording_id, id);
      CREATE TRIGGER camera_operators_no_update BEFORE UPDATE ON camera_operators BEGIN SELECT RAISE(ABORT, 'camera operators are added, never edited'); END;
      CREATE TRIGGER camera_operators_no_delete BEFORE DELETE ON camera_operators BEGIN SELECT RAISE(ABORT, 'camera operators are added, never deleted'); END;
    `,
  },
];
