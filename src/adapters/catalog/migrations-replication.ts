/**
 * Migration 17: the write-once copy on the object store (issue 17, docs/replication.md). The work is
 * queued by triggers, so every catalogue change that causes it queues it in its own transaction,
 * whichever code path made the change: a crash can lose neither the change nor its replication. A new
 * recording's upload is the exception since migration 23: RecordingStore.insert, the one statement
 * that adds recordings, queues it in the same transaction (see there why).
 */
import type { Migration } from './migrations.js';

/** Queue (or re-queue) `kind` for a recording: a change while one is in flight bumps its generation, so it runs again. */
const queue = (kind: string, id: string) => `
  INSERT INTO replication_outbox (kind, recording_id, queued_at) VALUES ('${kind}', ${id}, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
    ON CONFLICT (kind, recording_id) DO UPDATE SET generation = generation + 1, next_try_ms = 0;`;

/** A row naming a recording or a case (a hold, a level): a refresh of that recording, or of every recording of that case. */
const REFRESH_RECORDING_OR_ITS_CASE = `INSERT INTO replication_outbox (kind, recording_id, queued_at)
          SELECT 'refresh', recording_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM (
            SELECT NEW.recording_id AS recording_id WHERE NEW.recording_id IS NOT NULL
            UNION SELECT recording_id FROM case_recordings WHERE case_id = NEW.case_id)
          WHERE true
          ON CONFLICT (kind, recording_id) DO UPDATE SET generation = generation + 1, next_try_ms = 0;`;

