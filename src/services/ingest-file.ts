/**
 * One file of an ingest run: stream copy + SHA-256 → fsync → link into its day folder (never
 * overwriting) → fsync folder → read back and compare → read-only → catalogue row and audit entry in
 * one transaction. A copy that cannot be trusted is redone from the source; a full vault stops the run.
 */
import { attributeOfficer } from '../core/assignments.js';
import { errorCode, errorMessage } from '../core/errors.js';
import { parseRecorderFileName, type FileNameFacts } from '../core/recorder-file-name.js';
import { recordingStart } from '../core/recording-start.js';
import { judgeClock } from '../core/clock-drift.js';
import { PROBE_HEAD_BYTES, type RecordingFlag } from '../core/types.js';
import { checkFileName, recordingFolder, resolveInVault, vaultName } from '../core/vault-layout.js';
import type { NewRecording } from '../adapters/catalog/recording-store.js';
import type { HashResult } from '../adapters/durable-file.js';
import { FileJobError } from '../core/errors.js';
import type { ProbeResult } from '../adapters/media-probe.js';
import type { SourceFile } from '../adapters/volume-scanner.js';
import type { IngestDeps, StagingSpace } from './ingest-ports.js';
import type { FileOutcome } from './ingest-summary.js';
import { placeWithoutOverwrite, ReadBackMismatch } from './vault-placement.js';
import { alreadyStored, type SourceContext } from './already-stored.js';
import type { CommitGroup } from './commit-group.js';
import type { CommitResult, PlacedCopy } from './ingest-commit.js';

/** Vault-side errors that will not go away by trying the next file. */
const FATAL_VAULT_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'SQLITE_FULL']);
const MAX_ATTEMPTS = 3;

/** The vault cannot take more: the run stops, what was not stored stays on the recorder. */
export class StopIngest extends Error {}
class SourceChanged extends Error {}
/** The day folder this run had made went away (deleted by hand): made again by the next attempt. */
class FolderGone extends Error {}

/** What every file of one ingest session shares. */
export interface IngestRun {
  sessionId: number;
  /** The recorder the caller named; null: the file names may tell. */
  device: string | null;
  /** The volume's recorder could not be recognised: everything goes to quarantine. */
  quarantine: boolean;
  /** The recorder number was typed by a person (`--device`), not read from the volume. */
  deviceTyped: boolean;
  /** The source's identity (its key) and its quarantine folder's name (its tag). */
  source: { key: string; tag: string; realPath: string };
  staging: StagingSpace;
  /** Vault paths taken by files in flight, not catalogued yet. */
  reserved: Set<string>;
  /** When the recorder was docked (the session's start, PC clock): nothing on it can start later. */
  dockedAtMs: number;
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

/** One file on its way in, once its name and recorder are known. */
interface FileCopy {
  file: SourceFile;
  device: string | null;
  safeName: string;
  facts: FileNameFacts;
  flags: RecordingFlag[];
  known: SourceContext;
  onBytes: (n: number) => void;
}

export class FileIngest {
  constructor(
    private readonly settings: { vaultRoot: string; fileNamePatterns: readonly RegExp[]; clockSkewToleranceSeconds?: number },
    private readonly deps: IngestDeps,
  ) {}

