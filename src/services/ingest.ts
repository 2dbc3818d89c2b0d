/**
 * Ingest: a mounted recorder volume into the vault (R11, R12(1), P25). The session: the source is
 * checked and scanned, every file goes through the per-file pipeline (ingest-file.ts) in a few lanes,
 * and the session's outcome is recorded. A file is either stored and verified, or still on the
 * recorder and reported: nothing is lost.
 */
import path from 'node:path';
import { errorCode, errorMessage, UserError } from '../core/errors.js';
import { checkFileName } from '../core/vault-layout.js';
import { contradiction } from '../core/device-contradiction.js';
import { said } from '../core/i18n/said.js';
import { contradictsSaid, ingestMessages as m, sourceIsVaultSaid } from '../core/i18n/ingest-messages.js';
import { parseRecorderFileName } from '../core/recorder-file-name.js';
import type { SourceIdentity } from '../core/source-identity.js';
import type { ScanResult } from '../adapters/volume-scanner.js';
import type { Progress } from '../core/progress.js';
import type { ProtectedPaths } from '../adapters/protected-paths.js';
import { FileIngest, type IngestRun } from './ingest-file.js';
import { BatchIngest } from './ingest-batch.js';
import { IngestLanes, type LaneWork } from './ingest-lanes.js';
import { CommitGroup } from './commit-group.js';
import { IngestCommits, type PlacedCopy } from './ingest-commit.js';
import { resolveInVault } from '../core/vault-layout.js';
import { removeLeftTwins } from './ingest-leftovers.js';
import type { IngestDeps } from './ingest-ports.js';
import { emptySummary, finishDetails, incomplete, sessionCounts, sessionStatus, type FileOutcome, type IngestSummary } from './ingest-summary.js';

export type { FileOutcome, IngestSummary } from './ingest-summary.js';
export type { IngestDeps, OfficerLookup } from './ingest-ports.js';

export interface IngestSettings {
  vaultRoot: string;
  extensions: ReadonlySet<string>;
  fileNamePatterns: readonly RegExp[];
  concurrency: number;
  /** The vault and catalogue folders: a source may never be one of them, inside one, or hold one. */
  protectedPaths: ProtectedPaths;
  /** File-name, creation and file times further apart than this flag clock-skew (default 120 s). */
  clockSkewToleranceSeconds?: number;
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
  /** The session has begun: its id, and the source key its copies run under (the workers' lane). */
  onSession?: (session: { sessionId: number; sourceKey: string }) => void;
  /** The volume's recorder could not be recognised (R17): file everything in quarantine, whatever the names say. */
  quarantine?: boolean;
  /** Take only these files (a drop folder: only files whose copy-in has finished); default all. */
  only?: (absPath: string) => boolean;
  /** A person typed `deviceNumber` (`ingest --device`): it is checked against the files and the volume. */
  typedByPerson?: boolean;
  /** The person insists the files are from `deviceNumber` though they say otherwise: why (recorded). */
  deviceOverrideReason?: string;
}

/** Exit status when another session is reading the same source: try again when it is done. */
export const EXIT_SOURCE_BUSY = 75;

/**
 * Placed copies are catalogued in groups of up to this many, or after this long: long enough for a
 * recorder's photos to share their commits, short enough that a video's row follows it at once.
 */
const GROUP = { items: 256, waitMs: 200 };

export class IngestService {
  private readonly lanes: IngestLanes;
  private readonly commits: IngestCommits;

  constructor(
    private readonly settings: IngestSettings,
    private readonly deps: IngestDeps,
  ) {
    const files = new FileIngest(settings, deps);
    this.lanes = new IngestLanes(files, new BatchIngest(settings, deps, files), deps.log);
    this.commits = new IngestCommits(deps);
  }

