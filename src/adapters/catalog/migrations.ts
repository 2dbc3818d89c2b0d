/**
 * Schema migrations, applied in order, each in its own IMMEDIATE transaction. Never edit a released
 * migration: add the next one. The catalogue schema is kept plain SQL so it could move to PostgreSQL.
 */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'registers, recordings, ingest sessions, audit trail',
    sql: `
      CREATE TABLE officers (
        id TEXT PRIMARY KEY,               -- 警号
        name TEXT NOT NULL,
        unit TEXT,
        created_at TEXT NOT NULL
      );
      CREATE TABLE devices (
        number TEXT PRIMARY KEY,           -- 编号
        brand TEXT NOT NULL,
        model TEXT NOT NULL,
        serial TEXT UNIQUE,
        created_at TEXT NOT NULL
      );
      CREATE TABLE ingest_sessions (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        source_root TEXT NOT NULL,
        device_number TEXT,
        operator TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'done', 'failed', 'interrupted')),
        files_stored INTEGER NOT NULL DEFAULT 0,
        bytes_stored INTEGER NOT NULL DEFAULT 0,
        files_already INTEGER NOT NULL DEFAULT 0,
        files_failed INTEGER NOT NULL DEFAULT 0,
        summary TEXT
      );
      CREATE TABLE recordings (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        size INTEGER NOT NULL CHECK (size >= 0),
        vault_path TEXT NOT NULL UNIQUE,
        original_name TEXT NOT NULL,
        source_path TEXT NOT NULL,
        device_number TEXT,
        officer_id TEXT,
        started_at TEXT NOT NULL,
        started_at_epoch_ms INTEGER NOT NULL,
        started_at_source TEXT NOT NULL CHECK (started_at_source IN ('file-name', 'metadata', 'mtime')),
        local_date TEXT NOT NULL,
        duration_seconds REAL,
        format TEXT,
        video_codec TEXT,
        audio_codec TEXT,
        width INTEGER,
        height INTEGER,
        probe_error TEXT,
        source_mtime TEXT,
        ingested_at TEXT NOT NULL,
        session_id INTEGER REFERENCES ingest_sessions(id),
        flags TEXT NOT NULL DEFAULT '[]'
      );
      CREATE INDEX recordings_by_source ON recordings (device_number, original_name, size);
      CREATE INDEX recordings_by_start ON recordings (started_at_epoch_ms);
      CREATE INDEX recordings_by_date ON recordings (local_date);
      CREATE INDEX recordings_by_officer ON recordings (officer_id, started_at_epoch_ms);
      CREATE INDEX recordings_by_hash ON recordings (sha256);
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        operator TEXT NOT NULL,
        role TEXT,
        action TEXT NOT NULL,
        target TEXT,
        outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'refused', 'failed')),
        details TEXT NOT NULL,
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE
      );
      CREATE INDEX audit_by_action ON audit_log (action, at);
      -- How far the JSON-lines copy is known to reach: a file that falls behind this was cut.
      CREATE TABLE audit_file_state (id INTEGER PRIMARY KEY CHECK (id = 1), last_seq INTEGER NOT NULL);
      INSERT INTO audit_file_state (id, last_seq) VALUES (1, 0);
      -- The trail is append-only: the catalogue itself refuses edits and deletes.
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
    `,
  },
  {
    version: 6,
    name: 'quarterly archive sets (BagIt bags) and which set holds each recording',
    sql: `
      CREATE TABLE export_sets (
        id TEXT PRIMARY KEY,               -- 2026Q3, 2026Q3-S1 …
        quarter TEXT NOT NULL,             -- the series: 2026Q3
        supplement INTEGER NOT NULL CHECK (supplement >= 0),
        bag_count INTEGER NOT NULL CHECK (bag_count >= 1),
        max_bag_size INTEGER,
        status TEXT NOT NULL CHECK (status IN ('building', 'complete')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        UNIQUE (quarter, supplement)
      );
      CREATE TABLE export_bags (
        set_id TEXT NOT NULL REFERENCES export_sets(id),
        bag_index INTEGER NOT NULL CHECK (bag_index >= 1),
        status TEXT NOT NULL CHECK (status IN ('building', 'complete')),
        destination TEXT,
        dir_name TEXT NOT NULL,
        files INTEGER NOT NULL,
        bytes INTEGER NOT NULL,
        manifest_sha256 TEXT,
        chain_seq INTEGER,
        chain_hash TEXT,
        finished_at TEXT,
        PRIMARY KEY (set_id, bag_index)
      );
      -- One row per recording and series: a recording is never exported twice for the same quarter.
      CREATE TABLE export_members (
        quarter TEXT NOT NULL,
        recording_id INTEGER NOT NULL REFERENCES recordings(id),
        set_id TEXT NOT NULL REFERENCES export_sets(id),
        bag_index INTEGER NOT NULL,
        PRIMARY KEY (quarter, recording_id)
      );
      CREATE INDEX export_members_by_set ON export_members (set_id, bag_index);
    `,
  },
];
