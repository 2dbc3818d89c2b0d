/**
 * The one place that builds everything, with plain constructors. Entry points call `openVault` and
 * get services; nothing else constructs adapters.
 */
import fs from 'node:fs';
import path from 'node:path';
import { systemClock, type Actor } from './core/types.js';
import { unitClock } from './core/unit-clock.js';
import { AuditFile } from './adapters/audit-file.js';
import { AuditStore } from './adapters/catalog/audit-store.js';
import { inTransaction, openCatalog, openCatalogForCheck, openReadSnapshot } from './adapters/catalog/database.js';
import { RecordingStore, SessionStore } from './adapters/catalog/recording-store.js';
import { RegisterStore } from './adapters/catalog/register-store.js';
import { FixityStore } from './adapters/catalog/fixity-store.js';
import { IntegrityStore } from './adapters/catalog/integrity-store.js';
import { OperatorStore } from './adapters/catalog/operator-store.js';
import { nodeCronScheduler } from './adapters/cron-schedule.js';
import { DiscStore } from './adapters/catalog/disc-store.js';
import { Xorriso } from './adapters/xorriso.js';
import { hashFile } from './adapters/durable-file.js';
import { fileExists, isAbsent, openScratch, pathKind, readFolder } from './adapters/local-files.js';
import { bagDisk } from './adapters/bag-disk.js';
import { assertVaultPresent, startRun } from './startup.js';
import { FileWorkers } from './adapters/file-workers.js';
import { createLogger } from './adapters/logger.js';
import { currentOsAccount, personBehindSudo } from './adapters/os-account.js';
import { StagingArea } from './adapters/staging-area.js';
import { beingPlaced } from './adapters/copies-in-flight.js';
import { ProtectedPaths } from './adapters/protected-paths.js';
import { AuditTrail } from './services/audit-trail.js';
import { RegisterService } from './services/registers.js';
import { VerifyService } from './services/verify.js';
import { RoleAuthorizer } from './services/authorizer.js';
import { CommandSession } from './services/command-session.js';
import { CatalogueLookup } from './services/catalogue-lookup.js';
import { ExportVerifyService } from './services/export-verify.js';
import { DaemonSupervisor } from './services/daemon-supervisor.js';
import { ServiceStatus } from './services/service-status.js';
import { onceStopSignal } from './adapters/process-signals.js';
import { recordConfigIfChanged } from './services/config-audit.js';
import { FixityService } from './services/fixity.js';
import { FixityScheduler } from './services/fixity-scheduler.js';
import { AuditVerifyService } from './services/audit-verify.js';
import { OperatorService } from './services/operators.js';
import { DockActivityStore } from './adapters/catalog/dock-activity-store.js';
import { RecorderStore } from './adapters/catalog/recorder-store.js';
import type { DockStatusSources } from './services/dock-status.js';
import { RecorderLifecycle } from './services/recorder-lifecycle.js';
import { CaseStore } from './adapters/catalog/case-store.js';
import { RetentionStore } from './adapters/catalog/retention-store.js';
import { CaseService } from './services/cases.js';
import { removeViewFile, writeViewFile } from './adapters/view-file.js';
import { DiscCheckService } from './services/disc-check.js';
import { AnchorLog } from './services/anchor-log.js';
import { buildDockDaemon } from './wiring/dock.js';
import { buildAttribution, buildDiscBuild, buildExporter, buildIngest, type SharedParts } from './wiring/builders.js';
import { buildRepair } from './wiring/repair.js';
import { CustodyStore } from './adapters/catalog/custody-store.js';
import { processAlive, thisProcess } from './adapters/process-identity.js';
import { buildInspections } from './wiring/inspection.js';
import { buildRecordingChecks } from './wiring/recording-checks.js';
import { buildComplianceRegisters } from './wiring/compliance-registers.js';
import { buildRetention } from './wiring/retention.js';
import { buildClassification } from './wiring/classification.js';
import { buildAccess } from './wiring/access.js';
import { buildCustody } from './wiring/custody.js';

export const AUDIT_FILE = '.audit/audit-trail.jsonl';

