/** The services whose construction takes the most lines, built from the parts wiring.ts made once. */
import { grantReaderAcl, requireAccount, requireRestrictable } from '../adapters/reader-acl.js';
import type { Config } from '../adapters/config-file.js';
import { withTempInMemory, type Db } from '../adapters/catalog/database.js';
import { ExportStore } from '../adapters/catalog/export-store.js';
import type { RecordingStore, SessionStore } from '../adapters/catalog/recording-store.js';
import type { RegisterStore } from '../adapters/catalog/register-store.js';
import type { RecorderStore } from '../adapters/catalog/recorder-store.js';
import type { CustodyStore } from '../adapters/catalog/custody-store.js';
import { RecordingChecksStore } from '../adapters/catalog/recording-checks-store.js';
import { buildRecordingChecks } from './recording-checks.js';
import { identifySource } from '../adapters/source-identity.js';
import { matchVolume } from '../core/recorder-match.js';
import type { CaseStore } from '../adapters/catalog/case-store.js';
import type { RetentionStore } from '../adapters/catalog/retention-store.js';
import type { DiscStore } from '../adapters/catalog/disc-store.js';
import { SqlCaseRecordings } from '../adapters/catalog/case-recordings-sql.js';
import { ChromiumPrinter } from '../adapters/chromium-print.js';
import type { Xorriso } from '../adapters/xorriso.js';
import { ensureDirDurable, hashFile, removeUnsealed, sameFiles, sealFile, syncVaultFolder } from '../adapters/durable-file.js';
import { isFolder, sizeNow } from '../adapters/volume-scanner.js';
import { OutputFiles } from '../adapters/output-files.js';
import { openScratch, sizeOf } from '../adapters/local-files.js';
import { outputPublisher } from '../adapters/output-publish.js';
import { bagDisk } from '../adapters/bag-disk.js';
import type { FileWorkers } from '../adapters/file-workers.js';
import type { Logger } from '../adapters/logger.js';
import { FfprobeMediaProbe } from '../adapters/media-probe.js';
import { IsoMediaFirst } from '../adapters/iso-media-probe.js';
import { StillImageFirst } from '../adapters/still-image-probe.js';
import { StagingArea } from '../adapters/staging-area.js';
import type { ProtectedPaths } from '../adapters/protected-paths.js';
import { freeBytesAt } from '../adapters/disk-space.js';
import { processTokenAlive, thisProcessToken } from '../adapters/process-identity.js';
import { compileFileNamePatterns } from '../core/recorder-file-name.js';
import { extensionSet } from '../core/media-selection.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { AuditTrail } from '../services/audit-trail.js';
import { IngestService } from '../services/ingest.js';
import { ExportService } from '../services/export.js';
import { DiscBuildService } from '../services/disc-build.js';
import type { DiscBuildDeps } from '../services/disc-build-types.js';
import { AttributionService } from '../services/attribution.js';
import type { ClassificationService } from '../services/classification.js';
import { AttributionStore } from '../adapters/catalog/attribution-store.js';
import { holdInFlight, linkInVault, unlinkOldName } from '../adapters/vault-relink.js';
import type { CaseService } from '../services/cases.js';
import type { HoldService } from '../services/holds.js';
import type { RecorderLifecycle } from '../services/recorder-lifecycle.js';
import type { GrantCheck } from '../services/access-gate.js';
import { vaultLanguage } from './vault-language.js';

/** What wiring.ts has made once and these builders share. */
export interface SharedParts {
  config: Config;
  db: Db;
  log: Logger;
  clock: UnitClock;
  audit: AuditTrail;
  recordings: RecordingStore;
  registerStore: RegisterStore;
  recorderStore: RecorderStore;
  sessionStore: SessionStore;
  custody: CustodyStore;
  lifecycle: RecorderLifecycle;
  protectedPaths: ProtectedPaths;
  fileWorkers: () => FileWorkers;
}

