/**
 * The central catalogue's PostgreSQL schema, as versioned migrations applied in order, each in its own
 * transaction under an advisory lock (two runs starting at once migrate once). Never edit a released
 * migration: add the next one.
 */

export interface CentralMigration {
  version: number;
  name: string;
  sql: string;
}

export const CENTRAL_MIGRATIONS: readonly CentralMigration[] = [
  {
    version: 1,
    name: 'stations, indexed objects, recordings and their cases, officers, trail segments and entries, trail status, index runs',
    sql: `
      CREATE TABLE stations (
        station text PRIMARY KEY,
        unit text,
        timezone text,
        descriptor_updated_at text,
        first_indexed_at timestamptz NOT NULL,
        last_indexed_at timestamptz NOT NULL
      );
      -- Every object read, with the ETag and version read: a second run reads only what changed since.
      -- problem: why the object is not what its format says (its content is then in no other table).
      CREATE TABLE indexed_objects (
        key text PRIMARY KEY,
        station text NOT NULL REFERENCES stations,
        kind text NOT NULL CHECK (kind IN ('recording', 'trail', 'station', 'unknown')),
        etag text NOT NULL,
        version_id text,
        size bigint NOT NULL,
        indexed_at timestamptz NOT NULL,
        problem text
      );
      CREATE INDEX indexed_objects_problems ON indexed_objects (station) WHERE problem IS NOT NULL;
      -- The latest metadata object of each recording (docs/replication.md), as the station wrote it.
      CREATE TABLE recordings (
        station text NOT NULL REFERENCES stations,
        recording_id bigint NOT NULL,
        station_unit text,
        sha256 text NOT NULL,
        size bigint NOT NULL,
        object_key text NOT NULL,
        recorder text,
        officer_id text,
        officer_name text,
        officer_unit text,
        started_at text NOT NULL,
        started_at_epoch timestamptz NOT NULL,
        started_at_source text NOT NULL,
        local_date date NOT NULL,
        duration_seconds double precision,
        media_format text,
        original_name text NOT NULL,
        vault_path text NOT NULL,
        ingested_at text NOT NULL,
        flags text[] NOT NULL,
        holds jsonb NOT NULL,
        retain_until text,
        disposed_at text,
        disposal_approved_by text,
        disposal_reason text,
        written_at text NOT NULL,
        written_at_epoch timestamptz NOT NULL,
        etag text NOT NULL,
        version_id text,
        PRIMARY KEY (station, recording_id)
      );
      -- The report's one range: the period's rows straight from the index, grouped as they come.
      CREATE INDEX recordings_activity ON recordings (local_date, station) INCLUDE (officer_id, recorder, duration_seconds, flags, disposed_at);
      CREATE INDEX recordings_by_officer ON recordings (officer_id, local_date);
      CREATE INDEX recordings_by_recorder ON recordings (recorder, local_date);
      CREATE INDEX recordings_by_officer_unit ON recordings (officer_unit, local_date);
      CREATE INDEX recordings_by_station_unit ON recordings (station_unit, local_date);
      CREATE INDEX recordings_by_sha256 ON recordings (sha256);
      CREATE INDEX recordings_by_start ON recordings (started_at_epoch);
      CREATE TABLE recording_cases (
        station text NOT NULL,
        recording_id bigint NOT NULL,
        case_number text NOT NULL,
        category text,
        PRIMARY KEY (station, recording_id, case_number),
        FOREIGN KEY (station, recording_id) REFERENCES recordings ON DELETE CASCADE
      );
      CREATE INDEX recording_cases_by_number ON recording_cases (case_number);
      -- Each officer as the station's latest metadata object naming the officer has it: the unit a
      -- report counts the officer's recordings under, as the station's register does.
      CREATE TABLE officers (
        station text NOT NULL REFERENCES stations,
        officer_id text NOT NULL,
        name text,
        unit text,
        as_of timestamptz NOT NULL,
        PRIMARY KEY (station, officer_id)
      );
      -- One row per trail segment read from the store: its own check and what the chain across needs.
      CREATE TABLE trail_segments (
        key text PRIMARY KEY,
        station text NOT NULL REFERENCES stations,
        named_first bigint NOT NULL,
        named_last bigint NOT NULL,
        entries integer NOT NULL,
        first_seq bigint,
        last_seq bigint,
        first_prev_hash text,
        last_hash text,
        problems jsonb NOT NULL,
        etag text NOT NULL,
        version_id text,
        indexed_at timestamptz NOT NULL,
        -- No longer in the store (its entries stay here); the chain is checked without it.
        gone_at timestamptz
      );
      CREATE INDEX trail_segments_by_station ON trail_segments (station, named_first);
      CREATE TABLE trail_entries (
        segment_key text NOT NULL REFERENCES trail_segments ON DELETE CASCADE,
        station text NOT NULL,
        seq bigint NOT NULL,
        at text NOT NULL,
        operator text NOT NULL,
        role text,
        action text NOT NULL,
        target text,
        outcome text NOT NULL,
        details jsonb NOT NULL,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        PRIMARY KEY (segment_key, seq)
      );
      CREATE INDEX trail_entries_by_station ON trail_entries (station, seq);
      -- A segment whose bytes changed after it was indexed: kept for good, whatever the store shows later.
      CREATE TABLE trail_rewrites (
        station text NOT NULL REFERENCES stations,
        key text NOT NULL,
        first_seq bigint NOT NULL,
        old_etag text NOT NULL,
        new_etag text NOT NULL,
        noticed_at timestamptz NOT NULL,
        PRIMARY KEY (key, old_etag, new_etag)
      );
      CREATE TABLE trail_status (
        station text PRIMARY KEY REFERENCES stations,
        ok boolean NOT NULL,
        segments integer NOT NULL,
        entries bigint NOT NULL,
        head_seq bigint,
        head_hash text,
        problems jsonb NOT NULL,
        checked_at timestamptz NOT NULL
      );
      -- Every central index run, failures and refusals too: the central tool keeps no station trail.
      CREATE TABLE index_runs (
        id bigserial PRIMARY KEY,
        os_account text NOT NULL,
        started_at timestamptz NOT NULL,
        finished_at timestamptz,
        what text NOT NULL,
        outcome text CHECK (outcome IN ('ok', 'findings', 'failed', 'refused')),
        details jsonb,
        error text
      );
    `,
  },
  {
    version: 2,
    name: 'metadata digests read, and their lines until the listing has used them; recordings\u2019 classification',
    sql: `
      ALTER TABLE indexed_objects DROP CONSTRAINT indexed_objects_kind_check;
      ALTER TABLE indexed_objects ADD CONSTRAINT indexed_objects_kind_check CHECK (kind IN ('recording', 'trail', 'station', 'digest', 'unknown'));
      -- A digest's lines, kept from its read until the listing of the station's metadata has taken
      -- what it can (each line only where its body is what the store lists for the key). Unlogged: a
      -- crash loses them, and the objects are then read one by one, as before digests.
      CREATE UNLOGGED TABLE digest_lines (
        station text NOT NULL,
        key text NOT NULL,
        etag text NOT NULL,
        version_id text NOT NULL,
        body text NOT NULL
      );
      -- One line per station, key and ETag however many digests repeat it.
      CREATE UNIQUE INDEX digest_lines_by_key ON digest_lines (station, key, etag);
      -- R14: the recording's level as its station sent it (null: sent before levels were).
      ALTER TABLE recordings ADD COLUMN classification text;
    `,
  },
];

export const CENTRAL_SCHEMA_VERSION = CENTRAL_MIGRATIONS[CENTRAL_MIGRATIONS.length - 1]!.version;
