/** What a check of the stored files is asked and what it answers (verify.ts runs it). */
import type { VerifyProblem } from '../core/types.js';
import type { RecordingFilter } from '../adapters/catalog/recording-store.js';
import type { Progress } from '../core/progress.js';
import type { IdRanges } from '../core/custody-report-ranges.js';

export interface VerifyReport {
  checked: number;
  ok: boolean;
  bytes: number;
  /** How many findings were reported (each went to `onProblem` as it was found). */
  problemCount: number;
  /** Findings by kind. */
  problemCounts: Record<string, number>;
  /** The first findings (at most RECORDED_PROBLEMS), in the order found: what the trail entry names. */
  firstProblems: VerifyProblem[];
  seconds: number;
  /** `evidence-vault repair ID…` for the damaged or missing recordings found, else null. */
  repair: string[] | null;
  /** Why the check itself is not on the record (a full disk), else null. */
  notRecorded: string | null;
  /** Uncatalogued copies an ingest that was killed had placed: not tampering; its source's next ingest adopts them. */
  interrupted: InterruptedCopy[];
  /** The recordings re-hashed, as runs of ids (the chain of custody reads them from the trail). */
  checkedIds: IdRanges;
}

/** Hears each finding once it is confirmed, as the check goes: nothing holds the whole list. */
export type ProblemSink = (p: VerifyProblem) => void | Promise<void>;

export interface InterruptedCopy {
  vaultPath: string;
  sessionId: number;
  sourceRoot: string;
}

/** What a check asks about a file in the vault that has no catalogue row. */
export interface CopiesInFlight {
  /** A copy a live ingest is still placing (linked, not yet committed). */
  beingPlaced(absPath: string): Promise<boolean>;
  /** A copy whose ingest died between placing it and committing its row (its placement claim is stale). */
  leftBehind(vaultPath: string): InterruptedCopy | null;
}

/** The file-system look-ups a check makes itself: a folder's entries, and whether anything is at a path. */
export interface VerifyFiles {
  /** The entries of a folder, links not followed (a link is an entry, not a folder). */
  readFolder(dir: string): Promise<{ name: string; isDirectory(): boolean }[]>;
  /** True only when nothing is at the path (lstat: ENOENT); the worker reading it says anything else. */
  isAbsent(absPath: string): boolean;
  /** A regular file that can be written (a stored file is sealed read-only). */
  isWritable(absPath: string): boolean;
}

export interface VerifyRequest {
  filter?: RecordingFilter;
  /** Also look for files in the tree that nothing catalogued (only meaningful over the whole vault). */
  findUnexpected: boolean;
  progress?: Progress;
  /** Extra folder names (relative to the footage root's day folders) that are derived views, not footage. */
  isDerivedPath?: (relPath: string) => boolean;
  /** Each confirmed finding, as found: catalogued files in id order, then files nothing catalogued. */
  onProblem?: ProblemSink;
}
