/** A volume docked under a media root, as the daemon tracks it, and its progress as `status` shows it. */
import type { MountEntry } from '../core/mount-table.js';
import type { VolumeMatch } from '../core/recorder-match.js';
import type { DockActivity } from '../adapters/catalog/dock-activity-store.js';
import type { Progress } from '../core/progress.js';

export interface Dock {
  mount: MountEntry;
  activity: DockActivity;
  /** The recorder, or the mount point for an unknown one: sessions are serialised per key. */
  key: string | null;
  match: VolumeMatch | null;
  controller: AbortController | null;
  gone: boolean;
  /** The source its session reads (its copies' lane), once the session has begun. */
  sourceKey?: string;
}

export function dockedVolume(mount: MountEntry, dockedAt: string, nowMs: number): Dock {
  return {
    mount,
    key: null,
    match: null,
    controller: null,
    gone: false,
    activity: {
      mountPoint: mount.mountPoint,
      mountId: mount.mountId,
      deviceNumber: null,
      matchedBy: null,
      state: 'settling',
      quarantined: false,
      detail: null,
      sessionId: null,
      filesTotal: 0,
      filesDone: 0,
      bytesTotal: 0,
      bytesDone: 0,
      dockedAt,
      startedMs: null,
      updatedMs: nowMs,
      stalledSinceMs: null,
    },
  };
}

/**
 * Progress of a dock's session. Its totals and its end are written at once (`write`); each step only
 * marks the dock as changed (`changed`), and the daemon writes every changed dock together, in one
 * catalogue transaction a second, however many recorders are docked (a shared SQLite file whose
 * every commit is a flush of the disk the copies are going to).
 */
export function dockProgress(a: DockActivity, changed: () => void, write: () => void): Progress {
  const advance = (files: number, bytes: number) => {
    a.filesDone += files;
    a.bytesDone += bytes;
    changed();
  };
  return {
    start: (files, bytes) => {
      a.filesTotal = files;
      a.bytesTotal = bytes;
      write();
    },
    advance,
    bytes: (n) => advance(0, n),
    stop: () => write(),
  };
}
