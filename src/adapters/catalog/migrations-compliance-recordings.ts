/** Migration 9 (issue 13): gaps and their explanations, late stores and theirs, recorder clocks. */
import type { Migration } from './migrations.js';

export const COMPLIANCE_RECORDINGS_MIGRATIONS: readonly Migration[] = [
  {
    version: 9,
    name: 'recording gaps and late stores with their explanations (R5, P16, P25); recorder clock skew and offsets at each dock',
    sql: `
      -- Gaps are found in one ordered pass per recorder (core/gaps.ts): this index is that order, and it
      -- covers every column the pass reads, so a million recordings are one sequential index scan.
      CREATE INDEX recordings_by_device_start ON recordings (device_number, started_at_epoch_ms, id, duration_seconds, officer_id, format);
      -- How far the file-name time, creation time and mtime disagreed at ingest, when past the tolerance.
      ALTER TABLE recordings ADD COLUMN clock_skew_seconds INTEGER;
      -- A gap is named by the two recordings around it; its explanations are kept, never rewritten: the
      -- newest one counts. The gap's measure when explained is kept with it.
      CREATE TABLE gap_explanations (
        id INTEGER PRIMARY KEY,
        before_id INTEGER NOT NULL REFERENCES recordings(id),
        after_id INTEGER NOT NULL REFERENCES recordings(id),
        device_number TEXT NOT NULL,
        gap_started_ms INTEGER NOT NULL,
        gap_ended_ms INTEGER NOT NULL,
        reason TEXT NOT NULL CHECK (reason IN ('obstruction', 'weather', 'device-fault', 'storage-full', 'battery', 'other')),
        text TEXT NOT NULL CHECK (length(trim(text)) > 0),
        by TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX gap_explanations_by_pair ON gap_explanations (before_id, after_id);
      CREATE TRIGGER gap_explanations_no_update BEFORE UPDATE ON gap_explanations
        BEGIN SELECT RAISE(ABORT, 'gap explanations are never rewritten'); END;
      CREATE TRIGGER gap_explanations_no_delete BEFORE DELETE ON gap_explanations
        BEGIN SELECT RAISE(ABORT, 'gap explanations are never rewritten'); END;
      CREATE TABLE late_explanations (
        id INTEGER PRIMARY KEY,
        recording_id INTEGER NOT NULL REFERENCES recordings(id),
        reason TEXT NOT NULL CHECK (reason IN ('remote-work', 'device-fault', 'other')),
        text TEXT NOT NULL CHECK (length(trim(text)) > 0),
        returned_at TEXT,
        returned_ms INTEGER,
        by TEXT NOT NULL,
        at TEXT NOT NULL,
        CHECK (reason <> 'remote-work' OR returned_ms IS NOT NULL)
      );
      CREATE INDEX late_explanations_by_recording ON late_explanations (recording_id);
      CREATE TRIGGER late_explanations_no_update BEFORE UPDATE ON late_explanations
        BEGIN SELECT RAISE(ABORT, 'late-storage explanations are never rewritten'); END;
      CREATE TRIGGER late_explanations_no_delete BEFORE DELETE ON late_explanations
        BEGIN SELECT RAISE(ABORT, 'late-storage explanations are never rewritten'); END;
      -- Each recorder's apparent clock offset at each dock: its newest new recording's end minus the PC clock.
      CREATE TABLE dock_offsets (
        session_id INTEGER NOT NULL REFERENCES ingest_sessions(id),
        device_number TEXT NOT NULL,
        docked_at TEXT NOT NULL,
        docked_ms INTEGER NOT NULL,
        newest_recording_id INTEGER NOT NULL REFERENCES recordings(id),
        newest_end_ms INTEGER NOT NULL,
        offset_seconds INTEGER NOT NULL,
        files INTEGER NOT NULL,
        PRIMARY KEY (session_id, device_number)
      );
      CREATE INDEX dock_offsets_by_device ON dock_offsets (device_number, docked_ms);
    `,
  },
];
