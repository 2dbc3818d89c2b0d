/**
 * The one adapter for files written outside the vault for people to take away (archive sets, disc
 * images, registers). Every file and folder is created with its final mode from the start — no world
 * bits at any moment, whatever the umask — then set exactly (a strict umask must not take the group's
 * read away) and given the group of the role the act was done in (core/output-access.ts).
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { OUTPUT_DIR_MODE, OUTPUT_FILE_MODE, OUTPUT_SEALED_MODE, OUTPUT_UMASK, outputGroup, roleGroupName } from '../core/output-access.js';
import type { Logger } from './logger.js';
import { fsyncDir } from './durable-file.js';
import { groupId, processIds } from './os-group.js';

export class OutputFiles {
  /** Set once a file system refused the group (one without Unix owners): outputs keep the process's group. */
  private groupRefused = false;

  constructor(
    /** The group outputs get; null: the process's own. */
    readonly gid: number | null,
    private readonly log?: Logger,
  ) {}

  /** Outputs of an act done in `role`: its group where it exists and may be used, else the process's own. */
  static forRole(role: string | null, log?: Logger): OutputFiles {
    const name = roleGroupName(role);
    const decision = outputGroup(role, name === null ? null : groupId(name), processIds());
    log?.info({ role, group: decision.name, gid: decision.gid ?? processIds().gid, fileMode: '0640', sealedMode: '0440', dirMode: '0750' }, decision.note);
    return new OutputFiles(decision.gid, log);
  }

  /** mkdir -p: each folder this creates is 0750 with the outputs' group; folders already there are left as they are. */
  async mkdirp(dir: string): Promise<string> {
    const missing: string[] = [];
    for (let at = path.resolve(dir); !fs.existsSync(at); at = path.dirname(at)) {
      missing.unshift(at);
      if (path.dirname(at) === at) break;
    }
    for (const d of missing) {
      try {
        await fsp.mkdir(d, { mode: OUTPUT_DIR_MODE });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue; // made meanwhile by another lane, which sets it
        throw err;
      }
      const fh = await fsp.open(d, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY | fs.constants.O_NOFOLLOW);
      try {
        await this.own(fh, d, OUTPUT_DIR_MODE);
      } finally {
        await fh.close();
      }
    }
    return dir;
  }

  /** Write `data` to `file` (created 0640, or made 0640 if it was there), optionally fsynced. */
  async writeFile(file: string, data: string | Uint8Array, opts: { durable?: boolean } = {}): Promise<void> {
    const fh = await fsp.open(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_NOFOLLOW, OUTPUT_FILE_MODE);
    try {
      // Mode and group before a byte of content: the file never holds data anyone else may read.
      await this.own(fh, file, OUTPUT_FILE_MODE);
      await fh.writeFile(data);
      if (opts.durable) await fh.sync();
    } finally {
      await fh.close();
    }
  }

  /**
   * Give a file made by someone else (a copy worker, xorriso, Chromium) — created without world bits —
   * the outputs' group and `sealed` 0440 or 0640.
   */
  async adopt(file: string, opts: { sealed?: boolean } = {}): Promise<void> {
    const fh = await fsp.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    try {
      await this.own(fh, file, opts.sealed ? OUTPUT_SEALED_MODE : OUTPUT_FILE_MODE);
    } finally {
      await fh.close();
    }
  }

  /** A folder someone else's act made, given to the outputs' group: 0750, never followed through a link. */
  async adoptFolder(dir: string): Promise<void> {
    const fh = await fsp.open(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY | fs.constants.O_NOFOLLOW);
    try {
      await this.own(fh, dir, OUTPUT_DIR_MODE);
    } finally {
      await fh.close();
    }
  }

  /** What is at a path, links not followed; null when nothing is. */
  async statNoFollow(p: string): Promise<{ isFile(): boolean; isDirectory(): boolean; size: number } | null> {
    return fsp.lstat(p).catch(() => null);
  }

  /** Remove a file or folder the outputs hold (a link is removed, never followed). */
  async remove(p: string): Promise<void> {
    await fsp.rm(p, { recursive: true, force: true });
  }

  /** Give an output its final name (same folder or file system). */
  async rename(from: string, to: string): Promise<void> {
    await fsp.rename(from, to);
  }

  /** Sub-folders of a folder (links are not folders). */
  async subfolders(dir: string): Promise<string[]> {
    return (await fsp.readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
  }

  /** A text file among the outputs, never through a link; null when it is not there. */
  async readText(file: string): Promise<string | null> {
    try {
      const fh = await fsp.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
      try {
        return await fh.readFile('utf8');
      } finally {
        await fh.close();
      }
    } catch {
      return null;
    }
  }

  /** fsync a folder, so the entries made in it (files, renames) are on disk. */
  async syncDir(dir: string): Promise<void> {
    await fsyncDir(dir);
  }

  private async own(fh: fsp.FileHandle, file: string, mode: number): Promise<void> {
    if (this.gid !== null && !this.groupRefused) {
      try {
        await fh.chown(-1, this.gid);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code !== 'EPERM' && code !== 'EINVAL' && code !== 'ENOTSUP') throw err;
        this.groupRefused = true;
        this.log?.warn({ file, gid: this.gid, code }, 'the file system refused the group: outputs keep the process\'s own group');
      }
    }
    await fh.chmod(mode);
  }
}

/**
 * Run `start` (which spawns a tool that writes output files) with a umask of at least 0027, so what
 * the tool creates has no world bits; the previous umask is back before `start` returns.
 */
export function withOutputUmask<T>(start: () => T): T {
  const previous = process.umask(OUTPUT_UMASK);
  process.umask(previous | OUTPUT_UMASK);
  try {
    return start();
  } finally {
    process.umask(previous);
  }
}
