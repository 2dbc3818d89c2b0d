/** Looking at what a test left on disk. */
import fs from 'node:fs';
import path from 'node:path';

/** Every regular file below `dir` (symlinks not followed), relative to it, forward slashes; none when `dir` is missing. */
export function filesBelow(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** The bytes of every regular file below `dir`. */
export function bytesBelow(dir: string): number {
  return filesBelow(dir).reduce((n, f) => n + (fs.statSync(path.join(dir, f), { throwIfNoEntry: false })?.size ?? 0), 0);
}
