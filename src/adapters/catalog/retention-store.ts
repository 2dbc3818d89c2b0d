/**
 * SQL for holds, their releases, tombstones, and the eligibility questions. Eligibility is asked as
 * an index range on local_date (one cutoff date per period, see lastEligibleLocalDate) minus the
 * few recordings something keeps, so it stays fast at millions of rows.
 */
import type { Cutoffs, HoldReason, StandingScope } from '../../core/retention-policy.js';
import { rowToRecording } from './recording-store.js';
import type { Recording } from '../../core/types.js';
import type { Db } from './database.js';

export interface Hold {
  id: number;
  recordingId: number | null;
  caseId: number | null;
  reason: HoldReason;
  /** Placed with --permanent ("other"); the reasons R12(3) and R6 name are permanent whatever this says. */
  permanent: boolean;
  note: string | null;
  placedAt: string;
  placedBy: string;
  releasedAt: string | null;
}

export interface HoldRelease {
  holdId: number;
  firstBy: string;
  firstAt: string;
  firstReason: string;
  secondBy: string | null;
  secondAt: string | null;
  secondReason: string | null;
}

export type { Cutoffs };

export interface Tombstone {
  recordingId: number;
  sha256: string;
  size: number;
  vaultPath: string;
  metadata: Record<string, unknown>;
  approvedBy: string;
  reason: string;
  disposedAt: string;
  fileRemovedAt: string | null;
}

const HOLD_COLUMNS = `id, recording_id AS recordingId, case_id AS caseId, reason, permanent, note, placed_at AS placedAt, placed_by AS placedBy, released_at AS releasedAt`;
const toHold = (row: unknown): Hold => {
  const r = row as Omit<Hold, 'permanent'> & { permanent: number };
  return { ...r, permanent: r.permanent === 1 };
};

/**
 * Recordings a corrected hold still keeps: the correction's local date plus the minimum period is not
 * over yet exactly when that date is after the minimum cutoff (the same rule as a recording's own date).
 */
const CORRECTION_FLOOR_SQL = `
  SELECT h.recording_id AS rid FROM hold_corrections hc JOIN holds h ON h.id = hc.hold_id WHERE hc.corrected_on > @cutoff AND h.recording_id IS NOT NULL
  UNION ALL
  SELECT cr.recording_id FROM hold_corrections hc JOIN holds h ON h.id = hc.hold_id JOIN case_recordings cr ON cr.case_id = h.case_id WHERE hc.corrected_on > @cutoff`;

/** A standing approval's scope as a condition on recordings `r`: a category covers recordings all of whose cases have it. */
function scopeSql(scope: StandingScope | undefined): string {
  if (!scope || scope.kind === 'all') return '';
  return `AND EXISTS (SELECT 1 FROM case_recordings cr WHERE cr.recording_id = r.id)
    AND NOT EXISTS (SELECT 1 FROM case_recordings cr JOIN cases c ON c.id = cr.case_id WHERE cr.recording_id = r.id AND c.category <> @scopeCategory)`;
}
const scopeParams = (scope: StandingScope | undefined) => (scope?.kind === 'category' ? { scopeCategory: scope.category } : {});

/** Active holds with the recording they keep (directly, or through a case). */
const HELD_SQL = `
  SELECT id AS holdId, reason, recording_id AS rid FROM holds WHERE released_at IS NULL AND recording_id IS NOT NULL
  UNION ALL
  SELECT h.id, h.reason, cr.recording_id FROM holds h JOIN case_recordings cr ON cr.case_id = h.case_id WHERE h.released_at IS NULL`;

function categoryParams(c: Cutoffs): Record<string, string> {
  const params: Record<string, string> = { cutoff: c.minimum };
  c.categories.forEach((x, i) => {
    params[`cat${i}`] = x.category;
    params[`cut${i}`] = x.cutoff;
  });
  return params;
}

/** Recordings a set of cutoffs rules out: disposed, held, or inside a longer category period. */
function excludedSql(c: Cutoffs & { withoutTombstones?: boolean }): string {
  const parts = [`SELECT rid FROM (${HELD_SQL})`, `SELECT rid FROM (${CORRECTION_FLOOR_SQL})`];
  if (!c.withoutTombstones) parts.unshift('SELECT recording_id FROM tombstones');
  c.categories.forEach((_, i) => {
    parts.push(
      `SELECT cr.recording_id FROM case_recordings cr JOIN cases c ON c.id = cr.case_id JOIN recordings r2 ON r2.id = cr.recording_id
       WHERE c.category = @cat${i} AND r2.local_date > @cut${i}`,
    );
  });
  return parts.join(' UNION ALL ');
}

export class RetentionStore {
  constructor(private readonly db: Db) {}

  // ---- holds

  insertHold(h: Omit<Hold, 'id' | 'releasedAt' | 'permanent'> & { permanent?: boolean }): number {
    return Number(
      this.db
        .prepare('INSERT INTO holds (recording_id, case_id, reason, permanent, note, placed_at, placed_by) VALUES (@recordingId, @caseId, @reason, @permanent, @note, @placedAt, @placedBy)')
        .run({ ...h, permanent: h.permanent ? 1 : 0 }).lastInsertRowid,
    );
  }

