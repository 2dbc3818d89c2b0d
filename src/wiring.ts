/**
 * The one place that builds everything, with plain constructors. Entry points call `openVault` and
 * get services; nothing else constructs adapters.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compileFileNamePatterns } from './core/recorder-file-name.js';
import { extensionSet } from './core/media-selection.js';
import { systemClock, type Actor, type Clock } from './core/types.js';
import { unitClock, type UnitClock } from './core/unit-clock.js';
import { AuditFile } from './adapters/audit-file.js';
import { openCatalog, type Db } from './adapters/catalog/database.js';
import { ExportStore } from './adapters/catalog/export-store.js';
import { RecordingStore, SessionStore } from './adapters/catalog/recording-store.js';
import { RegisterStore } from './adapters/catalog/register-store.js';
import { FixityStore } from './adapters/catalog/fixity-store.js';
import { IntegrityStore } from './adapters/catalog/integrity-store.js';
import { OperatorStore } from './adapters/catalog/operator-store.js';
import { nodeCronScheduler } from './adapters/cron-schedule.js';
import { SqlCaseRecordings } from './adapters/catalog/case-recordings-sql.js';
import { DiscStore } from './adapters/catalog/disc-store.js';
import { ChromiumPrinter } from './adapters/chromium-print.js';
import { Xorriso } from './adapters/xorriso.js';
import type { Config } from './adapters/config-file.js';
import type { Installation } from './core/installation.js';
import { readInstallation } from './adapters/installation-file.js';
import { UserError } from './core/errors.js';
import { assertVaultPresent, startRun } from './startup.js';
import { initializeVault, type InitReport } from './services/vault-init.js';
import { FileWorkers } from './adapters/file-workers.js';
import { createLogger, type Logger } from './adapters/logger.js';
import { FfprobeMediaProbe } from './adapters/media-probe.js';
import { currentOsAccount } from './adapters/os-account.js';
import { StagingArea } from './adapters/staging-area.js';
import { ProtectedPaths } from './adapters/protected-paths.js';
import { AuditTrail } from './services/audit-trail.js';
import { ExportService } from './services/export.js';
import { IngestService } from './services/ingest.js';
import { RegisterService } from './services/registers.js';
import { VerifyService } from './services/verify.js';
import { RoleAuthorizer, type Authorizer } from './services/authorizer.js';
import { CommandSession } from './services/command-session.js';
import { recordConfigIfChanged } from './services/config-audit.js';
import { FixityService } from './services/fixity.js';
import { FixityScheduler } from './services/fixity-scheduler.js';
import { IntegrityService } from './services/integrity-check.js';
import { OperatorService } from './services/operators.js';
import { DockActivityStore } from './adapters/catalog/dock-activity-store.js';
import { RecorderStore } from './adapters/catalog/recorder-store.js';
import { MountPoller } from './adapters/mount-poller.js';
import type { DockStatusSources } from './services/dock-status.js';
import { LibusbEventSource, type UsbEventSource } from './adapters/usb-events.js';
import { parseUsbId } from './core/usb-descriptor.js';
import { DockDaemon } from './services/dock-daemon.js';
import { ChokidarDropFolderWatcher, type DropFolderWatcher } from './adapters/drop-folder-watcher.js';
import { DropIntake } from './services/drop-intake.js';
import { RecorderLifecycle } from './services/recorder-lifecycle.js';
import { CaseStore } from './adapters/catalog/case-store.js';
import { RetentionStore } from './adapters/catalog/retention-store.js';
import { scheduleJob } from './adapters/cron-schedule.js';
import { CaseService } from './services/cases.js';
import { HoldService } from './services/holds.js';
import { RetentionService } from './services/retention.js';
import { RetentionSweep } from './services/retention-sweep.js';
import { DiscBuildService } from './services/disc-build.js';
import { DiscCheckService } from './services/disc-check.js';
import { AnchorLog } from './services/anchor-log.js';

export const AUDIT_FILE = '.audit/audit-trail.jsonl';
/** sysexits EX_NOPERM: scripts can tell "not allowed" from "wrong input". */
const EXIT_REFUSED_CODE = 77;

