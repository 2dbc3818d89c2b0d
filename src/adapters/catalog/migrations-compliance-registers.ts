/**
 * Migration 10 (issue 13, the registers a superior inspects): officers' status and its date (R3),
 * recorders' asset number, purchase date, fault and repair log and retirement by two people (R16),
 * enforcement acts that were not recorded (R7, P14), and when a case was closed (P25's 30 days).
 */
import type { Migration } from './migrations.js';

export const COMPLIANCE_REGISTER_MIGRATIONS: readonly Migration[] = [
  {
    version: 10,
    name: 'registers: officer status, recorder assets, fault and repair log, retirement approval, exemptions, case closing time',
    sql: `
      -- R3 counts active officers: one who left or was transferred counts up to (not including) status_date.
      ALTER TABLE officers ADD COLUMN status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'transferred', 'left'));
      ALTER TABLE officers ADD COLUMN status_date TEXT;  -- local date YYYY-MM-DD the status holds from
      -- R16: recorders are fixed assets.
      ALTER TABLE devices ADD COLUMN asset_number TEXT;
      ALTER TABLE devices ADD COLUMN purchased_on TEXT;  -- local date YYYY-MM-DD
      CREATE UNIQUE INDEX devices_by_asset_number ON devices (asset_number) WHERE asset_number IS NOT NULL;
      -- A recorder's faults and repairs, kept for good.
      CREATE TABLE device_events (
        id INTEGER PRIMARY KEY,
        device_number TEXT NOT NULL REFERENCES devices(number),
        kind TEXT NOT NULL CHECK (kind IN ('fault', 'repaired')),
        text TEXT NOT NULL CHECK (length(trim(text)) > 0),
        at TEXT NOT NULL,
        by TEXT NOT NULL
      );
      CREATE INDEX device_events_by_device ON device_events (device_number, id);
      CREATE TRIGGER device_events_no_update BEFORE UPDATE ON device_events BEGIN SELECT RAISE(ABORT, 'the fault and repair log is never rewritten'); END;
      CREATE TRIGGER device_events_no_delete BEFORE DELETE ON device_events BEGIN SELECT RAISE(ABORT, 'the fault and repair log is never rewritten'); END;
      -- R16: retiring a recorder is asked by one person and decided by another.
      CREATE TABLE retirement_requests (
        id INTEGER PRIMARY KEY,
        device_number TEXT NOT NULL REFERENCES devices(number),
        reason TEXT,
        requested_at TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        decision TEXT CHECK (decision IN ('approved', 'rejected')),
        decided_at TEXT,
        decided_by TEXT,
        decision_reason TEXT,
        CHECK ((decision IS NULL) = (decided_by IS NULL)),
        CHECK (decided_by IS NULL OR decided_by <> requested_by)
      );
      CREATE UNIQUE INDEX retirement_requests_one_pending ON retirement_requests (device_number) WHERE decision IS NULL;
      -- R7, P14: an enforcement act that was not recorded, with the leader who consented or the written reason.
      CREATE TABLE exemptions (
        id INTEGER PRIMARY KEY,
        officer_id TEXT NOT NULL REFERENCES officers(id),
        act_at TEXT NOT NULL,
        act_ms INTEGER NOT NULL,
        act TEXT NOT NULL CHECK (length(trim(act)) > 0),
        consent_by TEXT,
        reason TEXT,
        recorded_at TEXT NOT NULL,
        recorded_by TEXT NOT NULL,
        CHECK (length(trim(coalesce(consent_by, ''))) > 0 OR length(trim(coalesce(reason, ''))) > 0)
      );
      CREATE INDEX exemptions_by_time ON exemptions (act_ms);
      CREATE TRIGGER exemptions_no_update BEFORE UPDATE ON exemptions BEGIN SELECT RAISE(ABORT, 'exemptions are recorded, never edited'); END;
      CREATE TRIGGER exemptions_no_delete BEFORE DELETE ON exemptions BEGIN SELECT RAISE(ABORT, 'exemptions are recorded, never deleted'); END;
      -- P25: a closed case's footage is archived within 30 days of closing. Cases closed before this
      -- migration take their closing time from the trail.
      ALTER TABLE cases ADD COLUMN closed_at TEXT;
      UPDATE cases SET closed_at = (
        SELECT max(a.at) FROM audit_log a WHERE a.action = 'case.close' AND a.outcome = 'ok' AND a.target = 'case:' || cases.number
      ) WHERE status = 'closed';
      CREATE INDEX disc_files_by_recording_disc ON disc_files (recording_id, disc_id);
    `,
  },
];
