/**
 * What `central index` writes to PostgreSQL: each station, each object read with the ETag and version
 * read, the recordings' latest metadata (a page of them in one transaction, sent as one JSON value and
 * unpacked by jsonb_to_recordset: one round trip for a thousand rows), trail segments and their
 * entries, and each station's trail status.
 */
import type { AuditEntry } from '../core/audit-chain.js';
import type { RecordingObject, StationDescriptor } from '../core/recording-object.js';
import type { SegmentSummary, TrailStatus } from '../core/trail-continuity.js';
import type { CentralDb, Queryable } from './central-db.js';
import { storableText } from '../core/storable-text.js';

export interface ObjectRead {
  key: string;
  etag: string;
  versionId: string | null;
  size: number;
}

export type ObjectKind = 'recording' | 'trail' | 'station' | 'digest' | 'unknown';

/** A trail segment read: what it held, checked on its own, and the ETag indexed before under its key (null: new). */
export interface SegmentRead {
  read: ObjectRead;
  summary: SegmentSummary;
  entries: AuditEntry[];
  previousEtag: string | null;
}

const RECORDING_COLUMNS = `station text, recording_id bigint, station_unit text, sha256 text, size bigint, object_key text, recorder text,
  officer_id text, officer_name text, officer_unit text, started_at text, started_at_source text, local_date date,
  duration_seconds double precision, media_format text, original_name text, vault_path text, ingested_at text, flags jsonb,
  holds jsonb, retain_until text, disposed_at text, disposal_approved_by text, disposal_reason text, written_at text, etag text, version_id text, classification text`;
const RECORDING_NAMES = RECORDING_COLUMNS.split(',').map((c) => c.trim().split(/\s+/)[0]!);
const RECORDING_SET = RECORDING_NAMES.filter((c) => c !== 'station' && c !== 'recording_id')
  .map((c) => `${c} = EXCLUDED.${c}`)
  .concat(['started_at_epoch = EXCLUDED.started_at_epoch', 'written_at_epoch = EXCLUDED.written_at_epoch'])
  .join(', ');

export class CentralIndexTables {
  constructor(private readonly db: CentralDb) {}

  /** The ETag indexed for each of `keys` that has been read before. */
  async knownEtags(keys: readonly string[]): Promise<Map<string, string>> {
    if (keys.length === 0) return new Map();
    const rows = await this.db.query<{ key: string; etag: string }>('SELECT key, etag FROM indexed_objects WHERE key = ANY($1::text[])', [keys]);
    return new Map(rows.map((r) => [r.key, r.etag]));
  }

  /** A station seen in the bucket: made known, its indexing time moved on. */
  async touchStation(station: string, at: string): Promise<void> {
    await this.db.query(
      'INSERT INTO stations (station, first_indexed_at, last_indexed_at) VALUES ($1, $2, $2) ON CONFLICT (station) DO UPDATE SET last_indexed_at = EXCLUDED.last_indexed_at',
      [station, at],
    );
  }

  async saveDescriptor(d: StationDescriptor, read: ObjectRead, at: string): Promise<void> {
    await this.db.transaction(async (q) => {
      await q.query('UPDATE stations SET unit = $2, timezone = $3, descriptor_updated_at = $4 WHERE station = $1', [d.station, d.unit, d.timezone, d.updatedAt]);
      await markRead(q, d.station, 'station', [read], at, null);
    });
  }

  /** Objects read that are not what their format says: kept as findings, not read again until they change. */
  async saveProblems(station: string, kind: ObjectKind, problems: { read: ObjectRead; problem: string }[], at: string): Promise<void> {
    if (problems.length === 0) return;
    await this.db.transaction(async (q) => {
      for (const p of problems) await markRead(q, station, kind, [p.read], at, p.problem);
    });
  }