  async ingest(run: IngestRun, file: SourceFile, onBytes: (n: number) => void): Promise<FileOutcome | PlacedOutcome> {
    const nameCheck = vaultName(file.name);
    if (!nameCheck.ok) return { kind: 'rejected', sourcePath: file.relPath, reason: nameCheck.reason };
    const facts = parseRecorderFileName(file.name, this.settings.fileNamePatterns);
    let device = run.quarantine ? null : (run.device ?? facts.deviceNumber);
    const flags: RecordingFlag[] = [];
    if (device !== null) {
      const folderCheck = checkFileName(device);
      if (!folderCheck.ok || folderCheck.sanitized) device = null;
    }
    if (device === null) flags.push('quarantined');
    else if (!this.deps.registers.device(device)) flags.push('unregistered-device');
    if (nameCheck.sanitized) flags.push('name-sanitized');
    if (nameCheck.shortened) flags.push('name-shortened');
    const { clock } = this.deps;
    const fromName = facts.wallClock ? recordingStart(facts.wallClock, null, file.mtime, clock) : null;
    const known: SourceContext = {
      key: run.source.key,
      realPath: run.source.realPath,
      relPath: file.relPath,
      device,
      deviceTyped: run.deviceTyped,
      startFromName: fromName?.source === 'file-name' ? clock.iso(fromName.startedAt) : null,
    };

    // Same name and size stored before: hash the source to know whether it is this very recording.
    const candidates = this.deps.recordings.sameNameAndSize(file.name, file.size);
    if (candidates.length) {
      const source = await this.deps.workers.hash(file.absPath).catch((err) => {
        throw new Error(`read ${file.relPath}: ${errorMessage(err)}`);
      });
      const same = alreadyStored(candidates, source.sha256, known);
      if (same) return { kind: 'already', sourcePath: file.relPath, vaultPath: same.vaultPath, size: same.size, recordingId: same.id };
    }

    const copy: FileCopy = { file, device, safeName: nameCheck.name, facts, flags, known, onBytes };
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.copyOnce(run, copy);
      } catch (err) {
        const code = errorCode(err);
        if (code && FATAL_VAULT_ERRORS.has(code)) {
          throw new StopIngest(stopMessage(code, this.settings.vaultRoot));
        }
        // A failed fsync or a bad read-back means this copy is not trustworthy: redo it from the source.
        const redo = (err instanceof FileJobError && err.fsyncFailed) || err instanceof ReadBackMismatch || err instanceof SourceChanged || err instanceof FolderGone;
        if (!redo || attempt >= MAX_ATTEMPTS) throw err;
        this.deps.log.warn({ source: file.relPath, attempt, err: errorMessage(err) }, 'copy not trusted: redoing it from the source');
      }
    }
  }

  private async copyOnce(run: IngestRun, c: FileCopy): Promise<FileOutcome | PlacedOutcome> {
    const { file } = c;
    const tmp = run.staging.tempPath();
    let handedOver = false;
    let copied: HashResult & { head?: Uint8Array; sourceSizeAfter?: number | null };
    try {
      // A small file's head comes back with the copy: the probe of a photo reads no file.
      copied = await this.deps.workers.copy(file.absPath, tmp, c.onBytes, { headBytes: PROBE_HEAD_BYTES });
    } catch (err) {
      throw annotate(err, `copy ${file.relPath}`);
    }
    try {
      const now = copied.sourceSizeAfter !== undefined ? copied.sourceSizeAfter : await this.deps.volumes.sizeNow(file.absPath);
      if (now !== null && now !== copied.size) throw new SourceChanged(`${file.relPath} changed size during the copy (${copied.size} → ${now})`);

      // Stored under another name by an earlier run (e.g. before a rename on the recorder)? Same bytes, same recorder.
      const twin = alreadyStored(this.deps.recordings.sameNameAndSize(file.name, copied.size), copied.sha256, c.known);
      if (twin) return { kind: 'already', sourcePath: file.relPath, vaultPath: twin.vaultPath, size: twin.size, recordingId: twin.id };

      const row = this.recordingOf(run, c, copied, await this.deps.probe.probe(tmp, copied.head));
      const folder = recordingFolder(row.localDate, c.device, run.source.tag);
      // Made durable once per run: a recorder's files share a handful of day folders.
      if (!run.folders.has(folder)) {
        await this.deps.vaultFiles.ensureDir(this.settings.vaultRoot, folder);
        run.folders.add(folder);
      }
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
      };
      const { vaultPath: placed, adopted } = await placeWithoutOverwrite(placement, { tmp, folder, name: c.safeName, sha256: copied.sha256, size: copied.size }).catch((err) => {
        if (errorCode(err) !== 'ENOENT') throw err;
        run.folders.delete(folder);
        throw new FolderGone(`${folder} went away while ${file.relPath} was being placed: ${errorMessage(err)}`);
      });
      const details = { sha256: copied.sha256, size: copied.size, source: file.relPath, originalName: file.name, deviceNumber: c.device, sessionId: run.sessionId, flags: row.flags };
      // From here the copy waits for its group's commit; the temp name (which tells a check the copy is
      // in flight), the name's claim and its reservation are let go only once that commit is over. The
      // commit releases the claim in its own transaction; a commit that failed leaves it to be let go here.
      const committed = this.commitPlaced(run, { sessionId: run.sessionId, vaultPath: placed, row, known: c.known, details, tmp: adopted ? null : tmp }, adopted, file.relPath)
        .catch((err: unknown) => {
          custody.releasePlacement(placed, run.sessionId);
          throw err;
        })
        .finally(async () => {
          run.reserved.delete(placed);
          await run.staging.discard(tmp);
        });
      handedOver = true;
      return { kind: 'placed', committed };
    } finally {
      if (!handedOver) await run.staging.discard(tmp);
    }
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

  /** The catalogue row, but for where it was placed and when: media facts, start time, officer, flags. */
  private recordingOf(run: IngestRun, c: FileCopy, copied: HashResult, probed: ProbeResult): Omit<NewRecording, 'vaultPath' | 'ingestedAt'> {
    const { clock, officers } = this.deps;
    const flags = [...c.flags];
    if (!probed.ok) flags.push('probe-error');
    const info = probed.ok ? probed.info : null;
    const { startedAt, source } = recordingStart(c.facts.wallClock, info, c.file.mtime, clock);
    if (source === 'mtime') flags.push('time-from-mtime');
    const assigned = c.device !== null && officers ? officers.officerAt(c.device, startedAt.getTime()) : null;
    const officer = attributeOfficer(assigned, c.facts.officerId);
    if (officer.mismatch) flags.push('officer-mismatch');
    // The recorder's clock, judged from the file's own times (core/clock-drift.ts); flags only, never a refusal.
    const nameMs = c.facts.wallClock ? clock.instant(c.facts.wallClock).getTime() : null;
    const claims = { nameMs, creationTime: info?.creationTime ?? null, mtimeMs: c.file.mtime.getTime(), durationSeconds: info?.durationSeconds ?? null };
    const drift = judgeClock(startedAt.getTime(), run.dockedAtMs, claims, this.settings.clockSkewToleranceSeconds);
    if (drift.clockAhead) flags.push('clock-ahead');
    if (drift.skewSeconds !== null) flags.push('clock-skew');
    return {
      sha256: copied.sha256,
      size: copied.size,
      originalName: c.file.name,
      sourcePath: c.file.relPath,
      deviceNumber: c.device,
      officerId: officer.officerId,
      startedAt: clock.iso(startedAt),
      startedAtEpochMs: startedAt.getTime(),
      startedAtSource: source,
      localDate: clock.localDate(startedAt),
      durationSeconds: info?.durationSeconds ?? null,
      format: info?.format ?? null,
      videoCodec: info?.videoCodec ?? null,
      audioCodec: info?.audioCodec ?? null,
      width: info?.width ?? null,
      height: info?.height ?? null,
      probeError: probed.ok ? null : probed.error,
      sourceMtime: c.file.mtime.toISOString(),
      sessionId: run.sessionId,
      flags,
      clockSkewSeconds: drift.skewSeconds,
    };
  }
}

function stopMessage(code: string, vaultRoot: string): string {
  return `vault disk cannot take more (${code}) at ${vaultRoot}: free space or add a disk, then dock again; the files not stored are still on the recorder`;
}

/** Name the file in a worker's error, keeping its code and whether an fsync failed. */
function annotate(err: unknown, what: string): Error {
  if (err instanceof FileJobError) return new FileJobError(`${what}: ${err.message}`, err.code, err.fsyncFailed);
  const e = new Error(`${what}: ${errorMessage(err)}`) as NodeJS.ErrnoException;
  e.code = errorCode(err);
  return e;
}
