/**
 * The one adapter for files written outside the vault for people to take away (archive sets, disc
 * images, registers). Every file and folder is created with its final mode from the start — no world
 * bits at any moment, whatever the umask — then set exactly (a strict umask must not take the group's
 * read away) and given the group of the role the act was done in (core/output-access.ts). A file
 * system that keeps no owners or modes (FAT, exFAT: its mount options give every file the same) is
 * used as it is mounted when that leaves nobody but its owner and group a way in, and refused before
 * anything of the output is left there when it would let anyone on the PC read it.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { OUTPUT_DIR_MODE, OUTPUT_FILE_MODE, OUTPUT_SEALED_MODE, OUTPUT_UMASK, outputGroup, roleGroupName, strangersIn } from '../core/output-access.js';
import type { Logger } from './logger.js';
import { fsyncDir } from './durable-file.js';
import { groupId, processIds } from './os-group.js';
import { UserError } from '../core/errors.js';

/** What a file system that keeps no Unix owners or modes answers a chown or chmod (vfat: EPERM; FUSE fat: ENOSYS). */
const KEEPS_NONE = new Set(['EPERM', 'EINVAL', 'ENOTSUP', 'ENOSYS']);

export class OutputFiles {
  /** Set once a file system refused the group (one without Unix owners): outputs keep the process's group. */
  private groupRefused = false;
  /** Set once a file system kept no mode (FAT): said once in the log. */
  private modesRefused = false;

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
      } catch (err) {
        // A folder others could read is not left behind: it was made empty, here, just now.
        await fh.close();
        if (err instanceof ReadableByOthers) await fsp.rmdir(d).catch(() => undefined);
        throw err;
      }
      await fh.close();
    }
    return dir;
  }

  /** Write `data` to `file` (created 0640, or made 0640 if it was there), optionally fsynced. */
  async writeFile(file: string, data: string | Uint8Array, opts: { durable?: boolean } = {}): Promise<void> {
    const fh = await fsp.open(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_NOFOLLOW, OUTPUT_FILE_MODE);
    try {
      // Mode and group before a byte of content: the file never holds data anyone else may read.
      await this.ownOrRemove(fh, file, OUTPUT_FILE_MODE);
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
      await this.ownOrRemove(fh, file, opts.sealed ? OUTPUT_SEALED_MODE : OUTPUT_FILE_MODE);
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

  /**
   * own, and a file its disk would let everyone or another group read is not left there (this act's
   * output, or what stood at its name). One owned by another account is left to them, and refused.
   */
  private async ownOrRemove(fh: fsp.FileHandle, file: string, mode: number): Promise<void> {
    try {
      await this.own(fh, file, mode);
    } catch (err) {
      if (err instanceof ReadableByOthers && err.strangers !== 'owner') await fsp.rm(file, { force: true });
      throw err;
    }
  }

  private async own(fh: fsp.FileHandle, file: string, mode: number): Promise<void> {
    if (this.gid !== null && !this.groupRefused) {
      try {
        await fh.chown(-1, this.gid);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (!KEEPS_NONE.has(code ?? '')) throw err;
        this.groupRefused = true;
        this.log?.warn({ file, gid: this.gid, code }, 'the file system refused the group: outputs keep the process\'s own group');
      }
    }
    try {
      await fh.chmod(mode);
    } catch (err) {
      if (!KEEPS_NONE.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
    }
    // What the file has now, whatever chown and chmod answered (vfat's `quiet` takes them and changes
    // nothing): on FAT its mount's owner, group and mode, which must let nobody else read it.
    const st = await fh.stat();
    const ids = processIds();
    const strangers = strangersIn(st, ids, this.gid);
    if (strangers) throw new ReadableByOthers(file, st, strangers, { uid: ids.uid, gid: this.gid ?? ids.gid });
    if ((st.mode & 0o777) !== mode && !this.modesRefused) {
      this.modesRefused = true;
      this.log?.warn({ file, mode: (st.mode & 0o777).toString(8), wanted: mode.toString(8), uid: st.uid, gid: st.gid }, 'the file system keeps no modes: outputs have what its mount gives them, which lets nobody else in');
    }
  }
}

/** An output others could read as its file system keeps it (a FAT disk's mount): refused, with how to mount it. */
class ReadableByOthers extends UserError {
  constructor(
    file: string,
    st: { mode: number; uid: number; gid: number },
    readonly strangers: 'others' | 'group' | 'owner',
    want: { uid: number; gid: number },
  ) {
    const m = (st.mode & 0o777).toString(8).padStart(3, '0');
    const whom = {
      others: { zh: '本机任何账户', en: 'every account on this PC' },
      group: { zh: `组 ${st.gid} 的成员`, en: `the members of group ${st.gid}` },
      owner: { zh: `账户 ${st.uid}`, en: `account ${st.uid}` },
    }[strangers];
    const mount = `mount -o uid=${want.uid},gid=${want.gid},umask=027`;
    super(
      {
        zh: `${file} 所在的文件系统不保存文件的属主和权限（FAT、exFAT？），按其挂载方式（属主 ${st.uid}，组 ${st.gid}，权限 ${m}）${whom.zh}都能读取写到那里的文件：未写入`,
        en: `the file system of ${file} keeps no owners or modes (FAT, exFAT?), and as it is mounted (owner ${st.uid}, group ${st.gid}, mode ${m}) ${whom.en} could read what is written there: nothing is written`,
      },
      {
        zh: `请改用 Linux 文件系统（如 ext4）的磁盘；或这样重新挂载：${mount} 设备 目录`,
        en: `Use a disk with a Linux file system (ext4, say), or mount this one so: ${mount} DEVICE DIR`,
      },
      1,
    );
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
