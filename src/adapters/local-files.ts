/**
 * Small file-system look-ups services need, behind one adapter: a private scratch folder (0700, in
 * the system's temp folder) for files extracted to be checked and thrown away (a disc's note or
 * register, one file of a disc at a time while it is read back), whether a file is there, its size,
 * a folder's entries.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Scratch {
  /** Where a file of this name goes in the scratch folder. */
  path(name: string): string;
  readText(name: string): string;
  remove(name: string): void;
  /** Remove the folder and all in it. */
  close(): void;
}

export function openScratch(prefix: string): Scratch {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return {
    path: (name) => path.join(dir, name),
    readText: (name) => fs.readFileSync(path.join(dir, name), 'utf8'),
    remove: (name) => fs.rmSync(path.join(dir, name), { force: true }),
    close: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

/** Whether a file is there (a disc image on this PC, the audit file). */
export function fileExists(file: string): boolean {
  return fs.existsSync(file);
}

/** A file's size in bytes (following no link is not needed here: the vault's own paths). */
export function sizeOf(file: string): number {
  return fs.statSync(file).size;
}

/** The entries of a folder, links not followed. */
export function readFolder(dir: string): Promise<fs.Dirent[]> {
  return fs.promises.readdir(dir, { withFileTypes: true });
}

/** What is at a path (following links: a person names it), or null when nothing is. */
export function pathKind(file: string): Promise<fs.Stats | null> {
  return fs.promises.stat(file).catch(() => null);
}

/**
 * Whether nothing at all is at a path (the link itself, not followed): one lstat on the calling
 * thread. A check asks this first, so a million files gone cost a million lstats, not a million
 * round trips to a worker. Any other answer (a file, a link, an error other than ENOENT) is false:
 * the worker that reads the file says what is wrong with it.
 */
export function isAbsent(file: string): boolean {
  try {
    return fs.lstatSync(file, { throwIfNoEntry: false }) === undefined;
  } catch {
    return false;
  }
}

/** Whether a regular file (the link itself, not followed) can be written: a stored file is sealed read-only. */
export function isWritable(file: string): boolean {
  try {
    const st = fs.lstatSync(file, { throwIfNoEntry: false });
    return Boolean(st?.isFile() && st.mode & 0o222);
  } catch {
    return false;
  }
}
