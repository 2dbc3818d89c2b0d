/**
 * One file of an ingest run: stream copy + SHA-256 → fsync → link into its day folder (never
 * overwriting) → fsync folder → read back and compare → read-only → catalogue row and audit entry in
 * one transaction. A copy that cannot be trusted is redone from the source; a full vault stops the run.
 * Small files take the same steps in batches (ingest-batch.ts), and go on here when one leaves them.
 */
import { errorCode, errorMessage } from '../core/errors.js';
import { PROBE_HEAD_BYTES } from '../core/types.js';
import { recordingFolder, resolveInVault } from '../core/vault-layout.js';
import type { HashResult } from '../adapters/durable-file.js';
import type { ReadCheck } from '../adapters/read-check.js';
import { FileJobError } from '../core/errors.js';
import type { SourceFile } from '../adapters/volume-scanner.js';
import type { IngestDeps, StagingSpace } from './ingest-ports.js';
import type { FileOutcome } from './ingest-summary.js';
import { placeWithoutOverwrite, ReadBackMismatch } from './vault-placement.js';
import { alreadyStored } from './already-stored.js';
import type { CommitGroup } from './commit-group.js';
import type { CommitResult, PlacedCopy } from './ingest-commit.js';
import { isPrepared, prepareFile, recordingOf, type FileCopy, type PrepareSettings, type RunFacts } from './ingest-prepare.js';

/** Vault-side errors that will not go away by trying the next file. */
const FATAL_VAULT_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'SQLITE_FULL']);
const MAX_ATTEMPTS = 3;

/** The vault cannot take more: the run stops, what was not stored stays on the recorder. */
export class StopIngest extends Error {}
class SourceChanged extends Error {}
/** The day folder this run had made went away (deleted by hand): made again by the next attempt. */
class FolderGone extends Error {}

/** What every file of one ingest session shares. */
export interface IngestRun extends RunFacts {
  /** The source's identity (its key) and its quarantine folder's name (its tag). */
  source: { key: string; tag: string; realPath: string };
  staging: StagingSpace;
  /** Vault paths taken by files in flight, not catalogued yet. */
  reserved: Set<string>;
  /** Day folders this run has made durable (or found): not asked again for every file. */
  folders: Set<string>;
  /** Placed copies wait here to be catalogued with their group. */
  commits: CommitGroup<PlacedCopy, CommitResult>;
}

/** A copy placed and waiting for its group's catalogue commit: its outcome comes with that commit. */
export interface PlacedOutcome {
  kind: 'placed';
  committed: Promise<FileOutcome>;
}

export class FileIngest {
  constructor(
    private readonly settings: PrepareSettings & { vaultRoot: string },
    private readonly deps: IngestDeps,
  ) {}

  /** The file's name, recorder and flags (prepareFile), or its rejection. */
  prepare(run: IngestRun, file: SourceFile, onBytes: (n: number) => void): FileCopy | FileOutcome {
    return prepareFile(run, file, onBytes, this.settings, this.deps);
  }

  async ingest(run: IngestRun, file: SourceFile, onBytes: (n: number) => void): Promise<FileOutcome | PlacedOutcome> {
    const prepared = this.prepare(run, file, onBytes);
    if (!isPrepared(prepared)) return prepared;
    // Same name and size stored before: hash the source to know whether it is this very recording.
    const candidates = this.deps.recordings.sameNameAndSize(file.name, file.size);
    if (candidates.length) {
      const source = await this.deps.workers.hash(file.absPath, undefined, { lane: run.source.key }).catch((err) => {
        throw new Error(`read ${file.relPath}: ${errorMessage(err)}`);
      });
      const same = alreadyStored(candidates, source.sha256, prepared.known);
      if (same) return { kind: 'already', sourcePath: file.relPath, vaultPath: same.vaultPath, size: same.size, recordingId: same.id };
    }
    return this.copy(run, prepared);
  }

  /**
   * Copy, place and hand over for the commit, redoing a copy that cannot be trusted from the source.
   * `attempt`: the first attempt's number (a batch's copy that failed was the first).
   */
  async copy(run: IngestRun, copy: FileCopy, attempt = 1): Promise<FileOutcome | PlacedOutcome> {
    for (; ; attempt++) {
      try {
        return await this.copyOnce(run, copy);
      } catch (err) {
        if (!this.redo(err, attempt)) throw err;
        this.deps.log.warn({ source: copy.file.relPath, attempt, err: errorMessage(err) }, 'copy not trusted: redoing it from the source');
      }
    }
  }

