/**
 * SQL for archive sets: the sets, their bags, and which set holds each recording. A quarter has two
 * series: the final one (sets 2026Q3, 2026Q3-S1 …, series key "2026Q3") and the provisional one (sets
 * made before the quarter ended, series key "2026Q3-provisional"); the key is this store's business alone.
 */
import type { Recording } from '../../core/types.js';
import type { Db } from './database.js';
import { rowToRecording } from './recording-store.js';

export type ExportStatus = 'building' | 'complete';

export interface ExportSet {
  id: string;
  /** The quarter, e.g. 2026Q3, for either series. */
  quarter: string;
  /** Made before the quarter ended (--before-end): never the quarter's final set. */
  provisional: boolean;
  supplement: number;
  bagCount: number;
  maxBagSize: number | null;
  status: ExportStatus;
  startedAt: string;
  finishedAt: string | null;
}

export interface ExportBag {
  setId: string;
  bagIndex: number;
  status: ExportStatus;
  destination: string | null;
  dirName: string;
  files: number;
  bytes: number;
  manifestSha256: string | null;
  chainSeq: number | null;
  chainHash: string | null;
  finishedAt: string | null;
}

interface SetRow {
  id: string;
  quarter: string;
  supplement: number;
  bag_count: number;
  max_bag_size: number | null;
  status: ExportStatus;
  started_at: string;
  finished_at: string | null;
  provisional: number;
}
interface BagRow {
  set_id: string;
  bag_index: number;
  status: ExportStatus;
  destination: string | null;
  dir_name: string;
  files: number;
  bytes: number;
  manifest_sha256: string | null;
  chain_seq: number | null;
  chain_hash: string | null;
  finished_at: string | null;
}

const PROVISIONAL_SERIES = '-provisional';

/** The series a set belongs to, as export_sets.quarter and export_members.quarter hold it. */
const seriesOf = (quarter: string, provisional: boolean) => (provisional ? quarter + PROVISIONAL_SERIES : quarter);

const toSet = (r: SetRow): ExportSet => ({
  id: r.id,
  quarter: r.provisional ? r.quarter.slice(0, -PROVISIONAL_SERIES.length) : r.quarter,
  provisional: r.provisional === 1,
  supplement: r.supplement,
  bagCount: r.bag_count,
  maxBagSize: r.max_bag_size,
  status: r.status,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});
const toBag = (r: BagRow): ExportBag => ({
  setId: r.set_id,
  bagIndex: r.bag_index,
  status: r.status,
  destination: r.destination,
  dirName: r.dir_name,
  files: r.files,
  bytes: r.bytes,
  manifestSha256: r.manifest_sha256,
  chainSeq: r.chain_seq,
  chainHash: r.chain_hash,
  finishedAt: r.finished_at,
});

export interface NewSet {
  set: Omit<ExportSet, 'status' | 'finishedAt'>;
  bags: { dirName: string; recordings: Recording[] }[];
}

export class ExportStore {
  constructor(private readonly db: Db) {}

  /** The sets of one series of a quarter: the final one, or the provisional one. */
  setsOf(quarter: string, provisional = false): ExportSet[] {
    return (
      this.db.prepare('SELECT * FROM export_sets WHERE quarter = ? AND provisional = ? ORDER BY supplement').all(seriesOf(quarter, provisional), provisional ? 1 : 0) as SetRow[]
    ).map(toSet);
  }

  bags(setId: string): ExportBag[] {
    return (this.db.prepare('SELECT * FROM export_bags WHERE set_id = ? ORDER BY bag_index').all(setId) as BagRow[]).map(toBag);
  }

