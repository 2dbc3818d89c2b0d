/**
 * Ingest: a mounted recorder volume into the vault (R11, R12(1), P25). Per file:
 * stream copy + SHA-256 → fsync → link into its day folder (never overwriting) → fsync folder →
 * read back and compare → read-only → catalogue row and audit entry in one transaction.
 * A file is either stored and verified, or still on the recorder and reported: nothing is lost.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { errorCode, errorMessage, UserError } from '../core/errors.js';
import { parseRecorderFileName, type FileNameFacts } from '../core/recorder-file-name.js';
import type { MediaInfo, RecordingFlag, StartTimeSource } from '../core/types.js';
import { checkFileName, recordingFolder, resolveInVault, suffixedName } from '../core/vault-layout.js';
import { type WallClock } from '../core/zoned-time.js';
import type { RecordingStore } from '../adapters/catalog/recording-store.js';
import type { SessionStore } from '../adapters/catalog/recording-store.js';
import type { RegisterStore } from '../adapters/catalog/register-store.js';
import { ensureDirDurable } from '../adapters/durable-file.js';
import { FileJobError, type FileWorkers } from '../adapters/file-workers.js';
import type { Logger } from '../adapters/logger.js';
import type { MediaProbe } from '../adapters/media-probe.js';
import { fileProgress, type Progress } from '../adapters/progress-bar.js';
import type { ProtectedPaths } from '../adapters/protected-paths.js';
import { StagingArea } from '../adapters/staging-area.js';
import { scanVolume, type SourceFile } from '../adapters/volume-scanner.js';
import { attributeOfficer } from '../core/assignments.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { AuditTrail } from './audit-trail.js';

export interface IngestSettings {
  vaultRoot: string;
  extensions: ReadonlySet<string>;
  fileNamePatterns: readonly RegExp[];
  concurrency: number;
  /** The vault and catalogue folders: a source may never be one of them, inside one, or hold one. */
  protectedPaths: ProtectedPaths;
}

export interface IngestRequest {
  sourceRoot: string;
  /** The recorder, when the caller knows it; else the file names may tell. */
  deviceNumber?: string | null;
  progress?: Progress;
  /** Stop taking new files (SIGTERM, recorder pulled out); files in flight finish or are abandoned cleanly. */
  signal?: AbortSignal;
  /** Per-file outcome, for the daemon's log and status. */
  onFile?: (outcome: FileOutcome) => void;
  /** The volume's recorder could not be recognised (R17): file everything in quarantine, whatever the names say. */
  quarantine?: boolean;
  /** Take only these files (a drop folder: only files whose copy-in has finished); default all. */
  only?: (absPath: string) => boolean;
}

/** Who the register says wore a recorder at a moment (R8, R10); null when it does not say. */
export interface OfficerLookup {
  officerAt(deviceNumber: string, atMs: number): string | null;
}

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
}

/** Vault-side errors that will not go away by trying the next file. */
const FATAL_VAULT_ERRORS = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'SQLITE_FULL']);
const MAX_ATTEMPTS = 3;

class StopIngest extends Error {}

export class IngestService {
  constructor(
    private readonly settings: IngestSettings,
    private readonly recordings: RecordingStore,
    private readonly sessions: SessionStore,
    private readonly registers: RegisterStore,
    private readonly workers: FileWorkers,
    private readonly probe: MediaProbe,
    private readonly audit: AuditTrail,
    private readonly clock: UnitClock,
    private readonly log: Logger,
    private readonly officers?: OfficerLookup,
  ) {}

  /**
   * Copying the vault (or the catalogue) out through an ingest would hand out every recording: never.
   * The source is resolved once; everything after reads the resolved folder, so a symlink swapped
   * after this check cannot lead the scan into the vault.
   */
  private resolveSource(source: string): string {
    const place = this.settings.protectedPaths.source(source);
    if (place.ok) return place.real;
    this.audit.record({ action: 'ingest', target: source, outcome: 'refused', details: { why: 'source overlaps the vault or the catalogue folder', protected: place.protectedPath } });
    throw new UserError(
      `refused: ${source} ${place.problem}; a recorder volume is never the vault / 来源不能是证据库自身`,
      'Give the folder the recorder volume is mounted on, e.g. /media/recorders/0001234. The attempt is recorded.',
      77,
    );
  }