  /** Whether a failed copy is redone from the source; a full vault stops the run (throws StopIngest). */
  redo(err: unknown, attempt: number): boolean {
    const code = errorCode(err);
    if (code && FATAL_VAULT_ERRORS.has(code)) throw new StopIngest(stopMessage(code, this.settings.vaultRoot));
    // A failed fsync or a bad read-back means this copy is not trustworthy: redo it from the source.
    const redo = (err instanceof FileJobError && err.fsyncFailed) || err instanceof ReadBackMismatch || err instanceof SourceChanged || err instanceof FolderGone;
    return redo && attempt < MAX_ATTEMPTS;
  }

  private async copyOnce(run: IngestRun, c: FileCopy): Promise<FileOutcome | PlacedOutcome> {
    const { file } = c;
    const tmp = run.staging.tempPath();
    let handedOver = false;
    let copied: HashResult & { head?: Uint8Array; sourceSizeAfter?: number | null };
    try {
      // A small file's head comes back with the copy: the probe of a photo reads no file.
      // The source's own lane: a recorder whose reads hang holds up no other recorder's copies.
      copied = await this.deps.workers.copy(file.absPath, tmp, c.onBytes, { headBytes: PROBE_HEAD_BYTES, lane: run.source.key, named: true });
    } catch (err) {
      throw annotate(err, `copy ${file.relPath}`);
    }
    try {
      const now = copied.sourceSizeAfter !== undefined ? copied.sourceSizeAfter : await this.deps.volumes.sizeNow(file.absPath);
      if (now !== null && now !== copied.size) throw sourceChanged(file, copied.size, now);

      // Stored under another name by an earlier run (e.g. before a rename on the recorder)? Same bytes, same recorder.
      const twin = alreadyStored(this.deps.recordings.sameNameAndSize(file.name, copied.size), copied.sha256, c.known);
      if (twin) return { kind: 'already', sourcePath: file.relPath, vaultPath: twin.vaultPath, size: twin.size, recordingId: twin.id };

      const row = recordingOf(run, c, copied, await this.deps.probe.probe(tmp, copied.head), this.settings, this.deps);
      const folder = await this.dayFolder(run, row.localDate, c.device);
      const outcome = await this.place(run, c, tmp, copied, row, folder);
      handedOver = true;
      return outcome;
    } finally {
      if (!handedOver) await run.staging.discard(tmp);
    }
  }

  /**
   * Place a copy (fsynced, its row made) under the first free name of its folder and hand it over for
   * its group's commit; the caller discards the temp file when this throws.
   */
  async place(run: IngestRun, c: FileCopy, tmp: string, copied: HashResult & { check?: ReadCheck }, row: PlacedCopy['row'], folder: string): Promise<PlacedOutcome> {
    const { custody } = this.deps;
    const placement = {
      vaultRoot: this.settings.vaultRoot,
      claim: (rel: string) => custody.claimPlacement(rel, run.sessionId),
      release: (rel: string) => custody.releasePlacement(rel, run.sessionId),
      workers: this.deps.workers,
      files: this.deps.vaultFiles,
      log: this.deps.log,
      reserved: run.reserved,
      // The day folder is fsynced once per commit group, before the group's catalogue commit.
      syncDir: false,
      lane: run.source.key,
    };
    const { vaultPath, adopted, readBack } = await placeWithoutOverwrite(placement, { tmp, folder, name: c.safeName, sha256: copied.sha256, size: copied.size, check: copied.check }).catch((err) => {
      if (errorCode(err) !== 'ENOENT') throw err;
      throw this.folderGone(run, folder, c.file, err);
    });
    return this.handOver(run, { sessionId: run.sessionId, vaultPath, row, known: c.known, details: entryDetails(run, c, row, readBack), tmp: adopted ? null : tmp }, adopted, tmp);
  }

  /** The day folder of a recording, made durable once per run: a recorder's files share a handful of them. */
  async dayFolder(run: IngestRun, localDate: string, device: string | null): Promise<string> {
    const folder = recordingFolder(localDate, device, run.source.tag);
    if (!run.folders.has(folder)) {
      await this.deps.vaultFiles.ensureDir(this.settings.vaultRoot, folder);
      run.folders.add(folder);
    }
    return folder;
  }

  /** A day folder found gone while a copy was placed in it: made again by the copy's next attempt. */
  folderGone(run: IngestRun, folder: string, file: SourceFile, err: unknown): Error {
    run.folders.delete(folder);
    return new FolderGone(`${folder} went away while ${file.relPath} was being placed: ${errorMessage(err)}`);
  }

