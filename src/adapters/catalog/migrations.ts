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
    version: 4,
    name: 'retention: cases, case links, holds, hold releases, tombstones',
    sql: `
      CREATE TABLE cases (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,       -- 案号, e.g. 鞍自然执〔2026〕17号
        title TEXT NOT NULL,
        category TEXT NOT NULL,            -- general, an R6 long-term category, or a configured one
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        notes TEXT,
        created_at TEXT NOT NULL,
        created_by TEXT NOT NULL
      );
      -- A recording can belong to several cases (P5: records linked to each other).
      CREATE TABLE case_recordings (
        case_id INTEGER NOT NULL REFERENCES cases(id),
        recording_id INTEGER NOT NULL REFERENCES recordings(id),
        linked_at TEXT NOT NULL,
        linked_by TEXT NOT NULL,
        PRIMARY KEY (case_id, recording_id)
      ) WITHOUT ROWID;
      CREATE INDEX case_recordings_by_recording ON case_recordings (recording_id);
      -- A hold is on one recording or on a whole case (covering recordings linked later).
      CREATE TABLE holds (
        id INTEGER PRIMARY KEY,
        recording_id INTEGER REFERENCES recordings(id),
        case_id INTEGER REFERENCES cases(id),
        reason TEXT NOT NULL CHECK (reason IN ('complaint', 'reconsideration', 'litigation', 'evidence-use', 'mass-incident', 'personal-safety', 'coercive-measure', 'party-objection', 'major-complex', 'other')),
        note TEXT,
        placed_at TEXT NOT NULL,
        placed_by TEXT NOT NULL,
        released_at TEXT,
        CHECK ((recording_id IS NULL) <> (case_id IS NULL)),
        CHECK (reason <> 'other' OR length(trim(coalesce(note, ''))) > 0)
      );
      CREATE INDEX holds_active_by_recording ON holds (recording_id) WHERE released_at IS NULL;
      CREATE INDEX holds_active_by_case ON holds (case_id) WHERE released_at IS NULL;
      CREATE TRIGGER holds_no_delete BEFORE DELETE ON holds
        BEGIN SELECT RAISE(ABORT, 'holds are released, never deleted'); END;
      -- Who signed a release: one approver, or two different ones for R6 and litigation holds.
      CREATE TABLE hold_releases (
        hold_id INTEGER PRIMARY KEY REFERENCES holds(id),
        first_by TEXT NOT NULL,
        first_at TEXT NOT NULL,
        first_reason TEXT NOT NULL,
        second_by TEXT,
        second_at TEXT,
        second_reason TEXT,
        CHECK (second_by IS NULL OR second_by <> first_by)
      );
      -- A disposed recording keeps its catalogue row (its path is never reused); the tombstone is its
      -- disposed state. Written before the file is removed; file_removed_at is set once it is gone.
      CREATE TABLE tombstones (
        recording_id INTEGER PRIMARY KEY REFERENCES recordings(id),
        sha256 TEXT NOT NULL,
        size INTEGER NOT NULL,
        vault_path TEXT NOT NULL,
        local_date TEXT NOT NULL,          -- copied from the recording: counts by date need no join
        metadata TEXT NOT NULL,
        approved_by TEXT NOT NULL,
        reason TEXT NOT NULL,
        disposed_at TEXT NOT NULL,
        file_removed_at TEXT
      );
      CREATE INDEX tombstones_by_date ON tombstones (local_date);
      CREATE INDEX tombstones_unfinished ON tombstones (recording_id) WHERE file_removed_at IS NULL;
      CREATE TRIGGER tombstones_no_delete BEFORE DELETE ON tombstones
        BEGIN SELECT RAISE(ABORT, 'tombstones are permanent'); END;
    `,
  },
];