export interface VaultOptions {
  configFile?: string;
  /** `evidence-vault init` only: create the vault folder and the catalogue when they are missing. */
  create?: boolean;
  logLevel?: string;
  clock?: Clock;
  actor?: Actor;
}

export interface Vault {
  config: Config;
  configPath: string;
  /** The installation record on an installed PC; null in a development checkout. */
  installation: Installation | null;
  db: Db;
  log: Logger;
  clock: UnitClock;
  audit: AuditTrail;
  recordings: RecordingStore;
  registers: RegisterService;
  ingest: IngestService;
  verify: VerifyService;
  operators: OperatorService;
  authorizer: Authorizer;
  integrity: IntegrityService;
  fixity: FixityService;
  /** For the daemon: `start()` at start-up, `stop()` at shutdown. */
  fixityScheduler: FixityScheduler;
  /** What `status` reads: the dock activity, recorders, sessions and officer register. */
  dockStore: DockStatusSources;
  lifecycle: RecorderLifecycle;
  /** The dock daemon; `usb` defaults to the real libusb adapter, `drops` to the chokidar drop-folder watcher. */
  dockDaemon(usb?: UsbEventSource, drops?: DropFolderWatcher): DockDaemon;
  export: ExportService;
  /** The copy/hash worker pool (started on first use). */
  fileWorkers(): FileWorkers;
  cases: CaseService;
  holds: HoldService;
  retention: RetentionService;
  /** The daily sweep, for the daemon to start and stop. */
  retentionSweep: RetentionSweep;
  discBuild: DiscBuildService;
  discCheck: DiscCheckService;
  /** The daemon's start-up and daily audit chain anchor line in the log. */
  anchorLog: AnchorLog;
  /** A command on the record: role check, outcome once. */
  session: CommandSession;
  close(): Promise<void>;
}