import type { Vault, VaultOptions, VaultWithParts } from './wiring/vault-types.js';
import { refuseOverride } from './wiring/start-guards.js';
export type { Vault, VaultOptions, VaultParts, VaultWithParts } from './wiring/vault-types.js';

/** The vault's services, for entry points. */
export function openVault(options: VaultOptions = {}): Vault {
  return openVaultParts(options);
}

export function openVaultParts(options: VaultOptions = {}): VaultWithParts {
  const { config, configPath, installation, override } = startRun(options.configFile);
  const log = createLogger(options.logLevel ?? config.logLevel);
  // The unit's one clock: every date the vault writes is in its zone.
  const clock = unitClock(options.clock ?? systemClock, config.timezone);
  if (options.create) fs.mkdirSync(config.vaultRoot, { recursive: true, mode: 0o750 });
  else assertVaultPresent(config);
  // A read-only check still runs on a disk too full for the catalogue's usual open; it then cannot record itself.
  const { db, diskFull } = options.readOnlyCheck ? openCatalogForCheck(config.catalogPath) : { db: openCatalog(config.catalogPath, { create: options.create }), diskFull: false };
  const actor: Actor = options.actor ?? { operator: currentOsAccount(), role: null };
  const audit = new AuditTrail(
    { transaction: (fn) => inTransaction(db, fn), store: new AuditStore(db), file: new AuditFile(path.join(config.vaultRoot, AUDIT_FILE)), clock, log, cannotRecord: diskFull ? 'disk full' : undefined },
    actor,
  );
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

  // Start-up work that writes: done once the command is allowed (or the service starts), never before.
  const startUp = () => {
    const cleaned = StagingArea.cleanLeftovers(config.vaultRoot);
    if (cleaned) log.warn({ files: cleaned }, 'removed unfinished copies left by an interrupted run');
    // On a full disk nothing can be recorded: the config is put on the record by the next run that can write.
    if (!diskFull) recordConfigIfChanged(audit, integrityStore, config, configPath, log);
  };

  const lazy = <T>(make: () => T) => {
    let v: T | undefined;
    return () => (v ??= make());
  };
  // Who reads which source and which vault names copies in flight hold: ingest claims, verify asks.
  const custody = new CustodyStore(db, thisProcess(), processAlive);
  const shared: SharedParts = { config, db, log, clock, audit, recordings, registerStore, recorderStore, sessionStore, custody, lifecycle, protectedPaths, fileWorkers };
  const ingest = lazy(() => buildIngest(shared));
  const copies = { beingPlaced: (abs: string) => beingPlaced(config.vaultRoot, abs), leftBehind: (rel: string) => leftByInterruptedIngest(custody, rel) };
  const verify = lazy(() => new VerifyService(config.vaultRoot, recordings, fileWorkers(), audit, { readFolder, isAbsent }, copies));
  const integrityStore = new IntegrityStore(db);
  // The trail check reads the catalogue through one snapshot (a second connection in one read transaction);
  // with the catalogue opened exclusively on a full disk nobody else can write, so its own connection is one.
  const snapshot = () => {
    const snap = diskFull ? db : openReadSnapshot(config.catalogPath);
    return { audit: new AuditStore(snap), integrity: new IntegrityStore(snap), close: () => (snap === db ? undefined : snap.close()) };
  };
  const auditVerify = lazy(() => new AuditVerifyService(integrityStore, audit, verify, (dev) => discCheck().chainHead(dev), pathKind, bagDisk, snapshot));
  const fixity = lazy(
    () => new FixityService(config.fixity, { store: new FixityStore(db), verify, integrity: auditVerify, audit, clock, log }),
  );
  const fixityScheduler = lazy(() => new FixityScheduler(fixity(), nodeCronScheduler, log));
  const operators = new OperatorService(new OperatorStore(db), audit, clock);
  const authorizer = new RoleAuthorizer(operators);
  const access = lazy(() => buildAccess(shared, { cases: caseStore }));
  const exporter = lazy(() => buildExporter(shared, { cases: caseStore, retention: retentionStore, grants: access().gate }));
  const caseStore = new CaseStore(db);
  const retentionStore = new RetentionStore(db);
  const cases = new CaseService(
    { vaultRoot: config.vaultRoot, categoryMonths: config.retention.categoryMonths, minimumMonths: config.retention.minimumMonths },
    { cases: caseStore, retention: retentionStore, recordings, views: { write: writeViewFile, remove: removeViewFile }, audit, clock, log },
  );
  const { retention, holds, standing: standingApprovals, sweep: retentionSweep } = buildRetention(shared, { caseStore, retentionStore, cases });
  const attribution = lazy(() => buildAttribution(shared, cases));
  const discStore = new DiscStore(db);
  const xorriso = new Xorriso();
  const classified = buildClassification(shared, { cases: caseStore, operators });
  const discBuild = lazy(() => buildDiscBuild(shared, { discs: discStore, holds, xorriso, cameraOperators: classified.cameraOperators, grants: access().gate }));
  const discCheck = lazy(() => new DiscCheckService(discStore, xorriso, audit, hashFile, { scratch: openScratch, exists: fileExists }));
  const repair = lazy(() => buildRepair(shared, { discs: discStore, xorriso }));
  const complianceRegisters = buildComplianceRegisters(shared);
  const inspections = lazy(() => buildInspections(shared, { checks, registers: () => complianceRegisters }));
  const checks = lazy(() => buildRecordingChecks(shared));
  const anchorLog = lazy(() => new AnchorLog(() => auditVerify().anchor(), nodeCronScheduler, clock, log));

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
    ...complianceRegisters,
    ...classified,
    ...buildCustody(shared, discStore),
    get ingest() {
      return ingest();
    },
    get verify() {
      return verify();
    },
    operators,
    authorizer,
    session: new CommandSession(audit, authorizer, log, startUp),
    storage: { vaultRoot: config.vaultRoot, catalogDir: path.dirname(config.catalogPath) },
    startUp,
    catalogue: new CatalogueLookup(recordings),
    exportVerify: new ExportVerifyService(fileWorkers, audit, (setId) => exporter().madeHere(setId), bagDisk),
    supervisor(usb, drops) {
      return new DaemonSupervisor({
        parts: [
          { name: 'dock', part: this.dockDaemon(usb, drops) },
          // The nightly fixity share and the daily retention sweep; a failure of either is logged and shown in `status`.
          { name: 'fixity', part: fixityScheduler() },
          { name: 'retention-sweep', part: retentionSweep() },
          // The chain head in the journal, at start-up and daily: a copy of it kept off the trail.
          { name: 'anchor-log', part: anchorLog() },
          { name: 'access-expiry', part: access().expiry },
        ],
        audit,
        log,
        installed: installation !== null,
        personBehindSudo: personBehindSudo(),
        reminder: () => exporter().reminder(),
        onStop: onceStopSignal,
        startUp,
      });
    },
    auditLog: audit,
    status: new ServiceStatus(dockStore, clock, () => fixity().statusLines(), () => exporter().reminder(), config.staffing.largeStaffFrom, () => standingApprovals.statusFacts()),
    get auditVerify() {
      return auditVerify();
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
      return buildDockDaemon({ config, ingest, recorders: recorderStore, activity: dockActivity, registers: registerStore, audit, clock, log }, usb, drops);
    },
    get export() {
      return exporter();
    },
    fileWorkers,
    cases,
    holds,
    retention,
    standingApprovals,
    get retentionSweep() {
      return retentionSweep();
    },
    get discBuild() {
      return discBuild();
    },
    get attribution() {
      return attribution();
    },
    get discCheck() {
      return discCheck();
    },
    get anchorLog() {
      return anchorLog();
    },
    get repair() {
      return repair();
    },
    get inspectionReport() {
      return inspections().report;
    },
    get inspections() {
      return inspections().record;
    },
    get checks() {
      return checks();
    },
    get access() {
      return access();
    },
    async close() {
      await workers?.close();
      db.close();
    },
  };
}

/** A vault file an ingest placed and then died before cataloguing: what verify names as an interrupted copy. */
function leftByInterruptedIngest(custody: CustodyStore, vaultPath: string) {
  const stale = custody.stalePlacement(vaultPath);
  return stale && { vaultPath, ...stale };
}
