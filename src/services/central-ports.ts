/**
 * What the central catalogue's services need from the outside, declared here by the code that uses
 * it: the bucket read as a list and a read (src/adapters/central-store.ts), and PostgreSQL's tables
 * (src/adapters/central-db*.ts). Wiring (src/wiring/central.ts) hands them in.
 */
import type { CentralIndexTables } from '../adapters/central-db-index.js';
import type { CentralQueries } from '../adapters/central-db-queries.js';

/** One object as a listing gives it: the latest version of its key. */
export interface ListedObject {
  key: string;
  etag: string;
  size: number;
}

/** Every version of a key the store holds (delete markers left out). */
export interface ListedVersion {
  key: string;
  etag: string;
  versionId: string | null;
  isLatest: boolean;
  size: number;
}

export interface ObjectText {
  text: string;
  etag: string;
  versionId: string | null;
  size: number;
  /** Larger than the reader's limit: not read (`text` empty), whatever the listing said of its size. */
  tooLarge?: boolean;
}

/**
 * The most the index reads of one object: far beyond what a station writes (a metadata object or a
 * descriptor is a few KB; a trail segment of 20,000 entries some MB; a digest MAX_DIGEST_BYTES), far
 * below what would exhaust the index's memory. Checked on the answer itself, since an object can be
 * replaced between the listing and the read.
 */
export const MAX_SMALL_OBJECT_BYTES = 4 * 1024 * 1024;
export const MAX_SEGMENT_BYTES = 256 * 1024 * 1024;

/** The bucket, read only. */
export interface BucketReader {
  /** The names under `stations/` (each a `stations/<name>/` prefix). */
  stationNames(): Promise<string[]>;
  /** The latest version of every key under `prefix`, a page at a time in key order. */
  pages(prefix: string): AsyncIterable<ListedObject[]>;
  /** Every version of every key under `prefix`, and the keys whose latest version is a delete marker. */
  versions(prefix: string): Promise<{ versions: ListedVersion[]; deletedKeys: string[] }>;
  /** A key's latest version, up to `maxBytes` (a larger one comes back `tooLarge`, unread); null when it is gone since it was listed. */
  read(key: string, maxBytes: number): Promise<ObjectText | null>;
}

/** The record of the index runs and the lock that keeps them one at a time. */
export interface IndexRunLog {
  lockIndex(): Promise<boolean>;
  unlockIndex(): Promise<void>;
  startRun(r: { osAccount: string; startedAt: string; what: string }): Promise<number>;
  finishRun(id: number, r: { finishedAt: string; outcome: 'ok' | 'findings' | 'failed' | 'refused'; details: unknown; error: string | null }): Promise<void>;
  recordRefusedRun(r: { osAccount: string; at: string; what: string; error: string }): Promise<void>;
}

export type IndexTables = Pick<
  CentralIndexTables,
  'knownEtags' | 'touchStation' | 'saveDescriptor' | 'saveProblems' | 'saveRecordings' | 'segments' | 'saveSegments' | 'trailEntriesAgree' | 'markSegmentsPresent' | 'rewrites' | 'saveTrailStatus' | 'stationTotals'
>;

export type ReportQueries = Pick<CentralQueries, 'stationNames' | 'stations' | 'activity' | 'officers' | 'search'>;

/** Where a run's outcome goes besides PostgreSQL: pino to stderr, the journal under systemd. */
export interface RunLogger {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
  error(fields: Record<string, unknown>, msg: string): void;
}
