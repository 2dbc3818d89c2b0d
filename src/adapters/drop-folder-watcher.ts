/**
 * Watching a drop folder: the narrow seam the dock daemon listens on, and its real adapter on
 * `chokidar` (the only file that imports it). A file is reported once its size has stopped changing
 * (a copy still running is not taken early); files already there at start are reported too.
 * inotify sees no unmount, and a removed file is reported as gone: the daemon never reads that as
 * evidence deleted.
 */
import { watch, type FSWatcher } from 'chokidar';

export type DropEvent =
  /** A file was added or changed and its size has been steady for the stability time. */
  | { kind: 'settled'; path: string }
  | { kind: 'gone'; path: string }
  | { kind: 'ready' }
  | { kind: 'error'; message: string };

export interface DropWatch {
  close(): Promise<void>;
}

export interface DropFolderWatcher {
  watch(folder: string, onEvent: (e: DropEvent) => void): DropWatch;
}

export class ChokidarDropFolderWatcher implements DropFolderWatcher {
  constructor(private readonly stableMs: number) {}

  watch(folder: string, onEvent: (e: DropEvent) => void): DropWatch {
    // A fresh watcher per folder: nothing shared between folders, nothing kept after close.
    const w: FSWatcher = watch(folder, {
      ignoreInitial: false,
      followSymlinks: false, // a link could point anywhere on the machine
      persistent: true,
      awaitWriteFinish: { stabilityThreshold: this.stableMs, pollInterval: Math.min(100, this.stableMs) },
    });
    w.on('add', (p) => onEvent({ kind: 'settled', path: p }));
    w.on('change', (p) => onEvent({ kind: 'settled', path: p }));
    w.on('unlink', (p) => onEvent({ kind: 'gone', path: p }));
    w.on('ready', () => onEvent({ kind: 'ready' }));
    w.on('error', (err) => onEvent({ kind: 'error', message: err instanceof Error ? err.message : String(err) }));
    return { close: () => w.close() };
  }
}
