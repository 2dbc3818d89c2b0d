/**
 * The one place that builds everything, with plain constructors. Entry points call `openVault` and
 * get services; nothing else constructs adapters.
 */
import fs from 'node:fs';
import path from 'node:path';
import { compileFileNamePatterns } from './core/recorder-file-name.js';
import { extensionSet } from './core/media-selection.js';
import { systemClock, type Actor, type Clock } from './core/types.js';
import { AuditFile } from './adapters/audit-file.js';
import { openCatalog, type Db } from './adapters/catalog/database.js';
import { RecordingStore, SessionStore } from './adapters/catalog/recording-store.js';
import { RegisterStore } from './adapters/catalog/register-store.js';
import { SqlCaseRecordings } from './adapters/catalog/case-recordings-sql.js';
import { DiscStore } from './adapters/catalog/disc-store.js';
import { ChromiumPrinter } from './adapters/chromium-print.js';
import { Xorriso } from './adapters/xorriso.js';
import { loadConfig, type Config } from './adapters/config-file.js';
import { FileWorkers } from './adapters/file-workers.js';
import { createLogger, type Logger } from './adapters/logger.js';
import { FfprobeMediaProbe } from './adapters/media-probe.js';
import { currentOsAccount } from './adapters/os-account.js';
import { StagingArea } from './adapters/staging-area.js';
import { AuditTrail } from './services/audit-trail.js';
import { IngestService } from './services/ingest.js';
import { RegisterService } from './services/registers.js';
import { VerifyService } from './services/verify.js';
import { DiscBuildService, holdsNotAvailable } from './services/disc-build.js';
import { DiscCheckService } from './services/disc-check.js';

export const AUDIT_FILE = '.audit/audit-trail.jsonl';

export interface VaultOptions {
  configFile?: string;
  logLevel?: string;
  clock?: Clock;
  actor?: Actor;
}

export interface Vault {
  config: Config;
  configPath: string;
  db: Db;
  log: Logger;
  clock: Clock;
  audit: AuditTrail;
  recordings: RecordingStore;
  registers: RegisterService;
  ingest: IngestService;
  verify: VerifyService;
  discBuild: DiscBuildService;
  discCheck: DiscCheckService;
  close(): Promise<void>;
}

export function openVault(options: VaultOptions = {}): Vault {
  const { config, path: configPath } = loadConfig(options.configFile);
  const log = createLogger(options.logLevel ?? config.logLevel);
  const clock = options.clock ?? systemClock;
  fs.mkdirSync(config.vaultRoot, { recursive: true, mode: 0o755 });
  const db = openCatalog(config.catalogPath);
  const actor: Actor = options.actor ?? { operator: currentOsAccount(), role: null };
  const audit = new AuditTrail(db, new AuditFile(path.join(config.vaultRoot, AUDIT_FILE)), actor, clock, config.timezone, log);
  const recordings = new RecordingStore(db);
  const registerStore = new RegisterStore(db);
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
          timezone: config.timezone,
          extensions: extensionSet(config.mediaExtensions),
          fileNamePatterns: compileFileNamePatterns(config.fileNamePatterns),
          concurrency: config.copyConcurrency,
        },
        recordings,
        new SessionStore(db),
        registerStore,
        fileWorkers(),
        new FfprobeMediaProbe(config.probeTimeoutSeconds),
        audit,
        clock,
        log,
      ),
  );
  const verify = lazy(() => new VerifyService(config.vaultRoot, recordings, fileWorkers()));
  const discStore = new DiscStore(db);
  const xorriso = new Xorriso();
  // Cases and holds come from their own feature: the case lookup reads its tables when present;
  // holds are not placed until that feature's HoldPlacer is wired here.
  const discBuild = lazy(
    () =>
      new DiscBuildService(
        { vaultRoot: config.vaultRoot, timezone: config.timezone, unitName: config.unitName ?? null },
        recordings,
        registerStore,
        discStore,
        new SqlCaseRecordings(db),
        holdsNotAvailable,
        new FfprobeMediaProbe(config.probeTimeoutSeconds),
        xorriso,
        new ChromiumPrinter(),
        audit,
        clock,
        log,
      ),
  );
  const discCheck = lazy(() => new DiscCheckService(discStore, xorriso, audit));

  return {
    config,
    configPath,
    db,
    log,
    clock,
    audit,
    recordings,
    registers: new RegisterService(registerStore, audit, clock, config.timezone),
    get ingest() {
      return ingest();
    },
    get verify() {
      return verify();
    },
    get discBuild() {
      return discBuild();
    },
    get discCheck() {
      return discCheck();
    },
    async close() {
      await workers?.close();
      db.close();
    },
  };
}
