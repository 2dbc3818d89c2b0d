/**
 * Final names for outputs built under a temporary one (disc images, their register folders): the
 * data is fsynced, the final name is given without ever replacing what already has it, and the folder
 * is fsynced. A file written by a dead run keeps its temporary name, which never looks finished.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fsyncDir, syncWrittenFile } from './durable-file.js';

export interface OutputPublisher {
  /** fsync a finished file (one a tool wrote): `FsyncError` when it fails — the output failed, redo it. */
  syncFile(file: string): Promise<void>;
  /** fsync a folder. */
  syncDir(dir: string): Promise<void>;
  /** Give a finished file its final name; false (and nothing changed) when that name is taken. */
  publishFile(temp: string, final: string): Promise<boolean>;
  /** Give a finished folder its final name; false (and nothing changed) when that name is taken. */
  publishFolder(temp: string, final: string): Promise<boolean>;
  /** Whether anything (file, folder, link) has this name; links are not followed. */
  taken(p: string): Promise<boolean>;
  /** What is at a path, links not followed: null when nothing is. */
  kind(p: string): Promise<'folder' | 'file' | 'other' | null>;
  /** The names in a folder, [] when it is not there. */
  names(dir: string): Promise<string[]>;
  /** Whether a process with this id is running (on this PC; one of another user counts as running). */
  processAlive(pid: number): boolean;
  /** This process's id, for temporary names a later run can tell are orphaned. */
  readonly pid: number;
}

const NO_LINKS = new Set(['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EMLINK', 'ENOSYS']);

async function taken(p: string): Promise<boolean> {
  return (await fsp.lstat(p).catch(() => null)) !== null;
}

export const outputPublisher: OutputPublisher = {
  syncFile: syncWrittenFile,
  syncDir: fsyncDir,
  async publishFile(temp, final) {
    try {
      // link(2) fails on EEXIST where rename(2) would overwrite a finished image.
      await fsp.link(temp, final);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code ?? '';
      if (code === 'EEXIST') return false;
      if (!NO_LINKS.has(code)) throw err;
      // A file system without hard links (FAT, exFAT): look, then rename; the window is this process's own.
      if (await taken(final)) return false;
      await fsp.rename(temp, final);
      await fsyncDir(path.dirname(final));
      return true;
    }
    await fsp.unlink(temp);
    await fsyncDir(path.dirname(final));
    return true;
  },
  async publishFolder(temp, final) {
    // rename(2) replaces only an empty folder (a non-empty one fails ENOTEMPTY): look first all the same.
    if (await taken(final)) return false;
    try {
      await fsp.rename(temp, final);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') return false;
      throw err;
    }
    await fsyncDir(path.dirname(final));
    return true;
  },
  taken,
  async kind(p) {
    const st = await fsp.lstat(p).catch(() => null);
    return st === null ? null : st.isDirectory() ? 'folder' : st.isFile() ? 'file' : 'other';
  },
  async names(dir) {
    return fsp.readdir(dir).catch(() => []);
  },
  processAlive(pid) {
    try {
      process.kill(pid, 0);
      return true;
    } catch (err) {
      return (err as NodeJS.ErrnoException).code === 'EPERM';
    }
  },
  pid: process.pid,
};
