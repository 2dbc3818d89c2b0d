/** What the dock daemon calls on the outside, declared here so each dependency is exactly what it uses. */
import type { MountChanges } from '../core/mount-table.js';
import type { Device } from '../core/types.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { DaemonState, DockActivity } from '../adapters/catalog/dock-activity-store.js';
import type { RecorderRecord } from '../adapters/catalog/recorder-store.js';
import type { Logger } from '../adapters/logger.js';
import type { ScanResult } from '../adapters/volume-scanner.js';
import type { UsbEventSource } from '../adapters/usb-events.js';
import type { AuditTrail } from './audit-trail.js';
import type { IngestRequest, IngestSummary } from './ingest.js';

export interface RecorderIngest {
  ingest(request: IngestRequest): Promise<IngestSummary>;
}

/** The registered recorders, to recognise a docked volume. */
export interface RecorderList {
  recorders(): RecorderRecord[];
  recorder(number: string): RecorderRecord | undefined;
}

/** What the daemon writes for `status` in another process: its heartbeat and each dock's progress. */
export interface DockActivityLog {
  putDaemon(s: DaemonState): void;
  heartbeat(pid: number, ms: number): void;
  markStopped(pid: number, at: string): void;
  putActivity(a: DockActivity): void;
  /** Several docks' progress in one transaction. */
  putActivities(list: readonly DockActivity[]): void;
  removeActivity(mountPoint: string, mountId: number): void;
  clearActivity(): void;
}

/** Mounts appearing and going below the media roots; what is mounted at start counts as appearing. */
export interface MountWatch {
  readonly intervalMs: number;
  start(onChange: (changes: MountChanges) => void): void;
  stop(): void;
}

/** Drop folders watched beside the media roots (footage handed in on other media). */
export interface DropFolders {
  readonly folders: readonly string[];
  start(): void;
  stop(): Promise<void>;
}

/** A docked recorder's volume: its files (never through a link), its FAT identity and USB serial, and clearing a file. */
export interface DockedVolumes {
  scan(root: string, extensions: ReadonlySet<string>): Promise<ScanResult>;
  /** Made ready for the first volume (its listers started) when the service starts. */
  warm?(): void;
  /** Label and volume id of a FAT file system on a block device; null when it is none. */
  fatIdentity(device: string): { label: string | null; uuid: string | null } | null;
  /** The USB serial of the device behind a block device, from sysfs; null when there is none. */
  usbSerial(device: string): string | null;
  /** Remove a file from the recorder (clearAfterIngest). */
  remove(root: string, relPath: string): Promise<void>;
}

export interface DockDeps {
  volumes: DockedVolumes;
  ingest: RecorderIngest;
  recorders: RecorderList;
  activity: DockActivityLog;
  registers: { deviceBySerial(serial: string): Device | undefined };
  usb: UsbEventSource;
  mounts: MountWatch;
  audit: Pick<AuditTrail, 'record'>;
  clock: UnitClock;
  log: Logger;
  /** null: no drop folders configured. */
  drops: DropFolders | null;
  /**
   * Ends the copies still running once a stop has waited `stopGraceMs` for them (a recorder whose
   * reads hang never answers): their jobs fail, so their files are not stored and stay on the recorder.
   */
  abandonCopies?: () => Promise<void>;
  /** The sources whose copies have said nothing for a while now (their reads hang); none when not known. */
  stalledSources?: () => readonly string[];
}