  /** Recordings whose local date falls in [from, until) and that no set of this series holds yet. */
  unexported(quarter: string, provisional: boolean, fromDate: string, untilDate: string): Recording[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM recordings WHERE local_date >= ? AND local_date < ?
           AND id NOT IN (SELECT recording_id FROM export_members WHERE quarter = ?)
         ORDER BY vault_path`,
      )
      .all(fromDate, untilDate, seriesOf(quarter, provisional)) as Parameters<typeof rowToRecording>[0][];
    return rows.map(rowToRecording);
  }

  countInQuarter(fromDate: string, untilDate: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM recordings WHERE local_date >= ? AND local_date < ?').get(fromDate, untilDate) as { n: number }).n;
  }

  /** Recordings of the quarter that no complete final set holds (a building or provisional set does not count). */
  countNotInCompleteSet(quarter: string, fromDate: string, untilDate: string): number {
    return (
      this.db
        .prepare(
          `SELECT count(*) AS n FROM recordings WHERE local_date >= ? AND local_date < ?
             AND id NOT IN (SELECT m.recording_id FROM export_members m JOIN export_sets s ON s.id = m.set_id
                            WHERE m.quarter = ? AND s.status = 'complete' AND s.provisional = 0)`,
        )
        .get(fromDate, untilDate, quarter) as { n: number }
    ).n;
  }

  members(setId: string, bagIndex: number): Recording[] {
    const rows = this.db
      .prepare(
        `SELECT r.* FROM export_members m JOIN recordings r ON r.id = m.recording_id
         WHERE m.set_id = ? AND m.bag_index = ? ORDER BY r.vault_path`,
      )
      .all(setId, bagIndex) as Parameters<typeof rowToRecording>[0][];
    return rows.map(rowToRecording);
  }

  /**
   * Take the building set for the process `token` names, in one write transaction: null when taken,
   * else the token of the live process building it now (a holder that died no longer counts).
   */
  claim(setId: string, token: string, alive: (token: string) => boolean): string | null {
    return this.db
      .transaction(() => {
        const row = this.db.prepare('SELECT held_by AS heldBy FROM export_sets WHERE id = ?').get(setId) as { heldBy: string | null } | undefined;
        if (row?.heldBy && row.heldBy !== token && alive(row.heldBy)) return row.heldBy;
        this.db.prepare('UPDATE export_sets SET held_by = ? WHERE id = ?').run(token, setId);
        return null;
      })
      .immediate();
  }

  /** Let go of a set this process was building (finished, refused or failed). */
  release(setId: string, token: string): void {
    this.db.prepare('UPDATE export_sets SET held_by = NULL WHERE id = ? AND held_by = ?').run(setId, token);
  }

  /** The set (held by `heldBy`), its bags and its members in one go (the caller's transaction makes it atomic). */
  create({ set, bags }: NewSet, heldBy: string): void {
    this.db
      .prepare(
        `INSERT INTO export_sets (id, quarter, provisional, supplement, bag_count, max_bag_size, status, started_at, held_by)
         VALUES (@id, @series, @provisional, @supplement, @bagCount, @maxBagSize, 'building', @startedAt, @heldBy)`,
      )
      .run({ ...set, series: seriesOf(set.quarter, set.provisional), provisional: set.provisional ? 1 : 0, heldBy });
    const bag = this.db.prepare(
      `INSERT INTO export_bags (set_id, bag_index, status, dir_name, files, bytes) VALUES (?, ?, 'building', ?, ?, ?)`,
    );
    const member = this.db.prepare('INSERT INTO export_members (quarter, recording_id, set_id, bag_index) VALUES (?, ?, ?, ?)');
    bags.forEach((b, i) => {
      bag.run(set.id, i + 1, b.dirName, b.recordings.length, b.recordings.reduce((n, r) => n + r.size, 0));
      for (const r of b.recordings) member.run(seriesOf(set.quarter, set.provisional), r.id, set.id, i + 1);
    });
  }

  /**
   * Where a bag is being written (its `.partial` folder is there): what a classification made while
   * it is unfinished reaches (R14). Set again by a run that goes on writing it somewhere else; every
   * folder it was written in is kept (export_bag_places).
   */
  startBag(setId: string, bagIndex: number, destination: string): void {
    this.db.transaction(() => {
      this.db.prepare("UPDATE export_bags SET destination = ? WHERE set_id = ? AND bag_index = ? AND status = 'building'").run(destination, setId, bagIndex);
      this.notePlace(setId, bagIndex, destination);
    }).immediate();
  }

  /** Every folder a bag was ever written in: a resume elsewhere leaves a .partial behind in the first. */
  private notePlace(setId: string, bagIndex: number, destination: string): void {
    this.db.prepare('INSERT OR IGNORE INTO export_bag_places (set_id, bag_index, destination) VALUES (?, ?, ?)').run(setId, bagIndex, destination);
  }

  completeBag(b: Pick<ExportBag, 'setId' | 'bagIndex' | 'destination' | 'manifestSha256' | 'chainSeq' | 'chainHash' | 'finishedAt'>): void {
    this.db
      .prepare(
        `UPDATE export_bags SET status = 'complete', destination = @destination, manifest_sha256 = @manifestSha256,
           chain_seq = @chainSeq, chain_hash = @chainHash, finished_at = @finishedAt
         WHERE set_id = @setId AND bag_index = @bagIndex`,
      )
      .run(b);
    if (b.destination !== null) this.notePlace(b.setId, b.bagIndex, b.destination);
    const left = this.db.prepare("SELECT count(*) AS n FROM export_bags WHERE set_id = ? AND status <> 'complete'").get(b.setId) as { n: number };
    if (left.n === 0) {
      this.db.prepare("UPDATE export_sets SET status = 'complete', finished_at = ? WHERE id = ?").run(b.finishedAt, b.setId);
    }
  }

  /** Where complete bags were written (for `repair` to look in), oldest first. */
  placedBags(): { destination: string; dirName: string }[] {
    return this.db
      .prepare("SELECT destination, dir_name AS dirName FROM export_bags WHERE status = 'complete' AND destination IS NOT NULL ORDER BY finished_at, set_id, bag_index")
      .all() as { destination: string; dirName: string }[];
  }

  /** The sets holding a recording (a final and a provisional one at most per quarter). */
  setHolding(recordingId: number): { quarter: string; provisional: boolean; setId: string; bagIndex: number }[] {
    const rows = this.db
      .prepare(
        `SELECT s.quarter, s.provisional, m.set_id AS setId, m.bag_index AS bagIndex
           FROM export_members m JOIN export_sets s ON s.id = m.set_id WHERE m.recording_id = ?`,
      )
      .all(recordingId) as { quarter: string; provisional: number; setId: string; bagIndex: number }[];
    return rows.map((r) => ({ ...r, quarter: r.provisional ? r.quarter.slice(0, -PROVISIONAL_SERIES.length) : r.quarter, provisional: r.provisional === 1 }));
  }
}