  async ingest(request: IngestRequest): Promise<IngestSummary> {
    const started = Date.now();
    const req = { ...request, sourceRoot: this.resolveSource(request.sourceRoot) };
    let rootStat: fs.Stats;
    try {
      rootStat = await fsp.stat(req.sourceRoot);
    } catch (err) {
      throw new UserError(`cannot read the recorder volume at ${req.sourceRoot}: ${errorMessage(err)}`, 'Check that the recorder is docked and its volume mounted.');
    }
    if (!rootStat.isDirectory()) throw new UserError(`${req.sourceRoot} is not a folder`, 'Give the folder the recorder volume is mounted on.');
    const device = req.quarantine ? null : (req.deviceNumber ?? null);
    if (device !== null) {
      const check = checkFileName(device);
      if (!check.ok || check.sanitized) throw new UserError(`device number "${device}" cannot name a folder`, 'Use the number on the recorder (letters, digits, - and _).');
    }

    const scanned = await scanVolume(req.sourceRoot, this.settings.extensions);
    const only = req.only;
    const scan = only ? { ...scanned, files: scanned.files.filter((f) => only(f.absPath)) } : scanned;
    const sessionId = this.audit.run(
      { action: 'ingest.start', target: req.sourceRoot, details: { deviceNumber: device, files: scan.files.length } },
      () => this.sessions.start(req.sourceRoot, device, this.audit.who.operator, this.nowIso()),
      (id) => ({ sessionId: id }),
    );
    const summary: IngestSummary = {
      sessionId,
      source: req.sourceRoot,
      deviceNumber: device,
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
    this.log.info({ sessionId, source: req.sourceRoot, device, files: scan.files.length }, 'ingest started');

    const staging = new StagingArea(this.settings.vaultRoot);
    staging.open();
    const reserved = new Set<string>();
    const progress = req.progress;
    progress?.start(scan.files.length, scan.files.reduce((n, f) => n + f.size, 0));
    const queue = [...scan.files];
    const record = (o: FileOutcome) => {
      req.onFile?.(o);
      switch (o.kind) {
        case 'stored':
          summary.stored.files++;
          summary.stored.bytes += o.size;
          if (o.flags.length) summary.flagged.push({ sourcePath: o.sourcePath, vaultPath: o.vaultPath, flags: o.flags });
          this.log.info({ sessionId, source: o.sourcePath, vaultPath: o.vaultPath, sha256: o.sha256, size: o.size, flags: o.flags }, 'stored');
          break;
        case 'already':
          summary.already.files++;
          summary.already.bytes += o.size;
          this.log.debug({ sessionId, source: o.sourcePath, vaultPath: o.vaultPath }, 'already in the vault');
          break;
        case 'rejected':
          summary.rejected.push({ sourcePath: o.sourcePath, reason: o.reason });
          this.log.warn({ sessionId, source: o.sourcePath, reason: o.reason }, 'file name rejected');
          break;
        case 'failed':
          summary.failed.push({ sourcePath: o.sourcePath, error: o.error });
          this.log.error({ sessionId, source: o.sourcePath, err: o.error }, 'not stored: the file stays on the recorder');
          break;
      }
    };

    const lane = async () => {
      for (let file = queue.shift(); file; file = queue.shift()) {
        if (summary.stoppedEarly) break;
        if (req.signal?.aborted) {
          summary.stoppedEarly = 'stop requested';
          break;
        }
        const fp = fileProgress(progress, file.size);
        try {
          record(await this.ingestFile(file, device, sessionId, staging, reserved, req.quarantine === true, fp.onBytes));
        } catch (err) {
          if (err instanceof StopIngest) {
            summary.stoppedEarly ??= err.message;
            record({ kind: 'failed', sourcePath: file.relPath, error: err.message });
          } else {
            record({ kind: 'failed', sourcePath: file.relPath, error: errorMessage(err) });
          }
        }
        fp.done();
      }
    };
    try {
      await Promise.all(Array.from({ length: Math.max(1, this.settings.concurrency) }, lane));
    } finally {
      progress?.stop();
      staging.close();
    }
    summary.notReached = queue.length;
    summary.seconds = (Date.now() - started) / 1000;
    const status = summary.stoppedEarly ? (req.signal?.aborted ? 'interrupted' : 'failed') : 'done';
    this.audit.run(
      {
        action: 'ingest.finish',
        target: req.sourceRoot,
        outcome: summary.failed.length || summary.stoppedEarly ? 'failed' : 'ok',
        details: {
          sessionId,
          stored: summary.stored,
          already: summary.already,
          flagged: summary.flagged.length,
          rejected: summary.rejected.length,
          failed: summary.failed.length,
          notReached: summary.notReached,
          stoppedEarly: summary.stoppedEarly,
        },
      },
      () =>
        this.sessions.finish(sessionId, status, this.nowIso(), {
          filesStored: summary.stored.files,
          bytesStored: summary.stored.bytes,
          filesAlready: summary.already.files,
          filesFailed: summary.failed.length + summary.notReached,
        }, summary),
    );
    this.log.info({ sessionId, stored: summary.stored, already: summary.already, failed: summary.failed.length, notReached: summary.notReached }, 'ingest finished');
    return summary;
  }

  private async ingestFile(
    file: SourceFile,
    cliDevice: string | null,
    sessionId: number,
    staging: StagingArea,
    reserved: Set<string>,
    quarantine: boolean,
    onBytes: (n: number) => void,
  ): Promise<FileOutcome> {
    const nameCheck = checkFileName(file.name);
    if (!nameCheck.ok) return { kind: 'rejected', sourcePath: file.relPath, reason: nameCheck.reason };
    const facts = parseRecorderFileName(file.name, this.settings.fileNamePatterns);
    let device = quarantine ? null : (cliDevice ?? facts.deviceNumber);
    const flags: RecordingFlag[] = [];
    if (device !== null) {
      const folderCheck = checkFileName(device);
      if (!folderCheck.ok || folderCheck.sanitized) device = null;
    }
    if (device === null) flags.push('quarantined');
    else if (!this.registers.device(device)) flags.push('unregistered-device');
    if (nameCheck.sanitized) flags.push('name-sanitized');

    // Same recorder, same name, same size: hash the source to know whether it is already here.
    const candidates = this.recordings.sameSource(device, file.name, file.size);
    if (candidates.length) {
      const source = await this.workers.hash(file.absPath).catch((err) => {
        throw new Error(`read ${file.relPath}: ${errorMessage(err)}`);
      });
      const same = candidates.find((c) => c.sha256 === source.sha256);
      if (same) return { kind: 'already', sourcePath: file.relPath, vaultPath: same.vaultPath, size: same.size, recordingId: same.id };
    }

    for (let attempt = 1; ; attempt++) {
      try {
        return await this.copyOnce(file, device, nameCheck.name, facts, flags, sessionId, staging, reserved, onBytes);
      } catch (err) {
        const code = errorCode(err);
        if (code && FATAL_VAULT_ERRORS.has(code)) {
          throw new StopIngest(`vault disk cannot take more (${code}) at ${this.settings.vaultRoot}: free space or add a disk, then dock again; the files not stored are still on the recorder`);
        }
        // A failed fsync or a bad read-back means this copy is not trustworthy: redo it from the source.
        const redo = (err instanceof FileJobError && err.fsyncFailed) || err instanceof ReadBackMismatch || err instanceof SourceChanged;
        if (!redo || attempt >= MAX_ATTEMPTS) throw err;
        this.log.warn({ source: file.relPath, attempt, err: errorMessage(err) }, 'copy not trusted: redoing it from the source');
      }
    }
  }

  private async copyOnce(
    file: SourceFile,
    device: string | null,
    safeName: string,
    facts: FileNameFacts,
    baseFlags: RecordingFlag[],
    sessionId: number,
    staging: StagingArea,
    reserved: Set<string>,
    onBytes: (n: number) => void,
  ): Promise<FileOutcome> {
    const tmp = staging.tempPath();
    let copied;
    try {
      copied = await this.workers.copy(file.absPath, tmp, onBytes);
    } catch (err) {
      throw annotate(err, `copy ${file.relPath}`);
    }
    try {
      const now = await fsp.lstat(file.absPath).catch(() => null);
      if (now && now.size !== copied.size) throw new SourceChanged(`${file.relPath} changed size during the copy (${copied.size} → ${now.size})`);

      // Stored under another name by an earlier run (e.g. before a rename on the recorder)? Same bytes, same recorder.
      const twin = this.recordings.sameSource(device, file.name, copied.size).find((r) => r.sha256 === copied.sha256);
      if (twin) return { kind: 'already', sourcePath: file.relPath, vaultPath: twin.vaultPath, size: twin.size, recordingId: twin.id };

      const probed = await this.probe.probe(tmp);
      const flags = [...baseFlags];
      if (!probed.ok) flags.push('probe-error');
      const info: MediaInfo | null = probed.ok ? probed.info : null;
      const { startedAt, source } = this.startTime(facts.wallClock, info, file.mtime);
      if (source === 'mtime') flags.push('time-from-mtime');
      const assigned = device !== null && this.officers ? this.officers.officerAt(device, startedAt.getTime()) : null;
      const officer = attributeOfficer(assigned, facts.officerId);
      if (officer.mismatch) flags.push('officer-mismatch');
      const localDate = this.clock.localDate(startedAt);
      const folder = recordingFolder(localDate, device);
      await ensureDirDurable(this.settings.vaultRoot, folder);

      const placed = await this.placeWithoutOverwrite(tmp, folder, safeName, copied.sha256, copied.size, reserved);
      try {
        const row = {
          sha256: copied.sha256,
          size: copied.size,
          vaultPath: placed,
          originalName: file.name,
          sourcePath: file.relPath,
          deviceNumber: device,
          officerId: officer.officerId,
          startedAt: this.clock.iso(startedAt),
          startedAtEpochMs: startedAt.getTime(),
          startedAtSource: source,
          localDate,
          durationSeconds: info?.durationSeconds ?? null,
          format: info?.format ?? null,
          videoCodec: info?.videoCodec ?? null,
          audioCodec: info?.audioCodec ?? null,
          width: info?.width ?? null,
          height: info?.height ?? null,
          probeError: probed.ok ? null : probed.error,
          sourceMtime: file.mtime.toISOString(),
          ingestedAt: this.nowIso(),
          sessionId,
          flags,
        };
        const id = this.audit.run(
          {
            action: 'ingest.file',
            target: placed,
            details: { sha256: copied.sha256, size: copied.size, source: file.relPath, deviceNumber: device, sessionId, flags },
          },
          () => this.recordings.insert(row),
          (recordingId) => ({ recordingId }),
        );
        return { kind: 'stored', sourcePath: file.relPath, vaultPath: placed, recordingId: id, size: copied.size, sha256: copied.sha256, flags };
      } finally {
        reserved.delete(placed);
      }
    } finally {
      await fsp.rm(tmp, { force: true });
    }
  }

  /**
   * Link the verified temp file to the first free name in its folder. A name that is taken on disk
   * but not in the catalogue holding the very same bytes is a copy a crash left before its catalogue
   * commit: it is adopted, not duplicated.
   */
  private async placeWithoutOverwrite(
    tmp: string,
    folder: string,
    name: string,
    sha256: string,
    size: number,
    reserved: Set<string>,
  ): Promise<string> {
    for (let n = 1; ; n++) {
      const rel = `${folder}/${suffixedName(name, n)}`;
      if (reserved.has(rel) || this.recordings.hasVaultPath(rel)) continue;
      reserved.add(rel);
      const abs = resolveInVault(this.settings.vaultRoot, rel);
      const result = await this.workers.place(tmp, abs, sha256);
      if (result.placed) {
        if (result.readBack.sha256 !== sha256 || result.readBack.size !== size) {
          reserved.delete(rel);
          await fsp.rm(abs, { force: true }); // never sealed, never catalogued: not evidence yet
          throw new ReadBackMismatch(`read-back of ${rel} does not match what was copied`);
        }
        return rel;
      }
      const existing = await this.workers.hash(abs).catch(() => null);
      if (existing && existing.sha256 === sha256 && existing.size === size) {
        await fsp.chmod(abs, 0o444);
        this.log.warn({ vaultPath: rel }, 'adopted a verified copy left uncatalogued by an interrupted run');
        return rel;
      }
      reserved.delete(rel);
    }
  }

  private startTime(
    nameTime: WallClock | null,
    info: MediaInfo | null,
    mtime: Date,
  ): { startedAt: Date; source: StartTimeSource } {
    if (nameTime) return { startedAt: this.clock.instant(nameTime), source: 'file-name' };
    if (info?.creationTime) {
      const d = new Date(info.creationTime);
      // Recorders without a clock write 1970 or 1904 epochs: no better than nothing.
      if (!Number.isNaN(d.getTime()) && d.getUTCFullYear() >= 2000) return { startedAt: d, source: 'metadata' };
    }
    return { startedAt: mtime, source: 'mtime' };
  }

  private nowIso(): string {
    return this.clock.nowIso();
  }
}

class ReadBackMismatch extends Error {}
class SourceChanged extends Error {}

function annotate(err: unknown, what: string): Error {
  if (err instanceof FileJobError) {
    const e = new FileJobError(`${what}: ${err.message}`, err.code, err.fsyncFailed);
    return e;
  }
  const e = new Error(`${what}: ${errorMessage(err)}`) as NodeJS.ErrnoException;
  e.code = errorCode(err);
  return e;
}
