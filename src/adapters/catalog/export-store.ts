/** SQL for archive sets: the sets, their bags, and which set holds each recording. */
import type { Recording } from '../../core/types.js';
import type { Db } from './database.js';
import { rowToRecording } from './recording-store.js';

export type ExportStatus = 'building' | 'complete';

export interface ExportSet {
  id: string;
  quarter: string;
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

const toSet = (r: SetRow): ExportSet => ({
  id: r.id,
  quarter: r.quarter,
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

  setsOf(quarter: string): ExportSet[] {
    return (this.db.prepare('SELECT * FROM export_sets WHERE quarter = ? ORDER BY supplement').all(quarter) as SetRow[]).map(toSet);
  }

  bags(setId: string): ExportBag[] {
    return (this.db.prepare('SELECT * FROM export_bags WHERE set_id = ? ORDER BY bag_index').all(setId) as BagRow[]).map(toBag);
  }

  /** Recordings whose local date falls in [from, until) and that no set of this series holds yet. */
  unexported(quarter: string, fromDate: string, untilDate: string): Recording[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM recordings WHERE local_date >= ? AND local_date < ?
           AND id NOT IN (SELECT recording_id FROM export_members WHERE quarter = ?)
         ORDER BY vault_path`,
      )
      .all(fromDate, untilDate, quarter) as Parameters<typeof rowToRecording>[0][];
    return rows.map(rowToRecording);
  }

  countInQuarter(fromDate: string, untilDate: string): number {
    return (this.db.prepare('SELECT count(*) AS n FROM recordings WHERE local_date >= ? AND local_date < ?').get(fromDate, untilDate) as { n: number }).n;
  }

  /** Recordings of the quarter that no complete set holds (a building set does not count yet). */
  countNotInCompleteSet(quarter: string, fromDate: string, untilDate: string): number {
    return (
      this.db
        .prepare(
          `SELECT count(*) AS n FROM recordings WHERE local_date >= ? AND local_date < ?
             AND id NOT IN (SELECT m.recording_id FROM export_members m JOIN export_sets s ON s.id = m.set_id
                            WHERE m.quarter = ? AND s.status = 'complete')`,
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

  /** The set, its bags and its members in one go (the caller's transaction makes it atomic). */
  create({ set, bags }: NewSet): void {
    this.db
      .prepare(
        `INSERT INTO export_sets (id, quarter, supplement, bag_count, max_bag_size, status, started_at)
         VALUES (@id, @quarter, @supplement, @bagCount, @maxBagSize, 'building', @startedAt)`,
      )
      .run(set);
    const bag = this.db.prepare(
      `INSERT INTO export_bags (set_id, bag_index, status, dir_name, files, bytes) VALUES (?, ?, 'building', ?, ?, ?)`,
    );
    const member = this.db.prepare('INSERT INTO export_members (quarter, recording_id, set_id, bag_index) VALUES (?, ?, ?, ?)');
    bags.forEach((b, i) => {
      bag.run(set.id, i + 1, b.dirName, b.recordings.length, b.recordings.reduce((n, r) => n + r.size, 0));
      for (const r of b.recordings) member.run(set.quarter, r.id, set.id, i + 1);
    });
  }

  completeBag(b: Pick<ExportBag, 'setId' | 'bagIndex' | 'destination' | 'manifestSha256' | 'chainSeq' | 'chainHash' | 'finishedAt'>): void {
    this.db
      .prepare(
        `UPDATE export_bags SET status = 'complete', destination = @destination, manifest_sha256 = @manifestSha256,
           chain_seq = @chainSeq, chain_hash = @chainHash, finished_at = @finishedAt
         WHERE set_id = @setId AND bag_index = @bagIndex`,
      )
      .run(b);
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

  /** Which set of a series holds a recording, if any. */
  setHolding(recordingId: number): { quarter: string; setId: string; bagIndex: number }[] {
    return this.db
      .prepare('SELECT quarter, set_id AS setId, bag_index AS bagIndex FROM export_members WHERE recording_id = ?')
      .all(recordingId) as { quarter: string; setId: string; bagIndex: number }[];
  }
}
