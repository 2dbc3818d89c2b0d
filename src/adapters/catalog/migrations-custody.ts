/** Migration 7: who is reading which source, which vault names are being placed, and attribution history. */
import type { Migration } from './migrations.js';

export const CUSTODY_MIGRATIONS: readonly Migration[] = [
  {
    version: 7,
    name: 'custody: source claims, placements in flight, source identity of sessions, attribution history',
    sql: `
      -- What the session read: a volume's identity (USB serial, FAT id, label) or, without one, its real path.
      ALTER TABLE ingest_sessions ADD COLUMN source_key TEXT;
      CREATE INDEX ingest_sessions_by_source_key ON ingest_sessions (source_key);
      -- One session per source at a time. The holder is a process (pid and its start time, so a reused
      -- pid is never taken for the holder); a claim whose process is gone is stale and may be taken.
      CREATE TABLE source_claims (
        source_key TEXT PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES ingest_sessions(id),
        pid INTEGER NOT NULL,
        process_start TEXT NOT NULL,
        claimed_at TEXT NOT NULL,
        source_root TEXT NOT NULL
      );
      -- A vault name taken by a copy in flight, before its catalogue row exists. A file on disk under
      -- a name with no row and no live placement is a true orphan (an interrupted run's copy).
      CREATE TABLE placements (
        vault_path TEXT PRIMARY KEY,
        session_id INTEGER NOT NULL REFERENCES ingest_sessions(id),
        pid INTEGER NOT NULL,
        process_start TEXT NOT NULL
      ) WITHOUT ROWID;
      -- Every correction of a recording's recorder or officer (or move out of quarantine), kept for good.
      CREATE TABLE recording_attributions (
        id INTEGER PRIMARY KEY,
        recording_id INTEGER NOT NULL REFERENCES recordings(id),
        at TEXT NOT NULL,
        by TEXT NOT NULL,
        reason TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        old_device_number TEXT,
        new_device_number TEXT,
        old_officer_id TEXT,
        new_officer_id TEXT,
        old_vault_path TEXT NOT NULL,
        new_vault_path TEXT NOT NULL,
        old_flags TEXT NOT NULL,
        new_flags TEXT NOT NULL
      );
      CREATE INDEX recording_attributions_by_recording ON recording_attributions (recording_id);
      CREATE TRIGGER recording_attributions_no_update BEFORE UPDATE ON recording_attributions
        BEGIN SELECT RAISE(ABORT, 'attribution history is never rewritten'); END;
      CREATE TRIGGER recording_attributions_no_delete BEFORE DELETE ON recording_attributions
        BEGIN SELECT RAISE(ABORT, 'attribution history is never rewritten'); END;
      CREATE INDEX recordings_by_name ON recordings (original_name, size);
    `,
  },
];
