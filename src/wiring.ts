/**
 * The one place that builds everything, with plain constructors. Entry points call `openVault` and
 * get services; nothing else constructs adapters.
 */
import path from 'node:path';
import { AuditStore } from './adapters/catalog/audit-store.js';
import { openReadSnapshot } from './adapters/catalog/database.js';
import { RecordingStore } from './adapters/catalog/recording-store.js';
import { FixityStore } from './adapters/catalog/fixity-store.js';
import { IntegrityStore } from './adapters/catalog/integrity-store.js';
import { nodeCronScheduler } from './adapters/cron-schedule.js';
import { DiscStore } from './adapters/catalog/disc-store.js';
import { Xorriso } from './adapters/xorriso.js';
import { hashFile } from './adapters/durable-file.js';
import { fileExists, isAbsent, isWritable, openScratch, pathKind, readFolder } from './adapters/local-files.js';
import { bagDisk } from './adapters/bag-disk.js';
import { FileWorkers } from './adapters/file-workers.js';
import { personBehindSudo } from './adapters/os-account.js';
import { beingPlaced } from './adapters/copies-in-flight.js';
import { ProtectedPaths } from './adapters/protected-paths.js';
import { RegisterService } from './services/registers.js';
import { VerifyService } from './services/verify.js';
import { CatalogueLookup } from './services/catalogue-lookup.js';
import { ExportVerifyService } from './services/export-verify.js';
import { DaemonSupervisor } from './services/daemon-supervisor.js';
import { onceStopSignal } from './adapters/process-signals.js';
import { FixityService } from './services/fixity.js';
import { FixityScheduler } from './services/fixity-scheduler.js';
import { AuditVerifyService } from './services/audit-verify.js';
import { RecorderLifecycle } from './services/recorder-lifecycle.js';
import { CaseStore } from './adapters/catalog/case-store.js';
import { RetentionStore } from './adapters/catalog/retention-store.js';
import { CaseService } from './services/cases.js';
import { removeViewFile, writeViewFile } from './adapters/view-file.js';
import { DiscCheckService } from './services/disc-check.js';
import { AnchorLog } from './services/anchor-log.js';
import { buildDockDaemon } from './wiring/dock.js';
import { buildAttribution, buildDiscBuild, buildExporter, buildIngest, type SharedParts } from './wiring/builders.js';
import { buildRepair, repairDeps } from './wiring/repair.js';
import { buildStationRestore } from './wiring/station-restore.js';
import { CustodyStore } from './adapters/catalog/custody-store.js';
import { processAlive, thisProcess } from './adapters/process-identity.js';
import { buildInspections } from './wiring/inspection.js';
import { buildRecordingChecks } from './wiring/recording-checks.js';
import { buildComplianceRegisters } from './wiring/compliance-registers.js';
import { buildRetention } from './wiring/retention.js';
import { buildClassification } from './wiring/classification.js';
import { buildAccess } from './wiring/access.js';
import { buildCustody } from './wiring/custody.js';
import { buildDockScreen, buildDockScreenPart } from './wiring/dock-screen.js';
import { openVaultBase } from './wiring/base.js';
import { buildStatus, dockSources } from './wiring/status.js';
import { exportReminderFacts } from './services/export-reminder.js';
import { ExportStore } from './adapters/catalog/export-store.js';
import { buildReplication } from './wiring/replication.js';
import { storeAnchors } from './services/store-anchors.js';
import { explainedStoreError } from './services/store-refusal.js';
import { ReplicationPart } from './services/replication-part.js';
import { scheduleJob } from './adapters/cron-schedule.js';

export { AUDIT_FILE } from './wiring/base.js';

import type { CopiesInFlight, Vault, VaultOptions, VaultWithParts } from './wiring/vault-types.js';
import { ABANDONED_AT_STOP } from './core/types.js';
export type { Vault, VaultOptions, VaultParts, VaultWithParts } from './wiring/vault-types.js';

