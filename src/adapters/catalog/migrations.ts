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
    version: 5,
    name: 'evidence discs and their registers (R12(2))',
    sql: `
      -- One row per disc issued, with the register printed for it (as JSON, exactly as issued).
      CREATE TABLE discs (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,            -- 光盘编号, e.g. GP2026-0001
        register_number TEXT NOT NULL UNIQUE,   -- 记录表编号, e.g. JL2026-0001
        volume_id TEXT NOT NULL UNIQUE,         -- the ISO volume id: how a disc read back is recognised
        build_id TEXT NOT NULL,                 -- discs made together (a set split over several)
        part INTEGER NOT NULL,
        parts INTEGER NOT NULL,
        case_number TEXT,
        case_title TEXT,
        medium TEXT NOT NULL,
        capacity_bytes INTEGER NOT NULL,
        image_path TEXT NOT NULL,
        image_size INTEGER NOT NULL,
        image_sha256 TEXT NOT NULL CHECK (length(image_sha256) = 64),
        audit_head_seq INTEGER NOT NULL,
        audit_head_hash TEXT NOT NULL,
        register TEXT NOT NULL,
        missing_count INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
      );
      CREATE INDEX discs_by_case ON discs (case_number);
      -- Every file on a disc with the hash it must have when read back.
      CREATE TABLE disc_files (
        disc_id INTEGER NOT NULL REFERENCES discs(id),
        path TEXT NOT NULL,
        sha256 TEXT NOT NULL CHECK (length(sha256) = 64),
        size INTEGER NOT NULL,
        recording_id INTEGER REFERENCES recordings(id),
        PRIMARY KEY (disc_id, path)
      ) WITHOUT ROWID;
      CREATE INDEX disc_files_by_recording ON disc_files (recording_id);
      -- An issued disc is a fact in a case file: never edited or removed.
      CREATE TRIGGER discs_no_update BEFORE UPDATE ON discs BEGIN SELECT RAISE(ABORT, 'discs are issued, never edited'); END;
      CREATE TRIGGER discs_no_delete BEFORE DELETE ON discs BEGIN SELECT RAISE(ABORT, 'discs are issued, never deleted'); END;
      CREATE TRIGGER disc_files_no_update BEFORE UPDATE ON disc_files BEGIN SELECT RAISE(ABORT, 'disc files are issued, never edited'); END;
      CREATE TRIGGER disc_files_no_delete BEFORE DELETE ON disc_files BEGIN SELECT RAISE(ABORT, 'disc files are issued, never deleted'); END;
    `,
  },
];