export function openVault(options: VaultOptions = {}): Vault {
  const { config, configPath, installation, override } = startRun(options.configFile);
  const log = createLogger(options.logLevel ?? config.logLevel);
  // The unit's one clock: every date the vault writes is in its zone.
  const clock = unitClock(options.clock ?? systemClock, config.timezone);
  if (options.create) fs.mkdirSync(config.vaultRoot, { recursive: true, mode: 0o750 });
  else assertVaultPresent(config);
  const db = openCatalog(config.catalogPath, { create: options.create });
  const actor: Actor = options.actor ?? { operator: currentOsAccount(), role: null };
  const audit = new AuditTrail(db, new AuditFile(path.join(config.vaultRoot, AUDIT_FILE)), actor, clock, log);
  if (override) refuseOverride(db, audit, override, configPath);
  const recordings = new RecordingStore(db);
  const registerStore = new RegisterStore(db);
  const recorderStore = new RecorderStore(db);
  const sessionStore = new SessionStore(db);
  const dockActivity = new DockActivityStore(db);
  const dockStore: DockStatusSources = { activity: dockActivity, recorders: recorderStore, sessions: sessionStore, registers: registerStore };
  const lifecycle = new RecorderLifecycle(recorderStore, registerStore, audit, clock);
  // On an installed PC outputs may only go where root or the service account alone can write.
  const protectedPaths = new ProtectedPaths([config.vaultRoot, path.dirname(config.catalogPath)], installation ? [0, process.getuid?.() ?? 0] : null);
  let workers: FileWorkers | undefined;
  // Threads start only for commands that copy or hash.
  const fileWorkers = () => (workers ??= new FileWorkers(2));

  const cleaned = StagingArea.cleanLeftovers(config.vaultRoot);
  if (cleaned) log.warn({ files: cleaned }, 'removed unfinished copies left by an interrupted run');

  const lazy = <T>(make: () => T) => {
    let v: T | undefined;
    return () => (v ??= make());
  };
  const ingest = lazy(
    () =>
      new IngestService(
        {
          vaultRoot: config.vaultRoot,
          extensions: extensionSet(config.mediaExtensions),
          fileNamePatterns: compileFileNamePatterns(config.fileNamePatterns),
          concurrency: config.copyConcurrency,
          protectedPaths,
        },
        {
          recordings,
          sessions: sessionStore,
          registers: registerStore,
          workers: fileWorkers(),
          probe: new FfprobeMediaProbe(config.probeTimeoutSeconds),
          audit,
          clock,
          log,
          officers: lifecycle,
          staging: (vaultRoot) => new StagingArea(vaultRoot),
        },
      ),
  );
  const verify = lazy(() => new VerifyService(config.vaultRoot, recordings, fileWorkers()));
  const integrityStore = new IntegrityStore(db);
  const integrity = lazy(() => new IntegrityService(integrityStore, audit, verify));
  const fixity = lazy(
    () => new FixityService(config.fixity, new FixityStore(db), verify, integrity, audit, clock, log),
  );
  const fixityScheduler = lazy(() => new FixityScheduler(fixity(), nodeCronScheduler, log));
  const operators = new OperatorService(new OperatorStore(db), audit, clock);
  const authorizer = new RoleAuthorizer(operators);
  recordConfigIfChanged(audit, integrityStore, config, configPath, log);
  const exporter = lazy(
    () =>
      new ExportService(
        { vaultRoot: config.vaultRoot, organization: config.unitName ?? 'unnamed unit (set "unitName" in the config)', protectedPaths },
        new ExportStore(db),
        { registers: registerStore, audit: audit.store, cases: caseStore, retention: retentionStore },
        fileWorkers(),
        audit,
        clock,
        log,
      ),
  );

  const caseStore = new CaseStore(db);
  const retentionStore = new RetentionStore(db);
  const cases = new CaseService(
    { vaultRoot: config.vaultRoot, categoryMonths: config.retention.categoryMonths },
    caseStore,
    retentionStore,
    recordings,
    audit,
    clock,
    log,
  );
  const retention = new RetentionService(
    {
      vaultRoot: config.vaultRoot,
      minimumMonths: config.retention.minimumMonths,
      categoryMonths: config.retention.categoryMonths,
      afterTombstones: pauseForCrashTest(),
    },
    retentionStore,
    caseStore,
    cases,
    audit,
    clock,
  );
  const holds = new HoldService(retentionStore, caseStore, recordings, audit, clock);
  const retentionSweep = lazy(
    () => new RetentionSweep(retention, audit, { autoDispose: config.retention.autoDispose, schedule: config.retention.sweepSchedule }, scheduleJob, clock, log),
  );
  const discStore = new DiscStore(db);
  const xorriso = new Xorriso();
  const discBuild = lazy(
    () =>
      new DiscBuildService(
        { vaultRoot: config.vaultRoot, unitName: config.unitName ?? null, protectedPaths },
        recordings,
        registerStore,
        discStore,
        new SqlCaseRecordings(db),
        holds,
        new FfprobeMediaProbe(config.probeTimeoutSeconds),
        xorriso,
        new ChromiumPrinter(),
        audit,
        clock,
        log,
      ),
  );
  const discCheck = lazy(() => new DiscCheckService(discStore, xorriso, audit));
  const anchorLog = lazy(() => new AnchorLog(() => integrity().anchor(), nodeCronScheduler, clock, log));

  return {
    config,
    configPath,
    installation,
    db,
    log,
    clock,
    audit,
    recordings,
    registers: new RegisterService(registerStore, audit, clock),
    get ingest() {
      return ingest();
    },
    get verify() {
      return verify();
    },
    operators,
    authorizer,
    session: new CommandSession(audit, authorizer, log),
    get integrity() {
      return integrity();
    },
    get fixity() {
      return fixity();
    },
    get fixityScheduler() {
      return fixityScheduler();
    },
    dockStore,
    lifecycle,
    dockDaemon(usb, drops) {
      const settleMs = config.dock.settleSeconds * 1000;
      const dropIntake = config.dock.dropFolders.length
        ? new DropIntake(
            { folders: config.dock.dropFolders, settleMs, extensions: extensionSet(config.mediaExtensions), fileNamePatterns: compileFileNamePatterns(config.fileNamePatterns) },
            // A file counts as copied in once its size has been steady for the settle time (never zero:
            // chokidar would then take a file at its first write).
            { watcher: drops ?? new ChokidarDropFolderWatcher(Math.max(settleMs, 200)), ingest: ingest(), registers: registerStore, audit, log },
          )
        : null;
      return new DockDaemon(
        {
          mediaRoots: config.dock.mediaRoots,
          usbIds: new Set(config.dock.usbIds.flatMap((id) => parseUsbId(id) ?? [])),
          settleMs: config.dock.settleSeconds * 1000,
          maxParallel: config.dock.maxParallel,
          clearAfterIngest: config.clearAfterIngest,
          extensions: extensionSet(config.mediaExtensions),
          fileNamePatterns: compileFileNamePatterns(config.fileNamePatterns),
          progressWriteMs: 1000,
        },
        {
          ingest: ingest(),
          recorders: recorderStore,
          activity: dockActivity,
          registers: registerStore,
          usb: usb ?? new LibusbEventSource(log),
          mounts: new MountPoller(config.dock.mediaRoots, 500, log),
          audit,
          clock,
          log,
          drops: dropIntake,
        },
      );
    },
    get export() {
      return exporter();
    },
    fileWorkers,
    cases,
    holds,
    retention,
    get retentionSweep() {
      return retentionSweep();
    },
    get discBuild() {
      return discBuild();
    },
    get discCheck() {
      return discCheck();
    },
    get anchorLog() {
      return anchorLog();
    },
    async close() {
      await workers?.close();
      db.close();
    },
  };
}

