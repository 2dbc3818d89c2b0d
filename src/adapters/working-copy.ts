/**
 * Working copies of granted footage (R13, P27): a fresh folder per grant, each file copied from the
 * vault and hashed in the same pass, in the durable order (temp file → fsync → rename into the fresh
 * folder → fsync folder → read back → read-only), the manifest last. Removable
 * media (FAT32) have no links and no modes: rename into a folder this call made cannot replace
 * anything, and read-only is skipped where the file system cannot keep it.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { UserError, type Said } from '../core/errors.js';
import { pathsOverlap } from '../core/installation.js';
import { parseMountInfo } from '../core/mount-table.js';
import { copyAndHash, FsyncError, fsyncDir, hashOpenFile, type HashResult } from './durable-file.js';
import { openRegular } from './opened-as-named.js';
import type { OutputFiles } from './output-files.js';

/** A source whose bytes are not the catalogue's: the original is damaged, nothing was copied from it. */
export class SourceMismatchError extends Error {
  constructor(
    readonly source: string,
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`${source}: SHA-256 ${actual} is not the catalogue's ${expected}`);
    this.name = 'SourceMismatchError';
  }
}

export interface CopyFolder {
  /** The folder being filled. */
  readonly dir: string;
  copyVerified(source: string, name: string, expectedSha256: string): Promise<HashResult>;
  writeText(name: string, text: string): Promise<void>;
  /** The folder is complete and durable; returns it. */
  publish(): Promise<string>;
  /** Remove what was written (a failed copy leaves nothing behind). */
  discard(): Promise<void>;
}

const READ_ONLY_UNSUPPORTED = new Set(['ENOSYS', 'EPERM', 'ENOTSUP', 'EOPNOTSUPP']);

/** Read-only, through a handle opened on the name without following a link (chmod would follow one). */
async function sealIfPossible(fh: fsp.FileHandle): Promise<void> {
  try {
    await fh.chmod(0o444);
  } catch (err) {
    if (!READ_ONLY_UNSUPPORTED.has((err as NodeJS.ErrnoException).code ?? '')) throw err;
  }
}

const DIRECTORY = fs.constants.O_RDONLY | fs.constants.O_DIRECTORY | fs.constants.O_NOFOLLOW;
/** A path that reaches `name` in the folder open as `fd`, whatever its own name now leads to. */
const inOpen = (fd: number, name = '') => `/proc/self/fd/${fd}${name ? `/${name}` : ''}`;
const sameFile = (a: fs.Stats, b: fs.Stats) => a.dev === b.dev && a.ino === b.ino;

/**
 * Start the copy folder `<parent>/<name>` (made here, so nothing in it belongs to anyone else; an
 * existing one is refused with EEXIST). It is filled in place: FUSE FAT32 loses a renamed folder's
 * contents, so the folder is never renamed; the catalogue names it only once it is complete.
 * Everything is written through the folders as opened when made, never by their names again: on a
 * medium its owner can write (a USB stick of their own), a name swapped for a link to the vault
 * meanwhile cannot send the copies there; publish refuses a folder no longer at its name.
 */