  /**
   * From here the copy waits for its group's commit; the temp name (which tells a check the copy is
   * in flight), the name's claim and its reservation are let go only once that commit is over. The
   * commit releases the claim in its own transaction; a commit that failed leaves it to be let go here.
   */
  handOver(run: IngestRun, placedCopy: PlacedCopy, adopted: boolean, tmp: string): PlacedOutcome {
    const placed = placedCopy.vaultPath;
    const committed = this.commitPlaced(run, placedCopy, adopted, placedCopy.row.sourcePath)
      .catch((err: unknown) => {
        this.deps.custody.releasePlacement(placed, run.sessionId);
        throw err;
      })
      .finally(async () => {
        run.reserved.delete(placed);
        await run.staging.discard(tmp);
      });
    // Its lane takes the outcome once the rest of a batch is through: a commit may fail before then.
    committed.catch(() => undefined);
    return { kind: 'placed', committed };
  }

  /**
   * The catalogue commit of a placed copy, with its group. When it fails (a full catalogue disk), the
   * copy this attempt linked is removed again: a file in the vault with no row would look stored. The
   * recorder keeps its file, so nothing is lost; an adopted orphan is left for the next run, as it was
   * found. A copy whose twin was catalogued first (adopted or not) is removed and reported as stored already.
   */
  private async commitPlaced(run: IngestRun, placedCopy: PlacedCopy, adopted: boolean, sourcePath: string): Promise<FileOutcome> {
    const remove = () => (adopted ? Promise.resolve() : this.deps.vaultFiles.removeUnsealed(resolveInVault(this.settings.vaultRoot, placedCopy.vaultPath)).catch(() => undefined));
    let result: CommitResult;
    try {
      result = await run.commits.add(placedCopy);
    } catch (err) {
      await remove();
      // The folder may be what failed (deleted, swapped): the run's next copy there checks it afresh.
      run.folders.delete(placedCopy.vaultPath.slice(0, placedCopy.vaultPath.lastIndexOf('/')));
      const code = errorCode(err);
      if (code && FATAL_VAULT_ERRORS.has(code)) throw new StopIngest(stopMessage(code, this.settings.vaultRoot));
      throw err;
    }
    if (result.kind === 'twin') {
      // Even an adopted orphan: it holds the very bytes of the recording now catalogued (its hash was
      // checked when adopted), and no later run would adopt it again: left, it stays an unexpected file.
      await this.deps.vaultFiles.removeUnsealed(resolveInVault(this.settings.vaultRoot, placedCopy.vaultPath)).catch(() => undefined);
      if (adopted) this.deps.log.warn({ vaultPath: placedCopy.vaultPath, twinOf: result.vaultPath }, 'removed an interrupted run\'s copy: the same recording is catalogued at its twin');
      return { kind: 'already', sourcePath, vaultPath: result.vaultPath, size: result.size, recordingId: result.recordingId };
    }
    const { row } = placedCopy;
    return { kind: 'stored', sourcePath, vaultPath: placedCopy.vaultPath, recordingId: result.recordingId, size: row.size, sha256: row.sha256, flags: row.flags };
  }
}

/** The details of a stored copy's `ingest.file` entry; `readBack`: what its read-back from the disk compared. */
export function entryDetails(run: IngestRun, c: FileCopy, row: PlacedCopy['row'], readBack: 'sha256' | 'xxh3-64'): Record<string, unknown> {
  return { sha256: row.sha256, size: row.size, source: c.file.relPath, originalName: c.file.name, deviceNumber: c.device, sessionId: run.sessionId, flags: row.flags, readBack };
}

export function sourceChanged(file: SourceFile, copied: number, now: number): SourceChanged {
  return new SourceChanged(`${file.relPath} changed size during the copy (${copied} → ${now})`);
}

function stopMessage(code: string, vaultRoot: string): string {
  return `vault disk cannot take more (${code}) at ${vaultRoot}: free space or add a disk, then dock again; the files not stored are still on the recorder`;
}

/** Name the file in a worker's error, keeping its code and whether an fsync failed. */
export function annotate(err: unknown, what: string): Error {
  if (err instanceof FileJobError) return new FileJobError(`${what}: ${err.message}`, err.code, err.fsyncFailed);
  const e = new Error(`${what}: ${errorMessage(err)}`) as NodeJS.ErrnoException;
  e.code = errorCode(err);
  return e;
}
