/**
 * SQL for the checks on recordings (issue 13): the ordered pass gaps are found in, late stores,
 * the explanations people give (append-only: the newest counts) and recorders' offsets at each dock.
 */
import type { SegmentFacts } from '../../core/gaps.js';
import type { LateExplanation, LateReason } from '../../core/late-storage.js';
import type { Db } from './database.js';

export interface GapExplanationRow {
  beforeId: number;
  afterId: number;
  reason: string;
  text: string;
  by: string;
  at: string;
}

export interface NewGapExplanation extends GapExplanationRow {
  deviceNumber: string;
  gapStartedMs: number;
  gapEndedMs: number;
}

export interface LateCandidate {
  id: number;
  deviceNumber: string | null;
  officerId: string | null;
  startedAtMs: number;
  durationSeconds: number | null;
  ingestedAt: string;
}

export interface DockOffsetRow {
  sessionId: number;
  deviceNumber: string;
  dockedAt: string;
  newestRecordingId: number;
  newestEndMs: number;
  offsetSeconds: number;
  files: number;
}

/** The window and recorder a check looks at; times are ms of the recordings' starts. */
export interface CheckWindow {
  fromMs?: number;
  toMs?: number;
  deviceNumber?: string;
}

/** The window's clauses and exactly the parameters they name (better-sqlite3 wants no others). */
function windowSql(w: CheckWindow, clauses: string[]): { where: string; params: Record<string, unknown> } {
  const params: Record<string, unknown> = {};
  if (w.deviceNumber !== undefined) {
    clauses.push('device_number = @deviceNumber');
    params.deviceNumber = w.deviceNumber;
  }
  if (w.fromMs !== undefined) {
    clauses.push('started_at_epoch_ms >= @fromMs');
    params.fromMs = w.fromMs;
  }
  if (w.toMs !== undefined) {
    clauses.push('started_at_epoch_ms < @toMs');
    params.toMs = w.toMs;
  }
  return { where: clauses.join(' AND '), params };
}

type SegmentRow = [number, number, number | null, number | null];

export class RecordingChecksStore {
  constructor(private readonly db: Db) {}

  /**
   * Every recording with a recorder, ordered by recorder then start: the one pass gaps are found in.
   * One query per recorder over the covering index, numbers only (strings cost most to hand to
   * JavaScript): a million recordings in under a second. The officer is looked up for the gaps alone.
   * The one object yielded is reused for every row (a million objects cost more in garbage collection
   * than the query): read it, copy what you keep, as findGaps does.
   */
  *segments(w: CheckWindow = {}): Generator<SegmentFacts> {
    const devices =
      w.deviceNumber !== undefined
        ? [w.deviceNumber]
        : (this.db.prepare('SELECT DISTINCT device_number FROM recordings INDEXED BY recordings_by_device_start WHERE device_number IS NOT NULL ORDER BY device_number').pluck().all() as string[]);
    const { where, params } = windowSql({ fromMs: w.fromMs, toMs: w.toMs }, ['device_number = @device']);
    // The last column: a still picture's container as ffprobe names it (core/gaps.ts isStillFormat, in SQL).
    const stmt = this.db
      .prepare(
        `SELECT id, started_at_epoch_ms, duration_seconds, (format = 'image2' OR format LIKE '%\\_pipe' ESCAPE '\\') FROM recordings
          INDEXED BY recordings_by_device_start WHERE ${where} ORDER BY started_at_epoch_ms, id`,
      )
      .raw(true);
    const seg: SegmentFacts = { id: 0, deviceNumber: null, startedAtMs: 0, durationSeconds: null, still: false };
    for (const device of devices) {
      // One recorder's rows at once (tens of thousands of four numbers): all() is a third cheaper than iterate().
      for (const r of stmt.all({ ...params, device }) as SegmentRow[]) {
        seg.id = r[0];
        seg.deviceNumber = device;
        seg.startedAtMs = r[1];
        seg.durationSeconds = r[2];
        seg.still = r[3] === 1;
        yield seg;
      }
    }
  }

  /** The officers these recordings were attributed to, in one query (a batch of gaps). */
  officersOf(recordingIds: readonly number[]): Map<number, string | null> {
    if (!recordingIds.length) return new Map();
    const rows = this.db.prepare('SELECT id, officer_id FROM recordings WHERE id IN (SELECT value FROM json_each(?))').raw(true).all(JSON.stringify(recordingIds)) as [number, string | null][];
    return new Map(rows);
  }

