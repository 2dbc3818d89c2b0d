/**
 * The catalogue commit of placed copies: a group of them in one transaction, each with its own row
 * and its own `ingest.file` entry, the trail file flushed once (commit-group.ts). A copy is reported
 * stored only after its group committed. A copy whose twin (same bytes, same recorder) was committed
 * first, by this very run or another, is not catalogued twice: it is reported as stored already and
 * its extra copy removed (by the caller, which placed it).
 */
import type { NewRecording } from '../adapters/catalog/recording-store.js';
import type { AuditTrail } from './audit-trail.js';
import { alreadyStored, type SourceContext } from './already-stored.js';
import type { RecordingCatalog, SourceCustody } from './ingest-ports.js';
import type { UnitClock } from '../core/unit-clock.js';

/** A copy placed, sealed and read back, waiting for its row. */
export interface PlacedCopy {
  sessionId: number;
  vaultPath: string;
  row: Omit<NewRecording, 'vaultPath' | 'ingestedAt'>;
  known: SourceContext;
  /** The details of its `ingest.file` entry. */
  details: Record<string, unknown>;
  /** The temp name of the copy read back (the same file as `vaultPath` until the commit); null: an orphan adopted. */
  tmp: string | null;
}

export type CommitResult = { kind: 'stored'; recordingId: number } | { kind: 'twin'; recordingId: number; vaultPath: string; size: number };

export class IngestCommits {
  constructor(
    private readonly deps: {
      recordings: RecordingCatalog;
      custody: SourceCustody;
      audit: Pick<AuditTrail, 'runMany' | 'insertInTransaction'>;
      clock: UnitClock;
      /** Runs a transaction of many small writes the cheaper way (the catalogue's temp files in memory); default: as it is. */
      smallWrites?: <T>(fn: () => T) => T;
    },
  ) {}

  /** One transaction for the group; the trail file gets all its entries with one flush. */
  commitAll(copies: readonly PlacedCopy[]): CommitResult[] {
    return this.smallWrites(() => this.deps.audit.runMany(() => copies.map((c) => this.commitInTransaction(c))));
  }

  /** One copy on its own (its group failed): a failure is recorded as this file's failed entry. */
  commitOne(c: PlacedCopy): CommitResult {
    return this.smallWrites(() => this.deps.audit.runMany(() => this.commitInTransaction(c), { action: 'ingest.file', target: c.vaultPath, details: c.details }));
  }

  private smallWrites<T>(fn: () => T): T {
    return this.deps.smallWrites ? this.deps.smallWrites(fn) : fn();
  }

  private commitInTransaction(c: PlacedCopy): CommitResult {
    const { recordings, custody, clock, audit } = this.deps;
    const twin = alreadyStored(recordings.sameNameAndSize(c.row.originalName, c.row.size), c.row.sha256, c.known);
    custody.releasePlacement(c.vaultPath, c.sessionId);
    // No entry for a twin: nothing is catalogued, as for any file found stored already (ingest.finish counts it).
    if (twin) return { kind: 'twin', recordingId: twin.id, vaultPath: twin.vaultPath, size: twin.size };
    const recordingId = recordings.insert({ ...c.row, vaultPath: c.vaultPath, ingestedAt: clock.nowIso() });
    audit.insertInTransaction({ action: 'ingest.file', target: c.vaultPath, details: { ...c.details, recordingId } });
    return { kind: 'stored', recordingId };
  }
}