  async ingest(request: IngestRequest): Promise<IngestSummary> {
    const started = Date.now();
    const { audit, sessions, clock, log } = this.deps;
    const req = { ...request, sourceRoot: this.resolveSource(request.sourceRoot) };
    await this.checkSource(req.sourceRoot);
    const device = req.quarantine ? null : (req.deviceNumber ?? null);
    if (device !== null) {
      const check = checkFileName(device);
      if (!check.ok || check.sanitized) throw new UserError(said(m.badDeviceNumber, { device }), m.badDeviceNumberHint);
    }

    const source = { ...this.deps.identify(req.sourceRoot), realPath: req.sourceRoot };
    // Its own lane, the volume's root: a dock names a card that hangs while listed by its mount point (dock-stalls.ts).
    const scanned = await this.deps.volumes.scan(req.sourceRoot, this.settings.extensions, req.sourceRoot);
    const only = req.only;
    // `only` names files under the source as the caller named it (a drop folder below a linked
    // folder, /srv -> /data): the scan's are under its real path, put back under the caller's.
    const asNamed = (abs: string) => path.join(request.sourceRoot, path.relative(req.sourceRoot, abs));
    const scan = only ? { ...scanned, files: scanned.files.filter((f) => only(asNamed(f.absPath))) } : scanned;
    if (device !== null && req.typedByPerson) this.checkTypedDevice(req, device, scan, source);
    // The dock, on the PC's clock: a recording claiming a later start has a clock ahead (clock-ahead).
    const docked = clock.now();
    const sessionId = audit.run(
      { action: 'ingest.start', target: req.sourceRoot, details: { deviceNumber: device, files: scan.files.length, sourceKey: source.key } },
      () => {
        const id = sessions.start(req.sourceRoot, device, audit.who.operator, clock.nowIso(), source.key);
        const claim = this.deps.custody.claimSource(source.key, req.sourceRoot, id, clock.nowIso());
        if (!claim.ok) {
          const h = claim.holder;
          throw new UserError(said(m.sourceBusy, h), m.sourceBusyHint, EXIT_SOURCE_BUSY);
        }
        if (claim.tookOverFrom) log.warn({ source: req.sourceRoot, staleSession: claim.tookOverFrom.sessionId }, 'took over the claim of a session whose process is gone');
        return id;
      },
      (id) => ({ sessionId: id }),
    );
    const summary = emptySummary(sessionId, req.sourceRoot, device, scan);
    log.info({ sessionId, source: req.sourceRoot, device, files: scan.files.length }, 'ingest started');
    req.onSession?.({ sessionId, sourceKey: source.key });

    const run: IngestRun = {
      sessionId,
      device,
      quarantine: req.quarantine === true,
      deviceTyped: req.typedByPerson === true && device !== null,
      source,
      staging: this.deps.staging(this.settings.vaultRoot),
      reserved: new Set(),
      folders: new Set(),
      dockedAtMs: docked.getTime(),
      commits: new CommitGroup((items) => this.commits.commitAll(items), (item) => this.commits.commitOne(item), GROUP, (items) => this.syncFolders(items)),
    };
    const work: LaneWork = { run, queue: [...scan.files], summary, progress: req.progress, signal: req.signal, onFile: req.onFile, committing: [] };
    try {
      run.staging.open();
      req.progress?.start(scan.files.length, scan.files.reduce((n, f) => n + f.size, 0));
      try {
        await Promise.all(Array.from({ length: Math.max(1, this.settings.concurrency) }, () => this.lanes.lane(work)));
      } finally {
        await run.commits.commitNow();
        await Promise.allSettled(work.committing);
        req.progress?.stop();
        run.staging.close();
      }
      summary.notReached = work.queue.length;
      if (!incomplete(summary)) summary.leftoversRemoved = await removeLeftTwins(this.deps, this.settings.vaultRoot, source.key, sessionId);
      summary.seconds = (Date.now() - started) / 1000;
      audit.run(
        { action: 'ingest.finish', target: req.sourceRoot, outcome: incomplete(summary) ? 'failed' : 'ok', details: finishDetails(summary) },
        () => {
          sessions.finish(sessionId, sessionStatus(summary, req.signal?.aborted === true), clock.nowIso(), sessionCounts(summary), summary);
          // Each recorder's apparent clock offset at this dock, kept so drift shows over time.
          this.deps.dockOffsets?.recordDockOffsets(sessionId, clock.iso(docked), docked.getTime());
        },
      );
    } finally {
      this.deps.custody.releaseSource(source.key, sessionId);
    }
    log.info({ sessionId, stored: summary.stored, already: summary.already, failed: summary.failed.length, notReached: summary.notReached }, 'ingest finished');
    return summary;
  }