  hold(id: number): Hold | undefined {
    const row = this.db.prepare(`SELECT ${HOLD_COLUMNS} FROM holds WHERE id = ?`).get(id);
    return row === undefined ? undefined : toHold(row);
  }

  holds(opts: { active?: boolean; caseId?: number; recordingId?: number } = {}): Hold[] {
    const where: string[] = [];
    if (opts.active) where.push('released_at IS NULL');
    if (opts.caseId !== undefined) where.push('case_id = @caseId');
    if (opts.recordingId !== undefined) where.push('recording_id = @recordingId');
    return this.db.prepare(`SELECT ${HOLD_COLUMNS} FROM holds ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id`).all(opts).map(toHold);
  }

  /** Holds on a case corrected after `cutoff`: the minimum period from their correction is not over. */
  caseCorrectionsAfter(caseId: number, cutoff: string): { holdId: number; correctedOn: string }[] {
    return this.db
      .prepare('SELECT h.id AS holdId, hc.corrected_on AS correctedOn FROM hold_corrections hc JOIN holds h ON h.id = hc.hold_id WHERE h.case_id = ? AND hc.corrected_on > ? ORDER BY h.id')
      .all(caseId, cutoff) as { holdId: number; correctedOn: string }[];
  }

  /** Active holds that keep a recording, directly or through any of its cases. */
  holdsKeeping(recordingId: number): Hold[] {
    return this.db
      .prepare(`SELECT ${HOLD_COLUMNS} FROM holds WHERE id IN (SELECT holdId FROM (${HELD_SQL}) WHERE rid = ?) ORDER BY id`)
      .all(recordingId)
      .map(toHold);
  }

  markReleased(holdId: number, at: string): void {
    this.db.prepare('UPDATE holds SET released_at = ? WHERE id = ? AND released_at IS NULL').run(at, holdId);
  }

  release(holdId: number): HoldRelease | undefined {
    return this.db
      .prepare(
        `SELECT hold_id AS holdId, first_by AS firstBy, first_at AS firstAt, first_reason AS firstReason,
                second_by AS secondBy, second_at AS secondAt, second_reason AS secondReason FROM hold_releases WHERE hold_id = ?`,
      )
      .get(holdId) as HoldRelease | undefined;
  }

  signFirst(holdId: number, by: string, at: string, reason: string): void {
    this.db.prepare('INSERT INTO hold_releases (hold_id, first_by, first_at, first_reason) VALUES (?, ?, ?, ?)').run(holdId, by, at, reason);
  }

  signSecond(holdId: number, by: string, at: string, reason: string): void {
    this.db.prepare('UPDATE hold_releases SET second_by = ?, second_at = ?, second_reason = ? WHERE hold_id = ? AND second_by IS NULL').run(by, at, reason, holdId);
  }

  // ---- tombstones

  insertTombstone(t: Omit<Tombstone, 'fileRemovedAt'> & { localDate: string }): void {
    this.db
      .prepare(
        `INSERT INTO tombstones (recording_id, sha256, size, vault_path, local_date, metadata, approved_by, reason, disposed_at)
         VALUES (@recordingId, @sha256, @size, @vaultPath, @localDate, @metadata, @approvedBy, @reason, @disposedAt)`,
      )
      .run({ ...t, metadata: JSON.stringify(t.metadata) });
  }

  tombstone(recordingId: number): Tombstone | undefined {
    const r = this.db
      .prepare(
        `SELECT recording_id AS recordingId, sha256, size, vault_path AS vaultPath, metadata, approved_by AS approvedBy, reason,
                disposed_at AS disposedAt, file_removed_at AS fileRemovedAt FROM tombstones WHERE recording_id = ?`,
      )
      .get(recordingId) as (Omit<Tombstone, 'metadata'> & { metadata: string }) | undefined;
    return r && { ...r, metadata: JSON.parse(r.metadata) as Record<string, unknown> };
  }

  /** Disposals whose file may still be there: a crash came between the tombstone and the unlink. */
  unfinished(): { recordingId: number; vaultPath: string; sha256: string; size: number }[] {
    return this.db
      .prepare('SELECT recording_id AS recordingId, vault_path AS vaultPath, sha256, size FROM tombstones WHERE file_removed_at IS NULL ORDER BY recording_id')
      .all() as { recordingId: number; vaultPath: string; sha256: string; size: number }[];
  }

  markFileRemoved(recordingId: number, at: string): void {
    this.db.prepare('UPDATE tombstones SET file_removed_at = ? WHERE recording_id = ? AND file_removed_at IS NULL').run(at, recordingId);
  }

  isDisposed(recordingId: number): boolean {
    return this.db.prepare('SELECT 1 FROM tombstones WHERE recording_id = ?').get(recordingId) !== undefined;
  }

