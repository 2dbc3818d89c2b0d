/**
 * Schema migrations, applied in order, each in its own IMMEDIATE transaction. Never edit a released
 * migration: add the next one. The catalogue schema is kept plain SQL so it could move to PostgreSQL.
 */
import { LATER_MIGRATIONS } from './migrations-later.js';
import { CUSTODY_MIGRATIONS } from './migrations-custody.js';
import { EXPORT_MIGRATIONS } from './migrations-export.js';
import { INSPECTION_MIGRATIONS } from './migrations-inspections.js';
import { COMPLIANCE_RECORDINGS_MIGRATIONS } from './migrations-compliance-recordings.js';
import { COMPLIANCE_REGISTER_MIGRATIONS } from './migrations-compliance-registers.js';
import { CLASSIFICATION_MIGRATIONS } from './migrations-classification.js';
import { HOLDS_MIGRATIONS } from './migrations-holds.js';
import { CAMERA_OPERATOR_MIGRATIONS } from './migrations-operators.js';
import { ACCESS_MIGRATIONS } from './migrations-access.js';
import { REPLICATION_MIGRATIONS } from './migrations-replication.js';
import { DISC_HANDOVER_MIGRATIONS } from './migrations-disc-handover.js';
import { DOCK_MIGRATIONS } from './migrations-dock.js';

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
    version: 2,
    name: 'recorder lifecycle and assignments, dock daemon state',
    sql: `
      -- R16: a recorder's life; R8/R10: who wore it when; how its volume is told apart without a serial.
      ALTER TABLE devices ADD COLUMN status TEXT NOT NULL DEFAULT 'in-service'
        CHECK (status IN ('in-service', 'in-repair', 'retired'));
      ALTER TABLE devices ADD COLUMN volume_rule TEXT;
      CREATE TABLE device_assignments (
        id INTEGER PRIMARY KEY,
        device_number TEXT NOT NULL REFERENCES devices(number),
        officer_id TEXT NOT NULL REFERENCES officers(id),
        from_at TEXT NOT NULL,
        from_ms INTEGER NOT NULL,
        to_at TEXT,
        to_ms INTEGER,
        assigned_by TEXT NOT NULL,
        CHECK (to_ms IS NULL OR to_ms >= from_ms)
      );
      CREATE INDEX device_assignments_by_device ON device_assignments (device_number, from_ms);
      -- What the dock daemon is doing now, for 'status' in another process (no sockets: the catalogue is shared).
      CREATE TABLE dock_activity (
        mount_point TEXT NOT NULL,
        mount_id INTEGER NOT NULL,
        device_number TEXT,
        matched_by TEXT,
        state TEXT NOT NULL CHECK (state IN ('settling', 'ingesting', 'done', 'failed', 'waiting')),
        quarantined INTEGER NOT NULL DEFAULT 0,
        detail TEXT,
        session_id INTEGER,
        files_total INTEGER NOT NULL DEFAULT 0,
        files_done INTEGER NOT NULL DEFAULT 0,
        bytes_total INTEGER NOT NULL DEFAULT 0,
        bytes_done INTEGER NOT NULL DEFAULT 0,
        docked_at TEXT NOT NULL,
        started_ms INTEGER,
        updated_ms INTEGER NOT NULL,
        PRIMARY KEY (mount_point, mount_id)
      );
      CREATE TABLE daemon_state (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        pid INTEGER NOT NULL,
        started_at TEXT NOT NULL,
        heartbeat_ms INTEGER NOT NULL,
        usb TEXT NOT NULL,
        media_roots TEXT NOT NULL,
        stopped_at TEXT
      );
      CREATE INDEX ingest_sessions_by_device ON ingest_sessions (device_number, started_at);
    `,
  },
  {
    version: 3,
    name: 'operators and roles, scheduled fixity runs',
    sql: `
      -- Who may do what: the OS account behind a command, mapped to a person and roles.
      CREATE TABLE operators (
        os_user TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        roles TEXT NOT NULL DEFAULT '[]',  -- JSON array of role names
        active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      -- Cross-checking catalogue rows against their ingest entries looks entries up by target.
      CREATE INDEX audit_by_target ON audit_log (action, target);
      -- node-cron does not run missed jobs: each job's last run (and the fixity rotation's place) is kept here.
      CREATE TABLE scheduled_jobs (
        name TEXT PRIMARY KEY,
        last_run_at TEXT NOT NULL,
        last_run_epoch_ms INTEGER NOT NULL,
        cursor INTEGER NOT NULL DEFAULT 0
      );
      CREATE TABLE fixity_runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        trigger TEXT NOT NULL CHECK (trigger IN ('schedule', 'catch-up', 'manual')),
        files_checked INTEGER NOT NULL DEFAULT 0,
        bytes_checked INTEGER NOT NULL DEFAULT 0,
        chain_ok INTEGER,
        outcome TEXT NOT NULL CHECK (outcome IN ('running', 'ok', 'problems', 'failed')),
        findings TEXT NOT NULL DEFAULT '[]',
        error TEXT
      );
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
  ...LATER_MIGRATIONS,
  ...CUSTODY_MIGRATIONS,
  ...EXPORT_MIGRATIONS,
  ...INSPECTION_MIGRATIONS,
  ...COMPLIANCE_RECORDINGS_MIGRATIONS,
  ...COMPLIANCE_REGISTER_MIGRATIONS,
  ...CLASSIFICATION_MIGRATIONS,
  ...HOLDS_MIGRATIONS,
  ...CAMERA_OPERATOR_MIGRATIONS,
  ...ACCESS_MIGRATIONS,
  ...DISC_HANDOVER_MIGRATIONS,
  ...REPLICATION_MIGRATIONS,
  ...DOCK_MIGRATIONS,
];
