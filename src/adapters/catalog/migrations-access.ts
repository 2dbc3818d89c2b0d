/** Migrations 13 and 21: R13/P27 access by approval — requests, their scope, the decision and the grant's copies. */
import type { Migration } from './migrations.js';

export const ACCESS_MIGRATIONS: readonly Migration[] = [
  {
    version: 13,
    name: 'R13/P27 access requests and grants: purpose, scope, beneficiary, period, decision, working copies',
    sql: `
      CREATE TABLE access_requests (
        id INTEGER PRIMARY KEY,
        purpose TEXT NOT NULL CHECK (purpose IN ('view', 'copy', 'public-use', 'evidence', 'archive')),
        case_id INTEGER REFERENCES cases(id),
        beneficiary TEXT NOT NULL,
        until_date TEXT NOT NULL,
        ends_at TEXT NOT NULL,
        ends_at_ms INTEGER NOT NULL,
        requested_by TEXT NOT NULL,
        requested_at TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'approved', 'refused')),
        decided_by TEXT,
        decided_at TEXT,
        decision_reason TEXT,
        -- The working copy under access.copiesRoot (view, public use) while the grant lives.
        copy_path TEXT,
        -- Set once the grant has ended and its working copy is gone.
        expired_at TEXT,
        CHECK ((status = 'open') = (decided_by IS NULL))
      );
      CREATE INDEX access_requests_by_status ON access_requests (status, ends_at_ms);
      -- The recordings a request covers, fixed when it is filed (a case's later links are not in it).
      CREATE TABLE access_request_recordings (
        request_id INTEGER NOT NULL REFERENCES access_requests(id),
        recording_id INTEGER NOT NULL REFERENCES recordings(id),
        PRIMARY KEY (request_id, recording_id)
      );
      CREATE INDEX access_request_recordings_by_recording ON access_request_recordings (recording_id);
      -- Copies on removable media (purpose copy): where each went, never removable by the vault.
      CREATE TABLE access_media_copies (
        id INTEGER PRIMARY KEY,
        request_id INTEGER NOT NULL REFERENCES access_requests(id),
        folder TEXT NOT NULL,
        made_at TEXT NOT NULL,
        made_by TEXT NOT NULL
      );
      CREATE TRIGGER access_request_recordings_no_update BEFORE UPDATE ON access_request_recordings BEGIN SELECT RAISE(ABORT, 'a request''s scope is fixed when filed'); END;
      CREATE TRIGGER access_request_recordings_no_delete BEFORE DELETE ON access_request_recordings BEGIN SELECT RAISE(ABORT, 'a request''s scope is fixed when filed'); END;
      CREATE TRIGGER access_requests_no_delete BEFORE DELETE ON access_requests BEGIN SELECT RAISE(ABORT, 'access requests are never deleted'); END;
      CREATE TRIGGER access_requests_decided_once BEFORE UPDATE OF status, decided_by, decided_at ON access_requests
        WHEN OLD.status <> 'open' BEGIN SELECT RAISE(ABORT, 'a request is decided once'); END;
    `,
  },
  {
    version: 21,
    name: 'access: the process making a grant\'s working copy, so two commands never make it at once',
    sql: `
      -- The token (process-identity.ts) of the command making the working copy now; null otherwise.
      ALTER TABLE access_requests ADD COLUMN copy_held_by TEXT;
    `,
  },
];
