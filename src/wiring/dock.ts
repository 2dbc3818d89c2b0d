/** The dock daemon and its drop folders, wired from the config: the part of wiring the service alone needs. */
import type { Config } from '../adapters/config-file.js';
import type { RegisterStore } from '../adapters/catalog/register-store.js';
import type { RecorderStore } from '../adapters/catalog/recorder-store.js';
import type { DockActivityStore } from '../adapters/catalog/dock-activity-store.js';
import { ChokidarDropFolderWatcher, type DropFolderWatcher } from '../adapters/drop-folder-watcher.js';
import type { Logger } from '../adapters/logger.js';
import { MountPoller } from '../adapters/mount-poller.js';
import { FindmntDoorbell } from '../adapters/mount-doorbell.js';
import { folderExists, removeFromVolume, scanVolume, subfolderNames, type ScanResult } from '../adapters/volume-scanner.js';
import { readFatIdentity, usbSerialOfBlockDevice } from '../adapters/volume-identity.js';
import { LibusbEventSource, type UsbEventSource } from '../adapters/usb-events.js';
import { compileFileNamePatterns } from '../core/recorder-file-name.js';
import { extensionSet } from '../core/media-selection.js';
import type { UnitClock } from '../core/unit-clock.js';
import { parseUsbId } from '../core/usb-descriptor.js';
import type { AuditTrail } from '../services/audit-trail.js';
import { DockDaemon } from '../services/dock-daemon.js';
import { DropIntake } from '../services/drop-intake.js';
import type { IngestService } from '../services/ingest.js';

export interface DockParts {
  config: Config;
  ingest: () => IngestService;
  recorders: RecorderStore;
  activity: DockActivityStore;
  registers: RegisterStore;
  audit: AuditTrail;
  clock: UnitClock;
  log: Logger;
  /** Ends the copy workers (a stop that waited its grace for the files in flight). */
  abandonCopies: () => Promise<void>;
  /** The sources whose copies have stalled (the copy workers' lanes set aside). */
  stalledSources: () => readonly string[];
  /** A docked volume listed by a copy worker, as ingest lists it (file-workers.ts): the service's thread serves every dock. */
  listVolume: (root: string, extensions: ReadonlySet<string>) => Promise<ScanResult>;
  /** Starts the copy workers that list and copy the volumes (FileWorkers.warm). */
  warmWorkers: () => void;
}

/** `usb` and `drops` are test seams: the real libusb source and chokidar watcher by default. */
export function buildDockDaemon(p: DockParts, usb?: UsbEventSource, drops?: DropFolderWatcher): DockDaemon {
  const { config, audit, log } = p;
  const settleMs = config.dock.settleSeconds * 1000;
  const extensions = extensionSet(config.mediaExtensions);
  const fileNamePatterns = compileFileNamePatterns(config.fileNamePatterns);
  const dropIntake = config.dock.dropFolders.length
    ? new DropIntake(
        { folders: config.dock.dropFolders, settleMs, extensions, fileNamePatterns },
        // A file counts as copied in once its size has been steady for the settle time (never zero:
        // chokidar would then take a file at its first write).
        { folders: { exists: folderExists, subfolders: subfolderNames, scan: scanVolume }, watcher: drops ?? new ChokidarDropFolderWatcher(Math.max(settleMs, 200)), ingest: p.ingest(), registers: p.registers, audit, log },
      )
    : null;
  return new DockDaemon(
    {
      mediaRoots: config.dock.mediaRoots,
      usbIds: new Set(config.dock.usbIds.flatMap((id) => parseUsbId(id) ?? [])),
      settleMs,
      maxParallel: config.dock.maxParallel,
      clearAfterIngest: config.clearAfterIngest,
      extensions,
      fileNamePatterns,
      progressWriteMs: 1000,
      // Well inside systemd's TimeoutStopSec (300 s): a healthy large file finishes, a hung one does not hold the stop.
      stopGraceMs: 30_000,
    },
    {
      volumes: { scan: p.listVolume, warm: p.warmWorkers, fatIdentity: readFatIdentity, usbSerial: (device) => usbSerialOfBlockDevice(device), remove: removeFromVolume },
      ingest: p.ingest(),
      recorders: p.recorders,
      activity: p.activity,
      registers: p.registers,
      usb: usb ?? new LibusbEventSource(log),
      mounts: new MountPoller(config.dock.mediaRoots, 500, log, new FindmntDoorbell(log)),
      audit,
      clock: p.clock,
      log,
      drops: dropIntake,
      abandonCopies: p.abandonCopies,
      stalledSources: p.stalledSources,
    },
  );
}
