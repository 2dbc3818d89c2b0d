/**
 * A mounted recorder volume (or drop folder): walks it and lists its footage, checks its root, reads
 * a file's size again, clears a stored file. Never follows symlinks (a link could point anywhere on
 * the PC); system folders and files are passed over; unreadable folders are reported.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '../core/errors.js';
import { classifyFile, isSystemFolder } from '../core/media-selection.js';

export interface SourceFile {
  /** Relative to the volume root, forward slashes. */
  relPath: string;
  name: string;
  absPath: string;
  size: number;
  mtime: Date;
}

export interface ScanSkip {
  relPath: string;
  reason: 'symlink' | 'unreadable' | 'special-file';
  detail?: string;
}

export interface ScanResult {
  files: SourceFile[];
  skipped: ScanSkip[];
  /** Non-media files seen (counted, not copied). */
  otherFiles: number;
}

/**
 * How a scan reads the volume: the folder's entries, and the lstat of its media files (or why each
 * failed), by name. Two kinds: through the I/O threads (`threadedReads`, for a process that must not
 * block), and blocking (`blockingReads`, for a file worker: each asynchronous lstat costs the thread
 * that asks about 15 µs of round trip, a blocking one on a local disk 3 µs, and a recorder holds ten
 * thousand photos).
 */
export interface VolumeReads {
  entries(dir: string): Promise<fs.Dirent[]> | fs.Dirent[];
  lstats(dir: string, names: readonly string[]): Promise<Map<string, fs.Stats | Error>> | Map<string, fs.Stats | Error>;
}

export async function scanVolume(root: string, extensions: ReadonlySet<string>, reads: VolumeReads = threadedReads): Promise<ScanResult> {
  const result: ScanResult = { files: [], skipped: [], otherFiles: 0 };
  async function walk(dir: string, rel: string): Promise<void> {
    let entries;
    try {
      entries = await reads.entries(dir);
    } catch (err) {
      result.skipped.push({ relPath: rel || '.', reason: 'unreadable', detail: errorMessage(err) });
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const media = entries.filter((e) => e.isFile() && classifyFile(e.name, extensions) === 'media').map((e) => e.name);
    const stats = await reads.lstats(dir, media);
    for (const entry of entries) {
      const relPath = rel ? `${rel}/${entry.name}` : entry.name;
      const abs = path.join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        result.skipped.push({ relPath, reason: 'symlink' });
      } else if (entry.isDirectory()) {
        if (!isSystemFolder(entry.name)) await walk(abs, relPath);
      } else if (entry.isFile()) {
        const verdict = classifyFile(entry.name, extensions);
        if (verdict === 'other') result.otherFiles++;
        if (verdict !== 'media') continue;
        const st = stats.get(entry.name)!;
        if (st instanceof Error) result.skipped.push({ relPath, reason: 'unreadable', detail: errorMessage(st) });
        else result.files.push({ relPath, name: entry.name, absPath: abs, size: st.size, mtime: st.mtime });
      } else {
        result.skipped.push({ relPath, reason: 'special-file' });
      }
    }
  }
  await walk(path.resolve(root), '');
  return result;
}

/** lstats asked for at once while a folder is listed: a recorder's folder holds thousands of photos. */
const STATS_AT_ONCE = 32;

/** Reads through the I/O threads: several lstats in flight at once, not one round trip after another. */
export const threadedReads: VolumeReads = {
  entries: (dir) => fsp.readdir(dir, { withFileTypes: true }),
  async lstats(dir, names) {
    const stats = new Map<string, fs.Stats | Error>();
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(STATS_AT_ONCE, names.length) }, async () => {
        for (let i = next++; i < names.length; i = next++) {
          const name = names[i]!;
          stats.set(name, await fsp.lstat(path.join(dir, name)).catch((err: Error) => err));
        }
      }),
    );
    return stats;
  },
};

/**
 * Blocking reads, for a file worker (whose jobs are all of this recorder's lane). `onEntries` hears
 * of each folder's files as they are read: the job says it is alive while the recorder answers, and
 * falls silent when a read of it hangs (job-heartbeat.ts).
 */
export function blockingReads(onEntries?: (n: number) => void): VolumeReads {
  return {
    entries: (dir) => fs.readdirSync(dir, { withFileTypes: true }),
    lstats(dir, names) {
      const stats = new Map<string, fs.Stats | Error>();
      for (const [k, name] of names.entries()) {
        try {
          stats.set(name, fs.lstatSync(path.join(dir, name)));
        } catch (err) {
          stats.set(name, err as Error);
        }
        if (k % 256 === 255) onEntries?.(256);
      }
      onEntries?.(names.length % 256);
      return stats;
    },
  };
}

/** Whether the source root is a folder; throws when it cannot be read (not docked, not mounted). */
export async function isFolder(root: string): Promise<boolean> {
  return (await fsp.stat(root)).isDirectory();
}

/** A source file's size now, or null when it cannot be read: a size that moved during a copy means the copy is not the file. */
export async function sizeNow(absPath: string): Promise<number | null> {
  const st = await fsp.lstat(absPath).catch(() => null);
  return st ? st.size : null;
}

/** Clear a file from the recorder (clearAfterIngest), below the volume root. */
export async function removeFromVolume(root: string, relPath: string): Promise<void> {
  await fsp.unlink(path.join(root, relPath));
}

export function folderExists(dir: string): boolean {
  return fs.existsSync(dir);
}

/** The names of the folders directly below `dir` (a drop folder's batches); throws when it cannot be read. */
export function subfolderNames(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
}
