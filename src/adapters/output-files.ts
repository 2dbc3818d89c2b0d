/**
 * The one adapter for files written outside the vault for people to take away (archive sets, disc
 * images, registers). Every file and folder is created with its final mode from the start — no world
 * bits at any moment, whatever the umask — then set exactly (a strict umask must not take the group's
 * read away) and given the group of the role the act was done in (core/output-access.ts), or the
 * process's own (never a setgid folder's). A file system that keeps no owners or modes (FAT, exFAT:
 * its mount gives every file the same) is used as it is mounted when that lets nobody in beyond the
 * service's account, root and that group, and otherwise refused, the file or folder just made there
 * removed; so is a FUSE mount open to all whose modes nobody checks.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { fuseOpenToAll, keepsNoOwners, OUTPUT_DIR_MODE, OUTPUT_FILE_MODE, OUTPUT_SEALED_MODE, OUTPUT_UMASK, outputGroup, roleGroupName, strangersIn } from '../core/output-access.js';
import { mountOfDevice, type MountOfDevice } from '../core/mount-table.js';
import type { Logger } from './logger.js';
import { fsyncDir } from './durable-file.js';
import { groupId, processIds } from './os-group.js';
import { UserError } from '../core/errors.js';

/** A chown the file system refuses for a file of this process's own (NFS's root squash, say). */
const CHOWN_REFUSED = new Set(['EPERM', 'EINVAL', 'ENOTSUP', 'ENOSYS']);

export class OutputFiles {
  /** Set once a Linux file system refused the group (NFS's root squash, say): outputs keep the process's group. */
  private groupRefused = false;
  /** Set once outputs went to a file system that keeps no modes (FAT): said once in the log. */
  private modesRefused = false;
  /** The mount of each file system written to, by device number: looked up once, not for every file of a set. */
  private readonly mounts = new Map<number, MountOfDevice | null>();

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

  /** own, and a file its disk would let others read or change is not left there (this act's output, or what stood at its name). */
  private async ownOrRemove(fh: fsp.FileHandle, file: string, mode: number): Promise<void> {
    try {
      await this.own(fh, file, mode);
    } catch (err) {
      if (err instanceof ReadableByOthers) await fsp.rm(file, { force: true });
      throw err;
    }
  }

  private async own(fh: fsp.FileHandle, file: string, mode: number): Promise<void> {
    const st = await fh.stat();
    const ids = processIds();
    if (!this.mounts.has(st.dev)) this.mounts.set(st.dev, mountOf(st.dev));
    const mount = this.mounts.get(st.dev) ?? null;
    if (mount && fuseOpenToAll(mount.fsType, mount.superOptions)) throw new ReadableByOthers(file, st, 'others', { uid: ids.uid, gid: this.gid ?? ids.gid }, mount.fsType);
    if (mount && keepsNoOwners(mount.fsType)) return this.asMounted(file, st, ids, mount.fsType);
    // A Linux file system: the role's group, else this process's own (not a setgid folder's), then the mode.
    if (!this.groupRefused) {
      try {
        await fh.chown(-1, this.gid ?? ids.gid);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        // Refused for a file of this process's own (NFS's root squash, say): outputs keep the process's
        // group from then on. For a file of another account's the error stands, as chmod's does.
        if (!CHOWN_REFUSED.has(code ?? '') || (st.uid !== ids.uid && ids.uid !== 0)) throw err;
        this.groupRefused = true;
        this.log?.warn({ file, gid: this.gid, code }, 'the file system refused the group: outputs keep the process\'s own group');
      }
    }
    await fh.chmod(mode);
  }

  /**
   * FAT, exFAT: no owners, no modes, so nothing to set; what the mount gives every file must let
   * nobody in beyond the service's account, root and the outputs' group, or the output is refused.
   */
  private asMounted(file: string, st: { mode: number; uid: number; gid: number }, ids: { uid: number; gid: number }, fsType: string): void {
    const strangers = strangersIn(st, ids, this.gid);
    if (strangers) throw new ReadableByOthers(file, st, strangers, { uid: ids.uid, gid: this.gid ?? ids.gid }, fsType);
    if (this.modesRefused) return;
    this.modesRefused = true;
    this.log?.warn({ file, fsType, mode: (st.mode & 0o777).toString(8), uid: st.uid, gid: st.gid }, 'the file system keeps no owners or modes: outputs have what its mount gives them, which lets nobody else in');
  }
}

/** The mount of the file system with device number `dev` (a stat's), or null when the table cannot be read. */
function mountOf(dev: number): MountOfDevice | null {
  try {
    return mountOfDevice(fs.readFileSync('/proc/self/mountinfo', 'utf8'), (dev >> 8) & 0xfff, (dev & 0xff) | ((dev >> 12) & 0xfff00));
  } catch {
    return null;
  }
}

/** An output others could read as its file system keeps it (a FAT disk's mount): refused, with how to mount it. */
class ReadableByOthers extends UserError {
  constructor(
    file: string,
    st: { mode: number; uid: number; gid: number },
    readonly strangers: 'others' | 'group' | 'owner',
    want: { uid: number; gid: number },
    fsType: string,
  ) {
    const m = (st.mode & 0o777).toString(8).padStart(3, '0');
    const whom = {
      others: { zh: '本机任何账户', en: 'every account on this PC' },
      group: { zh: `组 ${st.gid} 的成员`, en: `the members of group ${st.gid}` },
      owner: { zh: `账户 ${st.uid}`, en: `account ${st.uid}` },
    }[strangers];
    const fuse = fsType.startsWith('fuse');
    const how = fuse
      ? { zh: `FUSE 挂载带 allow_other 而无 default_permissions：所示权限（属主 ${st.uid}，组 ${st.gid}，${m}）不起作用`, en: `a FUSE mount with allow_other and without default_permissions: the modes it shows (owner ${st.uid}, group ${st.gid}, ${m}) are not checked` }
      : { zh: `该文件系统（${fsType}）不保存文件的属主和权限，其挂载给所有文件的是属主 ${st.uid}、组 ${st.gid}、权限 ${m}`, en: `the file system (${fsType}) keeps no owners or modes, and its mount gives every file owner ${st.uid}, group ${st.gid}, mode ${m}` };
    const mount = fuse ? 'default_permissions' : `uid=${want.uid},gid=${want.gid},umask=027`;
    super(
      {
        zh: `${file}：${how.zh}，${whom.zh}都能读取或改动写到那里的文件：未写入`,
        en: `${file}: ${how.en}, so ${whom.en} could read or change what is written there: nothing is written`,
      },
      {
        zh: `请改用 Linux 文件系统（如 ext4）的磁盘；或这样重新挂载：mount -o ${mount} 设备 目录`,
        en: `Use a disk with a Linux file system (ext4, say), or mount this one with -o ${mount}`,
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