  /** A page of recordings' latest metadata, their cases, their officers and the objects read, in one transaction. */
  async saveRecordings(station: string, rows: { read: ObjectRead; object: RecordingObject }[], at: string): Promise<void> {
    if (rows.length === 0) return;
    const recordings = rows.map(({ read, object: r }) => ({
      station: r.station,
      recording_id: r.recordingId,
      station_unit: r.unit,
      sha256: r.sha256,
      size: r.size,
      object_key: r.objectKey,
      recorder: r.recorder,
      officer_id: r.officer?.id ?? null,
      officer_name: r.officer?.name ?? null,
      officer_unit: r.officer?.unit ?? null,
      started_at: r.startedAt,
      started_at_source: r.startedAtSource,
      local_date: r.localDate,
      duration_seconds: r.durationSeconds,
      media_format: r.mediaFormat,
      original_name: r.originalName,
      vault_path: r.vaultPath,
      ingested_at: r.ingestedAt,
      flags: r.flags,
      holds: r.holds,
      retain_until: r.retainUntil,
      disposed_at: r.disposed?.at ?? null,
      disposal_approved_by: r.disposed?.approvedBy ?? null,
      disposal_reason: r.disposed?.reason ?? null,
      written_at: r.writtenAt,
      etag: read.etag,
      version_id: read.versionId,
      classification: r.classification,
    }));
    const cases = rows.flatMap(({ object: r }) => dedupe(r.cases, (c) => c.number).map((c) => ({ station: r.station, recording_id: r.recordingId, case_number: c.number, category: c.category })));
    // The latest-written object naming each officer says the officer's name and unit (one per officer a page).
    const officers = new Map<string, { officer_id: string; name: string | null; unit: string | null; as_of: string }>();
    for (const { object: r } of rows) {
      if (!r.officer) continue;
      const had = officers.get(r.officer.id);
      if (!had || Date.parse(had.as_of) <= Date.parse(r.writtenAt)) officers.set(r.officer.id, { officer_id: r.officer.id, name: r.officer.name, unit: r.officer.unit, as_of: r.writtenAt });
    }
    await this.db.transaction(async (q) => {
      await q.query(
        `INSERT INTO recordings (${RECORDING_NAMES.join(', ')}, started_at_epoch, written_at_epoch)
         SELECT ${RECORDING_NAMES.map((c) => (c === 'flags' ? 'ARRAY(SELECT jsonb_array_elements_text(r.flags))' : `r.${c}`)).join(', ')},
                r.started_at::timestamptz, r.written_at::timestamptz
         FROM jsonb_to_recordset($1::jsonb) AS r(${RECORDING_COLUMNS})
         ON CONFLICT (station, recording_id) DO UPDATE SET ${RECORDING_SET}`,
        [JSON.stringify(recordings)],
      );
      await q.query(
        `DELETE FROM recording_cases c USING jsonb_to_recordset($1::jsonb) AS r(recording_id bigint)
         WHERE c.station = $2 AND c.recording_id = r.recording_id`,
        [JSON.stringify(recordings.map((r) => ({ recording_id: r.recording_id }))), station],
      );
      if (cases.length) {
        await q.query(
          `INSERT INTO recording_cases (station, recording_id, case_number, category)
           SELECT station, recording_id, case_number, category FROM jsonb_to_recordset($1::jsonb) AS r(station text, recording_id bigint, case_number text, category text)`,
          [JSON.stringify(cases)],
        );
      }
      if (officers.size) {
        await q.query(
          `INSERT INTO officers (station, officer_id, name, unit, as_of)
           SELECT $2, officer_id, name, unit, as_of FROM jsonb_to_recordset($1::jsonb) AS r(officer_id text, name text, unit text, as_of timestamptz)
           ON CONFLICT (station, officer_id) DO UPDATE SET name = EXCLUDED.name, unit = EXCLUDED.unit, as_of = EXCLUDED.as_of
           WHERE officers.as_of <= EXCLUDED.as_of`,
          [JSON.stringify([...officers.values()]), station],
        );
      }
      await markRead(q, station, 'recording', rows.map((r) => r.read), at, null);
    });
  }