  /**
   * Each folder a group's copies were linked into, fsynced once before the group's commit, so no row
   * names a file whose name could be lost in a crash, each checked to be a real folder of the vault
   * still. A folder's error fails the whole group (redone by the next dock: the recorder keeps the
   * files); a copy that is no longer the one read back fails alone.
   */
  private async syncFolders(items: readonly PlacedCopy[]): Promise<(Error | null)[]> {
    const folders = new Set(items.map((i) => path.posix.dirname(i.vaultPath)));
    // Still real folders of the vault (checked by syncFolder): a run checks a day folder once before its
    // first copy; one deleted since took its copies with it, one swapped for a symlink took them outside.
    for (const folder of folders) await this.deps.vaultFiles.syncFolder(this.settings.vaultRoot, folder);
    // Each copy still the one read back: a vault name deleted (or replaced) since is not catalogued.
    const checked = items.filter((i) => i.tmp !== null);
    const same = this.deps.vaultFiles.sameFiles(checked.map((i) => [resolveInVault(this.settings.vaultRoot, i.vaultPath), i.tmp!] as const));
    const gone = new Set(checked.filter((_, k) => !same[k]));
    return items.map((i) =>
      gone.has(i) ? Object.assign(new Error(`${i.vaultPath} is no longer the copy read back (deleted or replaced since): not catalogued`), { code: 'ENOENT' }) : null,
    );
  }

  /**
   * A typed recorder number the files or the volume contradict would file a whole volume under the
   * wrong recorder (and store it a second time): refused before anything is copied, unless the person
   * insists with a reason, which is recorded.
   */
  private checkTypedDevice(req: IngestRequest, device: string, scan: ScanResult, source: SourceIdentity & { recorder: string | null }): void {
    const named = scan.files.map((f) => parseRecorderFileName(f.name, this.settings.fileNamePatterns).deviceNumber);
    const found = contradiction(device, named, source.recorder);
    if (!found) return;
    const details = { deviceNumber: device, namedInFiles: found.namedInFiles, volumeRecorder: found.volumeRecorder };
    const reason = req.deviceOverrideReason?.trim();
    if (reason) {
      this.deps.audit.record({ action: 'ingest.device-override', target: req.sourceRoot, details: { ...details, reason } });
      return;
    }
    this.deps.audit.refuse(
      { action: 'ingest', target: req.sourceRoot, details: { ...details, why: 'device number contradicts the source' } },
      contradictsSaid(device, found),
      said(m.contradictsHint, { device }),
    );
  }

  /**
   * Copying the vault (or the catalogue) out through an ingest would hand out every recording: never.
   * The source is resolved once; everything after reads the resolved folder, so a symlink swapped
   * after this check cannot lead the scan into the vault.
   */
  private resolveSource(source: string): string {
    const place = this.settings.protectedPaths.source(source);
    if (place.ok) return place.real;
    return this.deps.audit.refuse(
      { action: 'ingest', target: source, details: { why: 'source overlaps the vault or the catalogue folder', protected: place.protectedPath } },
      sourceIsVaultSaid(source, place.problemSaid),
      m.sourceIsVaultHint,
      77,
    );
  }

  private async checkSource(root: string): Promise<void> {
    let folder: boolean;
    try {
      folder = await this.deps.volumes.isFolder(root);
    } catch (err) {
      throw new UserError(said(m.unreadableSource, { root, what: errorMessage(err), code: errorCode(err) ?? 'EIO' }), m.unreadableSourceHint);
    }
    if (!folder) throw new UserError(said(m.notAFolder, { root }), m.notAFolderHint);
  }
}