/** The vault's services, for entry points. */
export function openVault(options: VaultOptions = {}): Vault {
  return openVaultParts(options);
}

export function openVaultParts(options: VaultOptions = {}): VaultWithParts {
  const base = openVaultBase(options);
  const { config, configPath, installation, db, diskFull, log, clock, audit, integrityStore, operators, authorizer, startUp } = base;
  const recordings = new RecordingStore(db);
  const dockStore = dockSources(db);
  const { registers: registerStore, recorders: recorderStore, sessions: sessionStore, activity: dockActivity } = dockStore;
  const lifecycle = new RecorderLifecycle(recorderStore, registerStore, audit, clock);
  // On an installed PC outputs may only go where root or the service account alone can write.
  const protectedPaths = new ProtectedPaths([config.vaultRoot, path.dirname(config.catalogPath)], installation ? [0, process.getuid?.() ?? 0] : null);
  let workers: FileWorkers | undefined;
  // Workers start only for commands that copy or hash. Two processes (the cores), two jobs each: a copy
  // waiting for its fsync leaves its worker to hash another's bytes (many docks at once); never more
  // than four copies in flight, so memory stays flat however many recorders are docked.
  const fileWorkers = () => (workers ??= new FileWorkers(2, 2));
  const copiesInFlight: CopiesInFlight = { stalledLanes: () => workers?.stalledLanes ?? [], abandon: async (why) => workers?.close(why) };

  const lazy = <T>(make: () => T) => {
    let v: T | undefined;
    return () => (v ??= make());
  };
  // Who reads which source and which vault names copies in flight hold: ingest claims, verify asks.
  const custody = new CustodyStore(db, thisProcess(), processAlive);
  const shared: SharedParts = { config, db, log, clock, audit, recordings, registerStore, recorderStore, sessionStore, custody, lifecycle, protectedPaths, fileWorkers };
  const ingest = lazy(() => buildIngest(shared));
  const copies = { beingPlaced: (abs: string) => beingPlaced(config.vaultRoot, abs), leftBehind: (rel: string) => leftByInterruptedIngest(custody, rel) };
  const verify = lazy(() => new VerifyService(config.vaultRoot, recordings, fileWorkers(), audit, { readFolder, isAbsent, isWritable }, copies));
  // The trail check reads the catalogue through one snapshot (a second connection in one read transaction);
  // with the catalogue opened exclusively on a full disk nobody else can write, so its own connection is one.
  const snapshot = () => {
    const snap = diskFull ? db : openReadSnapshot(config.catalogPath);
    return { audit: new AuditStore(snap), integrity: new IntegrityStore(snap), close: () => (snap === db ? undefined : snap.close()) };
  };
  // `--anchor store`: the heads of the trail segments the store holds, read from the store itself.
  const remoteHeads = () => {
    const r = replication();
    return r ? async () => { const s3 = await r.connect(); try { return await storeAnchors(s3, r.config.station); } catch (err) { throw explainedStoreError(err, s3); } finally { s3.close(); } } : null;
  };
  const auditVerify = lazy(() => new AuditVerifyService(integrityStore, audit, verify, (dev) => discCheck().chainHead(dev), pathKind, bagDisk, snapshot, remoteHeads()));
  const fixity = lazy(
    () => new FixityService(config.fixity, { store: new FixityStore(db), verify, integrity: auditVerify, audit, clock, log }),
  );
  const fixityScheduler = lazy(() => new FixityScheduler(fixity(), nodeCronScheduler, log));
  const access = lazy(() => buildAccess(shared, { cases: caseStore }));
  const exporter = lazy(() => buildExporter(shared, { cases: caseStore, retention: retentionStore, grants: access().gate }));
  const caseStore = new CaseStore(db);
  const retentionStore = new RetentionStore(db);
  const cases = new CaseService(
    { vaultRoot: config.vaultRoot, categoryMonths: config.retention.categoryMonths, minimumMonths: config.retention.minimumMonths },
    // The classification is made below; an unlink only comes once everything is wired.
    { cases: caseStore, retention: retentionStore, recordings, views: { write: writeViewFile, remove: removeViewFile }, audit, clock, log, unlinkCheck: (c, ids) => classified.classification.requireUnlink(c, ids) },
  );
  const { retention, holds, standing: standingApprovals, sweep: retentionSweep } = buildRetention(shared, { caseStore, retentionStore, cases });
  const discStore = new DiscStore(db);
  const xorriso = new Xorriso();
  const classified = buildClassification(shared, { cases: caseStore, operators });
  const attribution = lazy(() => buildAttribution(shared, cases, classified.classification));
  const discBuild = lazy(() => buildDiscBuild(shared, { discs: discStore, holds, xorriso, cameraOperators: classified.cameraOperators, grants: access().gate }));
  const discCheck = lazy(() => new DiscCheckService(discStore, xorriso, audit, hashFile, { scratch: openScratch, exists: fileExists }, (entry, ids) => access().sight(entry, ids)));
  const repair = lazy(() => buildRepair(shared, { discs: discStore, xorriso, replication: () => replication() }));
  const stationRestore = lazy(() => {
    const r = replication();
    return r ? buildStationRestore(shared, r, repairDeps(shared, { discs: discStore, xorriso, replication: () => r })) : null;
  });
  const complianceRegisters = buildComplianceRegisters(shared);
  const inspections = lazy(() => buildInspections(shared, { checks, registers: () => complianceRegisters }));
  const checks = lazy(() => buildRecordingChecks(shared));
  const anchorLog = lazy(() => new AnchorLog(() => auditVerify().anchor(), nodeCronScheduler, clock, log));
  const replication = lazy(() => buildReplication(shared, { cases: caseStore, retentionStore, retention }));
  const exportStore = new ExportStore(db);
  const dockScreen = lazy(() => buildDockScreen(shared, dockStore, () => exportReminderFacts(exportStore, clock)));

  const replicationPart = () => {
    const r = replication();
    return r ? [{ name: 'replication', part: new ReplicationPart(r.service, r.outbox, { dailyAt: r.config.dailyAt, scheduler: scheduleJob }, clock, log) }] : [];
  };

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
    ...buildCustody(shared, discStore, (entry, ids) => access().sight(entry, ids)),
    get ingest() {
      return ingest();
    },
    copiesInFlight,
    get verify() {
      return verify();
    },
    operators,
    authorizer,
    session: base.session,
    storage: base.storage,
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
          // The page on the dock screen, kept up to date (config `dockScreen`).
          { name: 'dock-screen', part: buildDockScreenPart(shared, dockScreen()) },
          // The write-once copy off the machine, when a store is configured (config `replication`).
          ...replicationPart(),
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
    status: buildStatus(base, dockStore, () => standingApprovals.statusFacts()),
    get dockScreen() {
      return dockScreen();
    },
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
      const abandonCopies = () => copiesInFlight.abandon(ABANDONED_AT_STOP);
      const stalledSources = copiesInFlight.stalledLanes;
      const listVolume = (root: string, extensions: ReadonlySet<string>) => fileWorkers().scan(root, extensions, { lane: root });
      const warmWorkers = () => fileWorkers().warm();
      return buildDockDaemon({ config, ingest, recorders: recorderStore, activity: dockActivity, registers: registerStore, audit, clock, log, abandonCopies, stalledSources, listVolume, warmWorkers }, usb, drops);
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
    get stationRestore() {
      return stationRestore();
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
    get replication() {
      return replication();
    },
    async close() {
      await workers?.close();
      await base.close();
    },
  };
}

/** A vault file an ingest placed and then died before cataloguing: what verify names as an interrupted copy. */
function leftByInterruptedIngest(custody: CustodyStore, vaultPath: string) {
  const stale = custody.stalePlacement(vaultPath);
  return stale && { vaultPath, ...stale };
}
