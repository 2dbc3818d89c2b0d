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
    },
  };
}

/** Progress of a dock's session, written through `write` at most every `writeEveryMs` (a shared SQLite file). */
export function dockProgress(a: DockActivity, writeEveryMs: number, write: () => void): Progress {
  let lastWrite = 0;
  const advance = (files: number, bytes: number) => {
    a.filesDone += files;
    a.bytesDone += bytes;
    // Written at a modest rate: `status` reads it from the catalogue.
    if (Date.now() - lastWrite >= writeEveryMs) {
      lastWrite = Date.now();
      write();
    }
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