export async function startCopyFolder(parent: string, name: string, vaultRoot?: string, opts: { passableRoot?: boolean } = {}): Promise<CopyFolder> {
  await fsp.mkdir(parent, { recursive: true, mode: 0o750 });
  if (vaultRoot !== undefined) placeProblem(parent, vaultRoot);
  // The working copies' root: passable, not listable, so a requester reaches their grant's folder
  // (whose own group and mode decide who reads it) without seeing which other grants exist.
  if (opts.passableRoot) await fsp.chmod(parent, 0o711);
  const dir = path.join(parent, name);
  const parentFd = fs.openSync(parent, DIRECTORY);
  let dirFd: number;
  try {
    await fsp.mkdir(inOpen(parentFd, name), { mode: 0o750 });
    dirFd = fs.openSync(inOpen(parentFd, name), DIRECTORY);
  } catch (err) {
    fs.closeSync(parentFd);
    throw err;
  }
  const inside = inOpen(dirFd);
  const closeAll = () => {
    fs.closeSync(dirFd);
    fs.closeSync(parentFd);
  };
  const moved = (): Said | null => {
    try {
      if (sameFile(fs.lstatSync(parent), fs.fstatSync(parentFd)) && sameFile(fs.lstatSync(dir), fs.fstatSync(dirFd))) return null;
    } catch {
      // gone: moved as well
    }
    return { zh: `${dir} 在写入期间被移走或替换`, en: `${dir} was moved or replaced while the copy was written` };
  };
  await fsyncDir(inOpen(parentFd));
  const place = async (tmp: string, target: string, expected: string): Promise<HashResult> => {
    // A fresh folder only this call writes: the name cannot be taken, so rename replaces nothing.
    await fsp.rename(tmp, target);
    await fsyncDir(inside);
    const fh = await openRegular(target, 'read back');
    try {
      const back = await hashOpenFile(fh);
      if (back.sha256 !== expected) throw new SourceMismatchError(target, expected, back.sha256);
      await sealIfPossible(fh);
      return back;
    } finally {
      await fh.close();
    }
  };
  return {
    dir,
    async copyVerified(source, fileName, expectedSha256) {
      const tmp = path.join(inside, `.${fileName}.part`);
      // An fsync error means the copy failed: it is redone from the source (once more), never the fsync retried.
      for (let attempt = 1; ; attempt++) {
        let got: HashResult;
        try {
          got = await copyAndHash(source, tmp, { check: false }); // read back by SHA-256: no XXH3 check
        } catch (err) {
          await fsp.rm(tmp, { force: true });
          if (err instanceof FsyncError && attempt < 2) continue;
          throw err;
        }
        if (got.sha256 !== expectedSha256) {
          await fsp.rm(tmp, { force: true });
          throw new SourceMismatchError(source, expectedSha256, got.sha256);
        }
        return place(tmp, path.join(inside, fileName), expectedSha256);
      }
    },
    async writeText(fileName, text) {
      const tmp = path.join(inside, `.${fileName}.part`);
      const fh = await fsp.open(tmp, 'wx', 0o640);
      try {
        await fh.writeFile(text, 'utf8');
        try {
          await fh.sync();
        } catch (err) {
          throw new FsyncError(tmp, err);
        }
      } finally {
        await fh.close();
      }
      await place(tmp, path.join(inside, fileName), createHash('sha256').update(text, 'utf8').digest('hex'));
    },
    async publish() {
      const problem = moved();
      if (problem) {
        throw new UserError(problem, {
          zh: '副本未登记；程序写入的文件都在原目录中，没有写到别处。请确认介质无人改动后重新复制。',
          en: 'The copy is not recorded; what was written stayed in the folder as made, nowhere else. Make sure nobody changes the medium, and copy again.',
        });
      }
      await fsyncDir(inOpen(parentFd));
      closeAll();
      return dir;
    },
    async discard() {
      // What this call wrote, through the folder as opened; its name only while it still names it.
      for (const e of await fsp.readdir(inside)) await fsp.rm(path.join(inside, e), { recursive: true, force: true });
      if (!moved()) await fsp.rmdir(dir).catch(() => undefined);
      await fsyncDir(inOpen(parentFd)).catch(() => undefined);
      closeAll();
    },
  };
}

/** The copies folder is a real folder of its own: not a symbolic link put in its place, not in the vault. */
function placeProblem(parent: string, vaultRoot: string): void {
  const hint: Said = {
    zh: '工作副本应放在音像资料库旁的真实目录中（access.copiesRoot）：请删除该链接，由程序创建目录。',
    en: 'Working copies go in a real folder beside the vault (access.copiesRoot): remove the link and let the program make the folder.',
  };
  if (fs.lstatSync(parent).isSymbolicLink()) throw new UserError({ zh: `副本目录 ${parent} 是符号链接（指向 ${fs.realpathSync(parent)}），不是目录本身`, en: `${parent} is a symbolic link (to ${fs.realpathSync(parent)}), not the copies folder itself` }, hint);
  const real = fs.realpathSync(parent);
  if (pathsOverlap(real, fs.realpathSync(vaultRoot))) throw new UserError({ zh: `副本目录 ${parent} 位于音像资料库内（${real}）`, en: `${parent} is inside the vault (${real})` }, hint);
}

/** Remove a copy folder and what is in it (read-only files in a folder the service owns); false when it is not there. */
export async function removeCopyFolder(dir: string): Promise<boolean> {
  const there = await fsp.lstat(dir).then((s) => s.isDirectory(), () => false);
  if (!there) return false;
  await fsp.rm(dir, { recursive: true, force: true });
  await fsyncDir(path.dirname(dir)).catch(() => undefined);
  return true;
}