/** `evidence-vault init`: create (or check and upgrade) the vault, and make its first administrator. */
export async function initVault(options: VaultOptions = {}): Promise<InitReport> {
  const { config } = startRun(options.configFile);
  const catalogueExisted = fs.existsSync(config.catalogPath);
  const vault = openVault({ ...options, create: true });
  try {
    return await initializeVault({ vaultRoot: config.vaultRoot, catalogPath: config.catalogPath, audit: vault.audit, operators: vault.operators, authorizer: vault.authorizer }, catalogueExisted);
  } finally {
    await vault.close();
  }
}

/**
 * On an installed PC a caller chose another config (through sudo): the real trail records who tried
 * what, and nothing else happens.
 */
function refuseOverride(db: Db, audit: AuditTrail, override: { source: string; value: string }, configPath: string): never {
  try {
    audit.record({ action: 'config.override', target: override.value, outcome: 'refused', details: { source: override.source, installedConfig: configPath } });
  } finally {
    db.close();
  }
  throw new UserError(
    `refused: this PC runs with the administrator's configuration ${configPath}; ${override.source} ${override.value} is not accepted / 已安装的系统只使用管理员配置`,
    'Run the command without --config (and without EVIDENCE_VAULT_CONFIG). The attempt is recorded in the audit trail.',
    EXIT_REFUSED_CODE,
  );
}

/**
 * Crash tests only: with EVIDENCE_VAULT_TEST_PAUSE_AFTER_TOMBSTONE=1 a disposal stops for good right
 * after its tombstones are committed, so a test can kill -9 the process at exactly that point.
 */
function pauseForCrashTest(): (() => Promise<void>) | undefined {
  if (process.env.EVIDENCE_VAULT_TEST_PAUSE_AFTER_TOMBSTONE !== '1' || readInstallation()) return undefined;
  return () => {
    process.stderr.write('paused after tombstone\n');
    return new Promise<void>(() => setInterval(() => undefined, 60_000));
  };
}