  /** The newest explanation of each explained gap, keyed "<before>-<after>". */
  gapExplanations(): Map<string, GapExplanationRow> {
    const rows = this.db
      .prepare(
        `SELECT before_id AS beforeId, after_id AS afterId, reason, text, by, at FROM gap_explanations
          WHERE id IN (SELECT max(id) FROM gap_explanations GROUP BY before_id, after_id)`,
      )
      .all() as GapExplanationRow[];
    return new Map(rows.map((r) => [`${r.beforeId}-${r.afterId}`, r]));
  }

  addGapExplanation(e: NewGapExplanation): void {
    this.db
      .prepare(
        `INSERT INTO gap_explanations (before_id, after_id, device_number, gap_started_ms, gap_ended_ms, reason, text, by, at)
         VALUES (@beforeId, @afterId, @deviceNumber, @gapStartedMs, @gapEndedMs, @reason, @text, @by, @at)`,
      )
      .run(e);
  }

  /**
   * Recordings stored more than `minHours` after they ended (SQLite reads the offsets in both times).
   * The exact rule is core/late-storage.ts; this only narrows the rows it is applied to.
   */
  *lateCandidates(w: CheckWindow, minHours: number): Generator<LateCandidate> {
    // A time SQLite cannot read (julianday NULL) is passed on too: the rule in JavaScript decides, nothing is missed.
    const { where, params } = windowSql(w, [`coalesce((julianday(ingested_at) - julianday(started_at)) * 86400.0 - coalesce(duration_seconds, 0) > @minSeconds, 1)`]);
    const stmt = this.db.prepare(
      `SELECT id, device_number AS deviceNumber, officer_id AS officerId, started_at_epoch_ms AS startedAtMs,
              duration_seconds AS durationSeconds, ingested_at AS ingestedAt
         FROM recordings WHERE ${where} ORDER BY started_at_epoch_ms, id`,
    );
    yield* stmt.iterate({ ...params, minSeconds: minHours * 3600 - 1 }) as Iterable<LateCandidate>;
  }

  /** The newest late-storage explanation of each explained recording. */
  lateExplanations(): Map<number, LateExplanation> {
    const rows = this.db
      .prepare(
        `SELECT recording_id AS recordingId, reason, text, returned_ms AS returnedAtMs, by, at FROM late_explanations
          WHERE id IN (SELECT max(id) FROM late_explanations GROUP BY recording_id)`,
      )
      .all() as (LateExplanation & { recordingId: number })[];
    return new Map(rows.map(({ recordingId, ...e }) => [recordingId, e]));
  }

  addLateExplanation(e: { recordingId: number; reason: LateReason; text: string; returnedAt: string | null; returnedAtMs: number | null; by: string; at: string }): void {
    this.db
      .prepare(
        `INSERT INTO late_explanations (recording_id, reason, text, returned_at, returned_ms, by, at)
         VALUES (@recordingId, @reason, @text, @returnedAt, @returnedAtMs, @by, @at)`,
      )
      .run(e);
  }

  /**
   * After a dock: per recorder, the newest recording this session stored (its end on the recorder's
   * clock) against the PC clock at the dock. A session that stored nothing new records nothing.
   */
  recordDockOffsets(sessionId: number, dockedAt: string, dockedMs: number): void {
    this.db
      .prepare(
        `INSERT OR REPLACE INTO dock_offsets (session_id, device_number, docked_at, docked_ms, newest_recording_id, newest_end_ms, offset_seconds, files)
         SELECT @sessionId, device_number, @dockedAt, @dockedMs, id, end_ms, CAST(round((end_ms - @dockedMs) / 1000.0) AS INTEGER), files FROM (
           SELECT device_number, id, end_ms, count(*) OVER (PARTITION BY device_number) AS files,
                  row_number() OVER (PARTITION BY device_number ORDER BY end_ms DESC, id DESC) AS n
             FROM (SELECT device_number, id, started_at_epoch_ms + CAST(round(coalesce(duration_seconds, 0) * 1000) AS INTEGER) AS end_ms
                     FROM recordings WHERE session_id = @sessionId AND device_number IS NOT NULL)
         ) WHERE n = 1`,
      )
      .run({ sessionId, dockedAt, dockedMs });
  }

  offsets(deviceNumber?: string): DockOffsetRow[] {
    return this.db
      .prepare(
        `SELECT session_id AS sessionId, device_number AS deviceNumber, docked_at AS dockedAt, newest_recording_id AS newestRecordingId,
                newest_end_ms AS newestEndMs, offset_seconds AS offsetSeconds, files
           FROM dock_offsets ${deviceNumber === undefined ? '' : 'WHERE device_number = @deviceNumber'} ORDER BY device_number, docked_ms`,
      )
      .all(deviceNumber === undefined ? {} : { deviceNumber }) as DockOffsetRow[];
  }
}