/**
 * removeCopyFolder for a grant's working copy named by the catalogue (its grant ended or withdrawn),
 * wherever access.copiesRoot was when it was made. Refused (an error naming why) where someone other
 * than root or the service's account could change the folder, or any folder on its way, while it is
 * removed: a recursive removal walks names, and a folder swapped for a link mid-walk would send it into
 * whatever the link names (an earlier copies folder left inside a folder custodians may write, say).
 */
export async function removeWorkingCopy(dir: string, vaultRoot: string): Promise<boolean> {
  const there = await fsp.lstat(dir).then((s) => s.isDirectory(), () => false);
  if (!there) return false;
  // The vault's owner (the service account) is trusted too: root running the command removes what it made.
  const why = othersMayChange(dir, [fs.statSync(vaultRoot).uid]);
  if (why) throw new Error(`${dir} is not removed: ${why}`);
  return removeCopyFolder(dir);
}

/** The group of a folder (not followed if a link); null when it is not there. */
export function folderGroup(dir: string): number | null {
  try {
    return fs.lstatSync(dir).gid;
  } catch {
    return null;
  }
}

export function folderExists(dir: string): boolean {
  try {
    return fs.lstatSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Whether `dir` is removable media for a P27 copy: the mount point itself of a file system other
 * than the vault's (never a folder on the vault's disk, a symlink to one, or a folder inside a mount).
 */
export function mediaProblem(dir: string, vaultRoot: string, mountInfoFile = '/proc/self/mountinfo'): { ok: true; real: string; fsType: string } | { ok: false; problem: Said } {
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch {
    return { ok: false, problem: { zh: '不存在', en: 'does not exist' } };
  }
  if (real !== path.resolve(dir)) return { ok: false, problem: { zh: `是链接（指向 ${real}），不是挂载点本身`, en: `is a link (to ${real}), not the mount point itself` } };
  // The system's own file systems are mounted read-write too (/dev/shm, /sys/fs/cgroup): never media.
  if (/^\/(dev|proc|sys)(\/|$)/.test(real)) return { ok: false, problem: { zh: '是系统自身的文件系统，不是移动介质', en: 'is a file system of the system itself, not removable media' } };
  const mount = parseMountInfo(fs.readFileSync(mountInfoFile, 'utf8')).filter((m) => m.mountPoint === real).pop();
  if (!mount) return { ok: false, problem: { zh: '不是移动介质的挂载点', en: 'is not the mount point of removable media' } };
  if (mount.readOnly) return { ok: false, problem: { zh: '以只读方式挂载', en: 'is mounted read-only' } };
  if (fs.statSync(real).dev === fs.statSync(vaultRoot).dev) return { ok: false, problem: { zh: '与音像资料库在同一文件系统', en: 'is on the same file system as the vault' } };
  return { ok: true, real, fsType: mount.fsType };
}

/** Give a finished copy folder to an outputs' group: every file sealed (0440), the folder 0750, links never followed. */
export async function handCopyFolderTo(folder: string, outputs: Pick<OutputFiles, 'adopt' | 'adoptFolder'>): Promise<void> {
  for (const e of await fsp.readdir(folder, { withFileTypes: true })) {
    if (e.isFile()) await outputs.adopt(path.join(folder, e.name), { sealed: true });
  }
  await outputs.adoptFolder(folder);
}

/**
 * Why someone other than root, this process's account or `trusted` could change `dir` or swap a folder
 * on its way, or null: each folder from the root down is a real folder (no link) owned by one of them,
 * and not writable by its group or others (a folder above may be, with the sticky bit, as /tmp: then no
 * one else may rename or remove what is in it).
 */
export function othersMayChange(dir: string, trusted: readonly number[] = []): string | null {
  const owners = new Set([0, process.getuid!(), ...trusted]);
  const parts = path.resolve(dir).split(path.sep).filter(Boolean);
  for (let k = 0; k <= parts.length; k++) {
    const at = path.sep + parts.slice(0, k).join(path.sep);
    const st = fs.lstatSync(at);
    if (st.isSymbolicLink()) return `${at} is a symbolic link`;
    if (!st.isDirectory()) return `${at} is not a folder`;
    if (!owners.has(st.uid)) return `${at} belongs to user ${st.uid}`;
    const othersWrite = (st.mode & 0o022) !== 0;
    if (othersWrite && (k === parts.length || (st.mode & 0o1000) === 0)) return `${at} can be written by others (mode ${(st.mode & 0o7777).toString(8)})`;
  }
  return null;
}
