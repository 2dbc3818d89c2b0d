/**
 * Temp files for copies in flight, inside the vault (same filesystem, so link(2) into place is
 * atomic). Each process has its own folder named by its pid; folders of processes that are gone are
 * leftovers of a crash and are removed: they never held anything but unfinished copies.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { STAGING_FOLDER } from '../core/vault-layout.js';
import { pidAlive } from './process-identity.js';

export class StagingArea {
  readonly dir: string;

  constructor(vaultRoot: string) {
    const base = path.join(vaultRoot, STAGING_FOLDER);
    this.dir = path.join(base, `${process.pid}-${randomUUID().slice(0, 8)}`);
  }

  /** Remove leftovers of dead processes; returns how many temp files were cleaned. */
  static cleanLeftovers(vaultRoot: string): number {
    const base = path.join(vaultRoot, STAGING_FOLDER);
    let cleaned = 0;
    let entries: string[];
    try {
      entries = fs.readdirSync(base);
    } catch {
      return 0;
    }
    for (const name of entries) {
      const pid = Number(name.split('-')[0]);
      if (Number.isInteger(pid) && pid > 0 && pidAlive(pid)) continue;
      const dir = path.join(base, name);
      try {
        cleaned += fs.readdirSync(dir).length;
      } catch {
        // not a folder
      }
      removeOwnTree(dir);
    }
    return cleaned;
  }

  open(): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  tempPath(): string {
    return path.join(this.dir, `${randomUUID()}.part`);
  }

  /**
   * A temp file is gone once its copy is placed or given up (already gone is fine). A temp name is
   * always a file: one unlink (rm would lstat it first), blocking: cheaper than a round trip through
   * the I/O threads, and an ingest discards one per file.
   */
  async discard(tmp: string): Promise<void> {
    try {
      fs.unlinkSync(tmp);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // A tool that writes to a temp name (xorriso extracting) made a folder there: ours, in our folder.
      if (code === 'EISDIR') removeOwnTree(tmp);
      else if (code !== 'ENOENT') throw err;
    }
  }

  close(): void {
    removeOwnTree(this.dir);
  }
}

/**
 * Remove a tree of the staging area, whatever modes a tool gave its folders: a read-only folder
 * (a disc's, as xorriso extracts it) cannot have its entries removed until it is made writable, and
 * a leftover that cannot be removed would stop every later command at its start.
 */
function removeOwnTree(p: string): void {
  try {
    fs.rmSync(p, { recursive: true, force: true });
  } catch (err) {
    if (!['EACCES', 'EPERM'].includes((err as NodeJS.ErrnoException).code ?? '')) throw err;
    writableFolders(p);
    fs.rmSync(p, { recursive: true, force: true });
  }
}

/** Every folder of the tree at `p` made ours to change (links are not followed). */
function writableFolders(p: string): void {
  const st = fs.lstatSync(p, { throwIfNoEntry: false });
  if (!st?.isDirectory()) return;
  fs.chmodSync(p, 0o700);
  for (const name of fs.readdirSync(p)) writableFolders(path.join(p, name));
}
