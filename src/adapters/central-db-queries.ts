/**
 * What `central report` and `central search` read from PostgreSQL, and nothing else: the report's
 * activity is grouped in SQL over one range of an index (a million recordings come back as a few
 * thousand rows), the search is one query with its filters and a limit.
 */
import type { CentralActivityRow, CentralOfficerFact, CentralStationFact, CentralTrailStatus } from '../core/central-report.js';
import { filterNamesWhose, SECRET_LEVELS, type CentralRecordingHit, type CentralSearchFilter } from '../core/central-search.js';
import type { CentralDb } from './central-db.js';

export class CentralQueries {
  constructor(private readonly db: CentralDb) {}

  async stationNames(): Promise<string[]> {
    return (await this.db.query<{ station: string }>('SELECT station FROM stations ORDER BY station')).map((r) => r.station);
  }

  /** The stations (all, or those named) with their unit, when last indexed, and their trail status. */
  async stations(only: readonly string[]): Promise<CentralStationFact[]> {
    const rows = await this.db.query<{
      station: string;
      unit: string | null;
      last_indexed_at: string | null;
      ok: boolean | null;
      segments: number | null;
      entries: number | null;
      head_seq: number | null;
      head_hash: string | null;
      problems: CentralTrailStatus['problems'] | null;
      checked_at: string | null;
    }>(
      `SELECT s.station, coalesce(s.unit, (SELECT max(station_unit) FROM recordings r WHERE r.station = s.station)) AS unit, s.last_indexed_at,
              t.ok, t.segments, t.entries, t.head_seq, t.head_hash, t.problems, t.checked_at
       FROM stations s LEFT JOIN trail_status t ON t.station = s.station
       WHERE cardinality($1::text[]) = 0 OR s.station = ANY($1::text[]) ORDER BY s.station`,
      [only],
    );
    return rows.map((r) => ({
      station: r.station,
      unit: r.unit,
      lastIndexedAt: r.last_indexed_at,
      trail:
        r.ok === null
          ? null
          : { ok: r.ok, segments: r.segments ?? 0, entries: r.entries ?? 0, head: r.head_seq === null ? null : { seq: r.head_seq, hash: r.head_hash ?? '' }, problems: r.problems ?? [], checkedAt: r.checked_at ?? '' },
    }));
  }

  /** Recordings per station, officer, recorder and local day of the period, with how many were clock-flagged or disposed of. */
  async activity(from: string, to: string, only: readonly string[]): Promise<CentralActivityRow[]> {
    return this.db.transaction(async (q) => {
      // The grouping of a million rows fits in memory with room to spare: hashed there, not sorted on
      // disk in 4 MB pieces (the default); and no JIT, whose compiling costs more than it saves here.
      await q.query("SET LOCAL work_mem = '64MB'");
      await q.query('SET LOCAL jit = off');
      const rows = await q.query<CentralActivityRow>(
        `SELECT station, officer_id AS "officerId", recorder, local_date::text AS "localDate", count(*)::int AS recordings,
                coalesce(sum(duration_seconds), 0)::float8 AS seconds,
                count(*) FILTER (WHERE flags && ARRAY['clock-ahead', 'clock-skew'])::int AS "clockFlagged",
                count(*) FILTER (WHERE disposed_at IS NOT NULL)::int AS disposed
         FROM recordings
         WHERE local_date BETWEEN $1::date AND $2::date AND (cardinality($3::text[]) = 0 OR station = ANY($3::text[]))
         GROUP BY station, local_date, officer_id, recorder`,
        [from, to, only],
      );
      return rows.rows;
    });
  }

  async officers(only: readonly string[]): Promise<CentralOfficerFact[]> {
    return this.db.query<CentralOfficerFact>(
      `SELECT station, officer_id AS "officerId", name, unit FROM officers WHERE cardinality($1::text[]) = 0 OR station = ANY($1::text[])`,
      [only],
    );
  }

  /**
   * Recordings matching every filter given, newest first; one more than the limit, to tell there are
   * more. Where the filter names whose footage it is, secret footage is left out and only counted.
   */
  async search(f: CentralSearchFilter): Promise<{ rows: CentralRecordingHit[]; secretLeftOut: number }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (v: unknown) => `$${params.push(v)}`;
    if (f.officer !== null) where.push(`r.officer_id = ${param(f.officer)}`);
    if (f.recorder !== null) where.push(`r.recorder = ${param(f.recorder)}`);
    if (f.caseNumber !== null) where.push(`EXISTS (SELECT 1 FROM recording_cases c WHERE c.station = r.station AND c.recording_id = r.recording_id AND c.case_number = ${param(f.caseNumber)})`);
    if (f.from !== null) where.push(`r.local_date >= ${param(f.from)}::date`);
    if (f.to !== null) where.push(`r.local_date <= ${param(f.to)}::date`);
    if (f.unit !== null) {
      const u = param(f.unit);
      where.push(`(r.officer_unit = ${u} OR r.station_unit = ${u})`);
    }
    if (f.stations.length) where.push(`r.station = ANY(${param(f.stations)}::text[])`);
    let secretLeftOut = 0;
    if (filterNamesWhose(f)) {
      const secret = `coalesce(r.classification, '') = ANY(${param(SECRET_LEVELS)}::text[])`;
      // Counted over the stations and dates alone: counted over the names too, the count would say
      // which officer, recorder, case or unit a hidden row (seen by searching the same dates) is.
      const counted: unknown[] = [f.from, f.to, SECRET_LEVELS];
      const scope = [`r.local_date >= coalesce($1::date, '-infinity')`, `r.local_date <= coalesce($2::date, 'infinity')`, `coalesce(r.classification, '') = ANY($3::text[])`];
      if (f.stations.length) scope.push(`r.station = ANY($${counted.push(f.stations)}::text[])`);
      const [c] = await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM recordings r WHERE ${scope.join(' AND ')}`, counted);
      secretLeftOut = c!.n;
      where.push(`NOT ${secret}`);
    }
    const rows = await this.db.query<CentralRecordingHit>(
      `SELECT r.station, r.recording_id AS "recordingId", r.station_unit AS "stationUnit", r.local_date::text AS "localDate", r.started_at AS "startedAt",
              r.duration_seconds AS "durationSeconds", r.recorder, r.officer_id AS "officerId", r.officer_name AS "officerName", r.officer_unit AS "officerUnit",
              r.original_name AS "originalName", r.sha256, r.size, r.flags, r.disposed_at AS "disposedAt", r.classification AS level,
              ARRAY(SELECT c.case_number FROM recording_cases c WHERE c.station = r.station AND c.recording_id = r.recording_id ORDER BY c.case_number) AS cases
       FROM recordings r ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY r.started_at_epoch DESC, r.station, r.recording_id DESC
       LIMIT ${param(f.limit + 1)}`,
      params,
    );
    return { rows, secretLeftOut };
  }
}
