/** Migrations 4 and 5 (retention and evidence discs), kept apart so neither file grows past a sitting's read. */
import type { Migration } from './migrations.js';

export const LATER_MIGRATIONS: readonly Migration[] = [
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
        place TEXT,                        -- where it happened: the register's 地点 when a recording has none
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