export const REPLICATION_MIGRATIONS: readonly Migration[] = [
  {
    version: 17,
    name: 'replication to the object store: outbox, replicas, trail segments sent',
    sql: `
      -- put: the bytes and the metadata; refresh: the lock and the metadata after a change; dispose: remove the store's versions.
      CREATE TABLE replication_outbox (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('put', 'refresh', 'dispose')),
        recording_id INTEGER NOT NULL REFERENCES recordings(id),
        queued_at TEXT NOT NULL,
        generation INTEGER NOT NULL DEFAULT 0,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_try_ms INTEGER NOT NULL DEFAULT 0,
        last_error TEXT,
        -- The process working on it (its token): the dock service and a replicate run never take the same row.
        claimed_by TEXT,
        UNIQUE (kind, recording_id)
      );
      CREATE INDEX replication_outbox_due ON replication_outbox (next_try_ms, id);
      -- A recording's copy in the store, once read back and found equal.
      CREATE TABLE replicas (
        recording_id INTEGER PRIMARY KEY REFERENCES recordings(id),
        object_key TEXT NOT NULL,
        version_id TEXT NOT NULL,
        md5 TEXT NOT NULL,
        retain_until TEXT NOT NULL,
        metadata_version_id TEXT,
        replicated_at TEXT NOT NULL,
        removed_at TEXT
      );
      CREATE INDEX replicas_by_key ON replicas (object_key);
      -- Trail segments in the store: entries first_seq..last_seq, the last one's hash the head.
      CREATE TABLE trail_segments (
        first_seq INTEGER PRIMARY KEY,
        last_seq INTEGER NOT NULL UNIQUE CHECK (last_seq >= first_seq),
        head TEXT NOT NULL,
        object_key TEXT NOT NULL,
        version_id TEXT NOT NULL,
        retain_until TEXT NOT NULL,
        sent_at TEXT NOT NULL
      );
      CREATE TRIGGER trail_segments_no_delete BEFORE DELETE ON trail_segments
        BEGIN SELECT RAISE(ABORT, 'trail segments sent are never forgotten'); END;
      -- The tombstone records the store's side of a disposal too.
      ALTER TABLE tombstones ADD COLUMN store_removed_at TEXT;

      CREATE TRIGGER replicate_new_recording AFTER INSERT ON recordings BEGIN ${queue('put', 'NEW.id')} END;
      CREATE TRIGGER replicate_reattributed AFTER UPDATE OF device_number, officer_id, flags ON recordings BEGIN ${queue('refresh', 'NEW.id')} END;
      CREATE TRIGGER replicate_case_link AFTER INSERT ON case_recordings BEGIN ${queue('refresh', 'NEW.recording_id')} END;
      CREATE TRIGGER replicate_case_unlink AFTER DELETE ON case_recordings BEGIN ${queue('refresh', 'OLD.recording_id')} END;
      CREATE TRIGGER replicate_hold_on_recording AFTER INSERT ON holds WHEN NEW.recording_id IS NOT NULL BEGIN ${queue('refresh', 'NEW.recording_id')} END;
      CREATE TRIGGER replicate_hold_on_case AFTER INSERT ON holds WHEN NEW.case_id IS NOT NULL BEGIN
        INSERT INTO replication_outbox (kind, recording_id, queued_at)
          SELECT 'refresh', recording_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM case_recordings WHERE case_id = NEW.case_id
          ON CONFLICT (kind, recording_id) DO UPDATE SET generation = generation + 1, next_try_ms = 0;
      END;
      CREATE TRIGGER replicate_hold_released AFTER UPDATE OF released_at ON holds BEGIN
        ${REFRESH_RECORDING_OR_ITS_CASE}
      END;
      CREATE TRIGGER replicate_case_category AFTER UPDATE OF category ON cases BEGIN
        INSERT INTO replication_outbox (kind, recording_id, queued_at)
          SELECT 'refresh', recording_id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM case_recordings WHERE case_id = NEW.id
          ON CONFLICT (kind, recording_id) DO UPDATE SET generation = generation + 1, next_try_ms = 0;
      END;
      CREATE TRIGGER replicate_disposal AFTER INSERT ON tombstones BEGIN ${queue('dispose', 'NEW.recording_id')} END;

      -- What a station already holds is queued too: turning replication on copies the whole vault.
      INSERT INTO replication_outbox (kind, recording_id, queued_at)
        SELECT 'put', id, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM recordings WHERE id NOT IN (SELECT recording_id FROM tombstones) ORDER BY id;
    `,
  },
  {
    version: 18,
    name: 'replication failures on the record once: the error last recorded per outbox row, and the store found unreachable',
    sql: `
      -- The error text last put on the record for this row: the same failure on every retry is recorded once.
      ALTER TABLE replication_outbox ADD COLUMN recorded_error TEXT;
      -- What kind of failure last_error is (src/core/replication-failure.ts): replicate status says it in words.
      ALTER TABLE replication_outbox ADD COLUMN last_error_kind TEXT;
      -- 'unreachable' while the store cannot be reached (since when, what was said): one entry when it starts, one when it ends.
      CREATE TABLE replication_state (
        name TEXT PRIMARY KEY,
        since TEXT NOT NULL,
        detail TEXT NOT NULL
      );
    `,
  },
  {
    version: 19,
    name: 'metadata digests: every metadata version put, kept until sent in a digest object; a classification change re-describes the recording',
    sql: `
      -- R14: the metadata says each recording's level, so a level set on it or on its case is a change to send.
      CREATE TRIGGER replicate_classified AFTER INSERT ON classifications BEGIN
        ${REFRESH_RECORDING_OR_ITS_CASE}
      END;
      -- Each metadata object version put, in the transaction that records the put; removed once a digest holding it is read back.
      CREATE TABLE metadata_digest_pending (
        seq INTEGER PRIMARY KEY AUTOINCREMENT,
        object_key TEXT NOT NULL,
        version_id TEXT NOT NULL,
        etag TEXT NOT NULL,
        body TEXT NOT NULL,
        retain_until TEXT NOT NULL
      );
      CREATE TABLE metadata_digests (
        first_seq INTEGER PRIMARY KEY,
        last_seq INTEGER NOT NULL,
        entries INTEGER NOT NULL,
        object_key TEXT NOT NULL,
        version_id TEXT NOT NULL,
        sent_at TEXT NOT NULL
      );
    `,
  },
  {
    version: 23,
    name: 'a new recording queued for the store by RecordingStore.insert, not by a trigger',
    sql: `
      DROP TRIGGER replicate_new_recording;
    `,
  },
];