  /** The trail segments indexed for a station: what each held, and the ETag read. */
  async segments(station: string): Promise<Map<string, { etag: string; summary: SegmentSummary; gone: boolean }>> {
    const rows = await this.db.query<SegmentRow>('SELECT * FROM trail_segments WHERE station = $1', [station]);
    return new Map(rows.map((r) => [r.key, { etag: r.etag, gone: r.gone_at !== null, summary: summaryOf(r) }]));
  }

  /**
   * Segments read: their rows and entries replace what was indexed under their keys, all in one
   * transaction. A key indexed before with other bytes is kept as a rewrite for good (trail_rewrites).
   */
  async saveSegments(station: string, segments: SegmentRead[], at: string): Promise<void> {
    if (segments.length === 0) return;
    const rewrites = segments.filter((s) => s.previousEtag !== null && s.previousEtag !== s.read.etag);
    const rows = segments.map(({ read, summary: x }) => ({
      key: read.key,
      named_first: x.namedFirst,
      named_last: x.namedLast,
      entries: x.entries,
      first_seq: x.firstSeq,
      last_seq: x.lastSeq,
      first_prev_hash: x.firstPrevHash,
      last_hash: x.lastHash,
      problems: x.problems,
      etag: read.etag,
      version_id: read.versionId,
    }));
    await this.db.transaction(async (q) => {
      if (rewrites.length) {
        await q.query(
          `INSERT INTO trail_rewrites (station, key, first_seq, old_etag, new_etag, noticed_at)
           SELECT $2, key, first_seq, old_etag, new_etag, $3 FROM jsonb_to_recordset($1::jsonb) AS r(key text, first_seq bigint, old_etag text, new_etag text) ON CONFLICT DO NOTHING`,
          [JSON.stringify(rewrites.map((s) => ({ key: s.read.key, first_seq: s.summary.namedFirst, old_etag: s.previousEtag, new_etag: s.read.etag }))), station, at],
        );
      }
      await q.query('DELETE FROM trail_segments WHERE key = ANY($1::text[])', [rows.map((r) => r.key)]);
      await q.query(
        `INSERT INTO trail_segments (key, station, named_first, named_last, entries, first_seq, last_seq, first_prev_hash, last_hash, problems, etag, version_id, indexed_at)
         SELECT key, $2, named_first, named_last, entries, first_seq, last_seq, first_prev_hash, last_hash, problems, etag, version_id, $3
         FROM jsonb_to_recordset($1::jsonb) AS r(key text, named_first bigint, named_last bigint, entries integer, first_seq bigint, last_seq bigint,
           first_prev_hash text, last_hash text, problems jsonb, etag text, version_id text)`,
        [JSON.stringify(rows), station, at],
      );
      const entries = segments.flatMap((s) => s.entries.map((e) => ({ ...e, segment_key: s.read.key, prev_hash: e.prevHash })));
      for (let i = 0; i < entries.length; i += 5000) {
        await q.query(
          `INSERT INTO trail_entries (segment_key, station, seq, at, operator, role, action, target, outcome, details, prev_hash, hash)
           SELECT segment_key, $2, seq, at, operator, role, action, target, outcome, details, prev_hash, hash
           FROM jsonb_to_recordset($1::jsonb) AS r(segment_key text, seq bigint, at text, operator text, role text, action text, target text, outcome text, details jsonb, prev_hash text, hash text)
           ON CONFLICT (segment_key, seq) DO NOTHING`,
          [JSON.stringify(entries.slice(i, i + 5000)), station],
        );
      }
      await markRead(q, station, 'trail', segments.map((s) => s.read), at, null);
    });
  }

  /** Segments no longer in the store: their rows and entries stay, marked gone; one that comes back is not. */
  async markSegmentsPresent(station: string, present: readonly string[], at: string): Promise<void> {
    await this.db.query('UPDATE trail_segments SET gone_at = CASE WHEN key = ANY($2::text[]) THEN NULL ELSE coalesce(gone_at, $3) END WHERE station = $1', [station, present, at]);
  }

