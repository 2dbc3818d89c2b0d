/** What an ingest run did: each file's outcome, and the run's summary built from them. */
import type { RecordingFlag } from '../core/types.js';
import type { SessionCounts } from '../adapters/catalog/recording-store.js';
import type { Logger } from '../adapters/logger.js';
import type { ScanResult } from '../adapters/volume-scanner.js';

export type FileOutcome =
  | { kind: 'stored'; sourcePath: string; vaultPath: string; recordingId: number; size: number; sha256: string; flags: RecordingFlag[] }
  | { kind: 'already'; sourcePath: string; vaultPath: string; size: number; recordingId: number }
  | { kind: 'rejected'; sourcePath: string; reason: string }
  | { kind: 'failed'; sourcePath: string; error: string };

export interface IngestSummary {
  sessionId: number;
  source: string;
  deviceNumber: string | null;
  filesSeen: number;
  stored: { files: number; bytes: number };
  already: { files: number; bytes: number };
  flagged: { sourcePath: string; vaultPath: string; flags: RecordingFlag[] }[];
  rejected: { sourcePath: string; reason: string }[];
  skipped: { sourcePath: string; reason: string; detail?: string }[];
  failed: { sourcePath: string; error: string }[];
  /** Why the run stopped early (disk full, stop requested); files not reached stay on the recorder. */
  stoppedEarly: string | null;
  notReached: number;
  otherFiles: number;
  seconds: number;
  /** Copies an interrupted run of this source left, repeating a recording now catalogued: removed (ingest-leftovers.ts). */
  leftoversRemoved?: string[];
}

export function emptySummary(sessionId: number, source: string, deviceNumber: string | null, scan: ScanResult): IngestSummary {
  return {
    sessionId,
    source,
    deviceNumber,
    filesSeen: scan.files.length,
    stored: { files: 0, bytes: 0 },
    already: { files: 0, bytes: 0 },
    flagged: [],
    rejected: [],
    skipped: scan.skipped.map((s) => ({ sourcePath: s.relPath, reason: s.reason, detail: s.detail })),
    failed: [],
    stoppedEarly: null,
    notReached: 0,
    otherFiles: scan.otherFiles,
    seconds: 0,
  };
}

export function tally(summary: IngestSummary, o: FileOutcome): void {
  switch (o.kind) {
    case 'stored':
      summary.stored.files++;
      summary.stored.bytes += o.size;
      if (o.flags.length) summary.flagged.push({ sourcePath: o.sourcePath, vaultPath: o.vaultPath, flags: o.flags });
      break;
    case 'already':
      summary.already.files++;
      summary.already.bytes += o.size;
      break;
    case 'rejected':
      summary.rejected.push({ sourcePath: o.sourcePath, reason: o.reason });
      break;
    case 'failed':
      summary.failed.push({ sourcePath: o.sourcePath, error: o.error });
      break;
  }
}

/** One log line per file, for the daemon's journal. */
export function logOutcome(log: Logger, sessionId: number, o: FileOutcome): void {
  switch (o.kind) {
    case 'stored':
      log.info({ sessionId, source: o.sourcePath, vaultPath: o.vaultPath, sha256: o.sha256, size: o.size, flags: o.flags }, 'stored');
      break;
    case 'already':
      log.debug({ sessionId, source: o.sourcePath, vaultPath: o.vaultPath }, 'already in the vault');
      break;
    case 'rejected':
      log.warn({ sessionId, source: o.sourcePath, reason: o.reason }, 'file name rejected');
      break;
    case 'failed':
      log.error({ sessionId, source: o.sourcePath, err: o.error }, 'not stored: the file stays on the recorder');
      break;
  }
}

/** Footage that stayed on the source: failed, refused names, unreadable files. A symlink or a device node is not footage. */
export function leftBehind(s: IngestSummary): { sourcePath: string; why: string }[] {
  return [
    ...s.failed.map((f) => ({ sourcePath: f.sourcePath, why: f.error })),
    ...s.rejected.map((r) => ({ sourcePath: r.sourcePath, why: `name refused: ${r.reason}` })),
    ...s.skipped.filter((k) => k.reason === 'unreadable').map((k) => ({ sourcePath: k.sourcePath, why: `unreadable${k.detail ? `: ${k.detail}` : ''}` })),
  ];
}

/** Anything left on the source, or the run stopped early: the run failed, and says what stayed. */
export const incomplete = (s: IngestSummary): boolean => leftBehind(s).length > 0 || s.stoppedEarly !== null || s.notReached > 0;

/** The session row's status: a stop that was asked for is an interruption, any other a failure. */
export function sessionStatus(s: IngestSummary, stopRequested: boolean): 'done' | 'failed' | 'interrupted' {
  if (!s.stoppedEarly) return 'done';
  return stopRequested ? 'interrupted' : 'failed';
}

export function sessionCounts(s: IngestSummary): SessionCounts {
  return { filesStored: s.stored.files, bytesStored: s.stored.bytes, filesAlready: s.already.files, filesFailed: leftBehind(s).length + s.notReached };
}

/** At most this many files left behind are named in one trail entry; the session row keeps them all. */
const NAMED_IN_TRAIL = 500;

/** The `ingest.finish` audit entry's details: every file left on the source is named. */
export function finishDetails(s: IngestSummary): Record<string, unknown> {
  const left = leftBehind(s);
  return {
    left: left.slice(0, NAMED_IN_TRAIL),
    ...(left.length > NAMED_IN_TRAIL ? { leftNotNamedHere: left.length - NAMED_IN_TRAIL } : {}),
    sessionId: s.sessionId,
    stored: s.stored,
    already: s.already,
    flagged: s.flagged.length,
    rejected: s.rejected.length,
    failed: s.failed.length,
    notReached: s.notReached,
    stoppedEarly: s.stoppedEarly,
    ...(s.leftoversRemoved?.length ? { leftoversRemoved: s.leftoversRemoved } : {}),
  };
}