  // ---- eligibility

  /** Recordings past their period and kept by nothing, oldest first (only those in `scope` when given). */
  eligible(c: Cutoffs, limit: number, scope?: StandingScope): Recording[] {
    const rows = this.db
      .prepare(`SELECT r.* FROM recordings r WHERE r.local_date <= @cutoff AND r.id NOT IN (${excludedSql(c)}) ${scopeSql(scope)} ORDER BY r.local_date, r.id LIMIT @limit`)
      .all({ ...categoryParams(c), ...scopeParams(scope), limit }) as Parameters<typeof rowToRecording>[0][];
    return rows.map(rowToRecording);
  }

  /** How many eligible recordings a standing approval's scope covers. */
  countEligibleIn(c: Cutoffs, scope: StandingScope): number {
    if (scope.kind === 'all') return this.countEligible(c);
    const sql = `SELECT count(*) AS n FROM recordings r WHERE r.local_date <= @cutoff AND r.id NOT IN (${excludedSql(c)}) ${scopeSql(scope)}`;
    return (this.db.prepare(sql).get({ ...categoryParams(c), ...scopeParams(scope) }) as { n: number }).n;
  }

  /**
   * Past the minimum, minus what is disposed, held or inside a category period. Counted as a
   * subtraction so the big part is two index ranges; only the (small) held and category sets are
   * looked up row by row.
   */
  countEligible(c: Cutoffs): number {
    const params = categoryParams(c);
    const old = (this.db.prepare('SELECT count(*) AS n FROM recordings WHERE local_date <= @cutoff').get(params) as { n: number }).n;
    const disposed = (this.db.prepare('SELECT count(*) AS n FROM tombstones WHERE local_date <= @cutoff').get(params) as { n: number }).n;
    const kept = excludedSql({ ...c, withoutTombstones: true });
    const keptLive = (
      this.db
        .prepare(
          `SELECT count(*) AS n FROM recordings r WHERE r.id IN (${kept}) AND r.local_date <= @cutoff
             AND NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.recording_id = r.id)`,
        )
        .get(params) as { n: number }
    ).n;
    return old - disposed - keptLive;
  }

  /** The same question for one recording, asked again inside the disposal transaction. */
  isEligible(recordingId: number, c: Cutoffs, scope?: StandingScope): boolean {
    const category = c.categories.map((_, i) => `(c.category = @cat${i} AND r.local_date > @cut${i})`).join(' OR ');
    const sql = `SELECT 1 FROM recordings r WHERE r.id = @id AND r.local_date <= @cutoff
      AND NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.recording_id = r.id)
      AND NOT EXISTS (SELECT 1 FROM holds h WHERE h.recording_id = r.id AND h.released_at IS NULL)
      AND NOT EXISTS (SELECT 1 FROM case_recordings cr JOIN holds h ON h.case_id = cr.case_id AND h.released_at IS NULL WHERE cr.recording_id = r.id)
      AND r.id NOT IN (SELECT rid FROM (${CORRECTION_FLOOR_SQL})) ${scopeSql(scope)}
      ${category ? `AND NOT EXISTS (SELECT 1 FROM case_recordings cr JOIN cases c ON c.id = cr.case_id WHERE cr.recording_id = r.id AND (${category}))` : ''}`;
    return this.db.prepare(sql).get({ ...categoryParams(c), ...scopeParams(scope), id: recordingId }) !== undefined;
  }

  counts(): { total: number; disposed: number; unfinished: number } {
    return this.db
      .prepare(
        `SELECT (SELECT count(*) FROM recordings) AS total, (SELECT count(*) FROM tombstones) AS disposed,
                (SELECT count(*) FROM tombstones WHERE file_removed_at IS NULL) AS unfinished`,
      )
      .get() as { total: number; disposed: number; unfinished: number };
  }

  /** Live recordings held, in all and per reason (one recording may be held for several reasons). */
  held(): { total: number; byReason: Record<string, number> } {
    // NOT EXISTS probes the tombstone key per held row; NOT IN would build a set of every tombstone.
    const live = `SELECT * FROM (${HELD_SQL}) h WHERE NOT EXISTS (SELECT 1 FROM tombstones t WHERE t.recording_id = h.rid)`;
    const total = (this.db.prepare(`SELECT count(DISTINCT rid) AS n FROM (${live})`).get() as { n: number }).n;
    const rows = this.db.prepare(`SELECT reason, count(DISTINCT rid) AS n FROM (${live}) GROUP BY reason ORDER BY reason`).all() as { reason: string; n: number }[];
    return { total, byReason: Object.fromEntries(rows.map((r) => [r.reason, r.n])) };
  }

  /** Bytes stored by ingest sessions that started on or after `sinceIso`. */
  bytesIngestedSince(sinceIso: string): number {
    return (this.db.prepare('SELECT coalesce(sum(bytes_stored), 0) AS n FROM ingest_sessions WHERE started_at >= ?').get(sinceIso) as { n: number }).n;
  }
}