export function buildIngest(p: SharedParts): IngestService {
  const { config } = p;
  const workers = p.fileWorkers();
  return new IngestService(
    {
      vaultRoot: config.vaultRoot,
      extensions: extensionSet(config.mediaExtensions),
      fileNamePatterns: compileFileNamePatterns(config.fileNamePatterns),
      concurrency: config.copyConcurrency,
      protectedPaths: p.protectedPaths,
      clockSkewToleranceSeconds: config.recordingChecks.clockSkewToleranceSeconds,
    },
    {
      recordings: p.recordings,
      dockOffsets: new RecordingChecksStore(p.db),
      sessions: p.sessionStore,
      custody: p.custody,
      identify: (realPath) => {
        const found = identifySource(realPath);
        const match = matchVolume({ ...found.facts, fileDeviceNumbers: [] }, p.recorderStore.recorders());
        return { key: found.key, tag: found.tag, recorder: match.kind === 'recorder' ? match.number : null };
      },
      registers: p.registerStore,
      workers,
      probe: mediaProbe(config),
      audit: p.audit,
      clock: p.clock,
      log: p.log,
      officers: p.lifecycle,
      staging: (vaultRoot) => new StagingArea(vaultRoot),
      smallWrites: (fn) => withTempInMemory(p.db, fn),
      readTogether: (fn) => p.db.transaction(fn).deferred(),
      volumes: { scan: (root, extensions, lane) => workers.scan(root, extensions, { lane }), isFolder, sizeNow },
      vaultFiles: { ensureDir: ensureDirDurable, seal: sealFile, removeUnsealed, syncFolder: syncVaultFolder, sameFiles },
    },
  );
}

/** Secret footage written to `dir` for `osUser` alone: they need an account here, and `dir` a file system that keeps owners and ACLs. */
async function accountAndPlace(osUser: string, dir: string): Promise<void> {
  await requireAccount(osUser);
  await requireRestrictable(dir, osUser);
}

/** One account reads these published files and folders (by ACL): what is made of secret footage (R14). */
async function readableBy(paths: readonly string[], osUser: string): Promise<void> {
  for (const path of paths) await grantReaderAcl(path, osUser);
}

export function buildExporter(p: SharedParts, stores: { cases: CaseStore; retention: RetentionStore; grants?: GrantCheck }): ExportService {
  const { config, log } = p;
  return new ExportService(
    { vaultRoot: config.vaultRoot, organization: config.unitName ?? 'unnamed unit (set "unitName" in the config)', protectedPaths: p.protectedPaths, language: vaultLanguage(config) },
    {
      outputsFor: (role) => OutputFiles.forRole(role, log),
      freeSpace: freeBytesAt,
      bagDisk,
      store: new ExportStore(p.db),
      sources: { registers: p.registerStore, audit: p.audit.store, cases: stores.cases, retention: stores.retention },
      workers: p.fileWorkers(),
      audit: p.audit,
      clock: p.clock,
      log,
      runner: { token: thisProcessToken(), alive: processTokenAlive },
      grants: stores.grants,
      readableBy,
      requireAccount: accountAndPlace,
    },
  );
}

export function buildDiscBuild(p: SharedParts, more: { discs: DiscStore; holds: HoldService; xorriso: Xorriso; cameraOperators?: DiscBuildDeps['cameraOperators']; grants?: GrantCheck }): DiscBuildService {
  const { config, log } = p;
  return new DiscBuildService(
    { vaultRoot: config.vaultRoot, unitName: config.unitName ?? null, protectedPaths: p.protectedPaths, language: vaultLanguage(config) },
    {
      recordings: p.recordings,
      registers: p.registerStore,
      discs: more.discs,
      cases: new SqlCaseRecordings(p.db),
      holds: more.holds,
      probe: mediaProbe(config),
      xorriso: more.xorriso,
      printer: new ChromiumPrinter(),
      audit: p.audit,
      clock: p.clock,
      hashFile,
      outputsFor: (role) => OutputFiles.forRole(role, log),
      files: { scratch: openScratch, sizeOf },
      publisher: outputPublisher,
      freeSpace: freeBytesAt,
      log,
      gaps: buildRecordingChecks(p).gaps,
      cameraOperators: more.cameraOperators,
      grants: more.grants,
      readableBy,
      requireAccount: accountAndPlace,
    },
  );
}

export function buildAttribution(p: SharedParts, cases: CaseService, classification: Pick<ClassificationService, 'requireSight'>): AttributionService {
  return new AttributionService(p.config.vaultRoot, {
    recordings: p.recordings,
    requireSight: (action, id) => classification.requireSight(action, id),
    store: new AttributionStore(p.db),
    registers: p.registerStore,
    officers: p.lifecycle,
    files: { hold: holdInFlight, link: linkInVault, unlinkOld: unlinkOldName },
    caseViews: cases,
    audit: p.audit,
    clock: p.clock,
  });
}

/** Still pictures and plain MP4/QuickTime files in-process, everything else through the one ffprobe adapter. */
function mediaProbe(config: { probeTimeoutSeconds: number; timezone: string }) {
  return new StillImageFirst(new IsoMediaFirst(new FfprobeMediaProbe(config.probeTimeoutSeconds)), config.timezone);
}
