/** What wiring hands out: the services (for entry points) and the parts inside (for init and tests). */
import type { DockScreen } from '../services/dock-screen.js';
import type { Actor, Clock } from '../core/types.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { Installation } from '../core/installation.js';
import type { Config } from '../adapters/config-file.js';
import type { Db } from '../adapters/catalog/database.js';
import type { Logger } from '../adapters/logger.js';
import type { RecordingStore } from '../adapters/catalog/recording-store.js';
import type { DockStatusSources } from '../services/dock-status.js';
import type { FileWorkers } from '../adapters/file-workers.js';
import type { UsbEventSource } from '../adapters/usb-events.js';
import type { DropFolderWatcher } from '../adapters/drop-folder-watcher.js';
import type { AuditLog, AuditTrail } from '../services/audit-trail.js';
import type { Authorizer } from '../services/authorizer.js';
import type { FixityScheduler } from '../services/fixity-scheduler.js';
import type { RetentionSweep } from '../services/retention-sweep.js';
import type { AnchorLog } from '../services/anchor-log.js';
import type { DockDaemon } from '../services/dock-daemon.js';
import type { CommandSession } from '../services/command-session.js';
import type { CatalogueLookup } from '../services/catalogue-lookup.js';
import type { RegisterService } from '../services/registers.js';
import type { RecorderLifecycle } from '../services/recorder-lifecycle.js';
import type { OperatorService } from '../services/operators.js';
import type { IngestService } from '../services/ingest.js';
import type { VerifyService } from '../services/verify.js';
import type { AuditVerifyService } from '../services/audit-verify.js';
import type { FixityService } from '../services/fixity.js';
import type { ExportService } from '../services/export.js';
import type { ExportVerifyService } from '../services/export-verify.js';
import type { CaseService } from '../services/cases.js';
import type { HoldService } from '../services/holds.js';
import type { RetentionService } from '../services/retention.js';
import type { StandingApprovals } from '../services/retention-standing.js';
import type { DiscBuildService } from '../services/disc-build.js';
import type { AttributionService } from '../services/attribution.js';
import type { DiscCheckService } from '../services/disc-check.js';
import type { RepairService } from '../services/repair.js';
import type { InspectionReportService } from '../services/inspection-report.js';
import type { InspectionService } from '../services/inspections.js';
import type { ServiceStatus } from '../services/service-status.js';
import type { RecordingChecks } from '../services/recording-checks.js';
import type { DaemonSupervisor } from '../services/daemon-supervisor.js';
import type { ComplianceRegisters } from './compliance-registers.js';
import type { ClassificationParts } from './classification.js';
import type { AccessParts } from './access.js';
import type { CustodyServices } from './custody.js';
import type { ReplicationParts } from './replication.js';
import type { StationRestoreService } from '../services/station-restore.js';

export interface VaultOptions {
  configFile?: string;
  /** `evidence-vault init` only: create the vault folder and the catalogue when they are missing. */
  create?: boolean;
  /**
   * A read-only check (`verify`, `audit verify`): on a disk too full to open the catalogue the usual
   * way it is opened for reading alone, and the check says it could not record itself.
   */
  readOnlyCheck?: boolean;
  logLevel?: string;
  clock?: Clock;
  actor?: Actor;
}

/**
 * The vault's services: all an entry point gets. Stores, the database, the raw trail and the
 * configuration stay inside (see VaultParts).
 */
export interface CopiesInFlight {
  /** The sources (the workers' lanes) whose copies are set aside as not answering. */
  stalledLanes(): readonly string[];
  /** Ends every copy in flight: each fails with `why` (its file not stored, still on its source). */
  abandon(why: string): Promise<void>;
}

export interface Vault extends ComplianceRegisters, ClassificationParts, CustodyServices {
  /** The unit's clock, for reading the dates and times people type. */
  clock: UnitClock;
  /** A command on the record: role check, start-up, outcome once. */
  session: CommandSession;
  /** Where the vault and the catalogue are: the disks a "disk full" message names. */
  storage: { vaultRoot: string; catalogDir: string };
  /** Recordings looked up for people. */
  catalogue: CatalogueLookup;
  registers: RegisterService;
  lifecycle: RecorderLifecycle;
  operators: OperatorService;
  ingest: IngestService;
  /** The copies the file workers run now: which sources hang, and a stop that abandons them (`ingest`). */
  copiesInFlight: CopiesInFlight;
  /** `verify`. */
  verify: VerifyService;
  /** `audit verify`. */
  auditVerify: AuditVerifyService;
  /** `audit log`. */
  auditLog: AuditLog;
  fixity: FixityService;
  export: ExportService;
  /** `export verify`. */
  exportVerify: ExportVerifyService;
  cases: CaseService;
  holds: HoldService;
  retention: RetentionService;
  /** Standing disposal approvals (two approvers): what the daily sweep may dispose of. */
  standingApprovals: StandingApprovals;
  discBuild: DiscBuildService;
  /** `recordings attribute`: out of quarantine, or a corrected recorder or officer. */
  attribution: AttributionService;
  /** `disc verify`, `disc burn`, `disc list`. */
  discCheck: DiscCheckService;
  /** `repair`: damaged or missing recordings put back from an identical copy. */
  repair: RepairService;
  /** `report inspection` (R15) and `inspection record/list/close-action`. */
  inspectionReport: InspectionReportService;
  inspections: InspectionService;
  /** `gap`, `late`, `device drift`: gaps (R5, P16), late storage (P25), recorder clocks; counts for the inspection. */
  checks: RecordingChecks;
  /** `status`. */
  status: ServiceStatus;
  /** The dock screen's page: the service keeps it up to date; `status --html FILE` writes it once. */
  dockScreen: DockScreen;
  /** `access …` (R13, P27, R14): requests, grants, their copies, the gate and the daemon's expiry part. */
  access: AccessParts;
  /** The write-once copy on the object store (`replicate …`, `verify --remote`, recovery); null: no store configured. */
  replication: ReplicationParts | null;
  /** `restore-station`: a lost station disk rebuilt from the object store; null: no store configured. */
  stationRestore: StationRestoreService | null;
  /** The dock service with all its parts (`usb`, `drops`: test seams for the USB bus and the drop-folder watcher). */
  supervisor(usb?: UsbEventSource, drops?: DropFolderWatcher): DaemonSupervisor;
  close(): Promise<void>;
}

/** What sits inside, for `init` and for tests that set up state or look at it directly. */
export interface VaultParts {
  config: Config;
  configPath: string;
  /** The installation record on an installed PC; null in a development checkout. */
  installation: Installation | null;
  db: Db;
  log: Logger;
  audit: AuditTrail;
  recordings: RecordingStore;
  /** What `status` reads: the dock activity, recorders, sessions and officer register. */
  dockStore: DockStatusSources;
  authorizer: Authorizer;
  fixityScheduler: FixityScheduler;
  retentionSweep: RetentionSweep;
  anchorLog: AnchorLog;
  /** The dock daemon alone; `usb` defaults to the real libusb adapter, `drops` to the chokidar watcher. */
  dockDaemon(usb?: UsbEventSource, drops?: DropFolderWatcher): DockDaemon;
  /** The copy/hash worker pool (started on first use). */
  fileWorkers(): FileWorkers;
  /** The start-up work every command does once allowed: clean what an interrupted run left, record a changed config. */
  startUp(): void;
}

/** Services and parts together, for `init` and tests. */
export type VaultWithParts = Vault & VaultParts;