  /** Whether two segments hold the seqs they share with the same hashes (at least one shared, none different). */
  async trailEntriesAgree(a: string, b: string): Promise<boolean> {
    const [r] = await this.db.query<{ shared: number; differ: number }>(
      `SELECT count(*)::int AS shared, count(*) FILTER (WHERE x.hash <> y.hash)::int AS differ
       FROM trail_entries x JOIN trail_entries y ON y.segment_key = $2 AND y.seq = x.seq WHERE x.segment_key = $1`,
      [a, b],
    );
    return r!.shared > 0 && r!.differ === 0;
  }

  /** Segments whose bytes changed after they were indexed. */
  async rewrites(station: string): Promise<{ key: string; firstSeq: number; oldEtag: string; newEtag: string; noticedAt: string }[]> {
    return this.db.query('SELECT key, first_seq AS "firstSeq", old_etag AS "oldEtag", new_etag AS "newEtag", noticed_at AS "noticedAt" FROM trail_rewrites WHERE station = $1 ORDER BY first_seq', [station]);
  }

  async saveTrailStatus(station: string, s: TrailStatus, at: string): Promise<void> {
    await this.db.query(
      `INSERT INTO trail_status (station, ok, segments, entries, head_seq, head_hash, problems, checked_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (station) DO UPDATE SET ok = EXCLUDED.ok, segments = EXCLUDED.segments, entries = EXCLUDED.entries, head_seq = EXCLUDED.head_seq,
         head_hash = EXCLUDED.head_hash, problems = EXCLUDED.problems, checked_at = EXCLUDED.checked_at`,
      [station, s.ok, s.segments, s.entries, s.head?.seq ?? null, s.head?.hash ?? null, JSON.stringify(s.problems), at],
    );
  }

  /** What the catalogue holds for a station now: recordings, and objects that are not what their format says. */
  async stationTotals(station: string): Promise<{ recordings: number; invalid: number }> {
    const [r] = await this.db.query<{ recordings: number; invalid: number }>(
      `SELECT (SELECT count(*) FROM recordings WHERE station = $1) AS recordings,
              (SELECT count(*) FROM indexed_objects WHERE station = $1 AND problem IS NOT NULL) AS invalid`,
      [station],
    );
    return r!;
  }
}

interface SegmentRow {
  key: string;
  named_first: number;
  named_last: number;
  entries: number;
  first_seq: number | null;
  last_seq: number | null;
  first_prev_hash: string | null;
  last_hash: string | null;
  problems: SegmentSummary['problems'];
  etag: string;
  gone_at: string | null;
}

function summaryOf(r: SegmentRow): SegmentSummary {
  return {
    key: r.key,
    namedFirst: r.named_first,
    namedLast: r.named_last,
    entries: r.entries,
    firstSeq: r.first_seq,
    lastSeq: r.last_seq,
    firstPrevHash: r.first_prev_hash,
    lastHash: r.last_hash,
    problems: r.problems,
  };
}

function dedupe<T>(items: readonly T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => !seen.has(key(t)) && Boolean(seen.add(key(t))));
}

/** A problem may quote what the object held, NUL and all: kept with what cannot be stored replaced. */
export async function markRead(q: Queryable, station: string, kind: ObjectKind, reads: readonly ObjectRead[], at: string, problem: string | null): Promise<void> {
  await q.query(
    `INSERT INTO indexed_objects (key, station, kind, etag, version_id, size, indexed_at, problem)
     SELECT key, $2, $3, etag, version_id, size, $4, $5 FROM jsonb_to_recordset($1::jsonb) AS r(key text, etag text, version_id text, size bigint)
     ON CONFLICT (key) DO UPDATE SET etag = EXCLUDED.etag, version_id = EXCLUDED.version_id, size = EXCLUDED.size, indexed_at = EXCLUDED.indexed_at, problem = EXCLUDED.problem, kind = EXCLUDED.kind`,
    [JSON.stringify(reads.map((r) => ({ key: r.key, etag: r.etag, version_id: r.versionId, size: r.size }))), station, kind, at, problem === null ? null : storableText(problem)],
  );
}
