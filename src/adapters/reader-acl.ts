/**
 * One account's read access to what is made of secret footage, by POSIX ACL (`setfacl`, Debian's
 * `acl`): a working copy, a disc's image and folder, an archive set's bags are the requester's or
 * builder's own account's alone to read (R14), not their role's group, some of whom may hold no
 * clearance for it. Everything under the path is given the service account's own group first (what an
 * earlier run left for a group, too); the ACL then adds the one reader (folders r-x, files r--).
 * Links are never followed.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../core/errors.js';

/** Absolute paths: the caller's PATH never chooses what runs. */
const SETFACL = '/usr/bin/setfacl';
const GETFACL = '/usr/bin/getfacl';
const GETENT = '/usr/bin/getent';
const CHGRP = '/usr/bin/chgrp';

/** An account name as useradd makes them: nothing that could add an ACL entry of its own (`:`, `,`). */
const ACCOUNT = /^[a-z_][a-z0-9_.-]{0,31}\$?$/i;

const HINT = {
  zh: '涉密影像只以本人账户读取：请系统管理员为其建立本机账户（文件系统须支持 ACL），然后重新执行该命令',
  en: "Secret footage is read with the person's own account: an administrator makes one on this PC (on a file system with ACLs), then run the command again",
};

/** Refuse (exit 1) a person who cannot be given secret footage alone: no account on this PC, or a name no account could have. */
export async function requireAccount(osUser: string): Promise<void> {
  const cannot = (why: { zh: string; en: string }) => new UserError({ zh: `无法仅供 ${osUser} 读取：${why.zh}`, en: `cannot make it readable by ${osUser} alone: ${why.en}` }, HINT, 1);
  if (!ACCOUNT.test(osUser)) throw cannot({ zh: '不是有效的账户名', en: 'that is not an account name' });
  // setfacl would only say "Invalid argument" of a name with no account here.
  const account = await run(GETENT, ['passwd', osUser]);
  if (account.code === 2) throw cannot({ zh: `${osUser} 在本机没有账户`, en: `${osUser} has no account on this PC` });
}

/**
 * Refuse (exit 1), before anything is written, a folder on a file system that cannot keep what
 * grantReaderAcl gives (FAT or exFAT: no owners, no ACLs; its mount options make every file its group's):
 * a probe file there is given the service's group and the reader's ACL, then removed.
 */
export async function requireRestrictable(dir: string, osUser: string): Promise<void> {
  const probe = path.join(dir, `.ev-acl-probe-${process.pid}`);
  let why: string | null = null;
  try {
    await fsp.writeFile(probe, '', { flag: 'wx', mode: 0o600 });
    await fsp.lchown(probe, -1, process.getgid!());
    const r = await run(SETFACL, ['-P', '-m', `u:${osUser}:r`, '--', probe]);
    if (r.error || r.code !== 0) why = (r.error?.message ?? r.stderr.trim()) || `setfacl exit ${r.code}`;
  } catch (err) {
    why = (err as Error).message;
  } finally {
    await fsp.rm(probe, { force: true }).catch(() => undefined);
  }
  if (why === null) return;
  throw new UserError(
    { zh: `${dir} 所在的文件系统不能把文件仅交 ${osUser} 读取（${why}）：涉密影像不能写到那里`, en: `the file system of ${dir} cannot keep files for ${osUser} alone (${why}): secret footage is not written there` },
    { zh: '请改用 Linux 文件系统（如 ext4）的磁盘或文件夹；FAT、exFAT 的挂载选项使所有文件归同一组所有。', en: 'Use a disk or folder with a Linux file system (ext4, say); on FAT or exFAT every file belongs to the group the mount gives it.' },
    1,
  );
}

export async function grantReaderAcl(target: string, osUser: string): Promise<void> {
  await requireAccount(osUser);
  const { code, stderr, error } = await pinned(target, async (p) => {
    try {
      serviceMade(target, p);
    } catch (err) {
      const why = (err as Error).message;
      throw new UserError({ zh: `无法仅供 ${osUser} 读取：${why}`, en: `cannot make it readable by ${osUser} alone: ${why}` }, { zh: '请写到只有 root 可更改的文件夹中，然后重新执行该命令', en: 'Write it to a folder only root can change, then run the command again' }, 1);
    }
    await ownGroupAt(p, process.getgid!());
    // -b first: entries inherited from a default ACL of a folder above (a group's, say) go, so the one reader is the only one.
    return run(SETFACL, ['-R', '-P', '-b', '-m', `u:${osUser}:rX`, '--', p.folder ? '.' : p.at], false, p.folder ? p.at : undefined);
  });
  if (error?.code === 'ENOENT') {
    throw new UserError(
      { zh: `无法仅供 ${osUser} 读取：本机未安装 setfacl`, en: `cannot make it readable by ${osUser} alone: setfacl is not installed` },
      { zh: '安装：apt-get install acl，然后重新执行该命令', en: 'Install it (apt-get install acl), then run the command again' },
      1,
    );
  }
  if (error || code !== 0) {
    const why = (error?.message ?? stderr.trim()) || `exit ${code}`;
    throw new UserError({ zh: `无法仅供 ${osUser} 读取：${why}`, en: `cannot make it readable by ${osUser} alone: ${why}` }, HINT, 1);
  }
}

/**
 * Nobody but the service's account reads `target` and what is under it: the service's group, no ACL
 * entries (a link is never followed). For an output whose footage became secret after it was written.
 * Without the ACL tools it fails: an entry inherited from a folder above could not be taken away.
 */
export async function serviceAlone(target: string): Promise<void> {
  await pinned(target, async (p) => {
    // Only what the service made: a folder someone else made where an output was (a disc taken away,
    // its name made again) is theirs, and what they put under it is not the service's to change.
    serviceMade(target, p);
    const { code, stderr, error } = await run(SETFACL, ['-R', '-P', '-b', '--', p.folder ? '.' : p.at], false, p.folder ? p.at : undefined);
    // Without the tool, ACL entries (a default one inherited from a folder above) cannot be taken away:
    // a failure, said so, never a success with a reader left in.
    if (error?.code === 'ENOENT') throw new Error(`${SETFACL} is not installed (apt-get install acl): ${target} may keep readers named in its ACL`);
    if (error) throw error;
    if (code !== 0) throw new Error(`setfacl -b ${target}: ${firstLines(stderr, `exit ${code}`)}`);
    // The group last, and the top last of all: one left half done is still a group's, and found again.
    await ownGroupAt(p, process.getgid!());
  });
}

/**
 * Who reads a folder grantReaderAcl gave `osUser` alone, by its ACL (which keeps a user id, not a
 * name): `kept` while only that account's number is named and the account still has it; `changed`
 * when the number is someone else's now (the account deleted and the number given to one made since)
 * or the account has another; `others` when anyone else is named too (a group, by hand or inherited
 * from a default ACL of a folder above); `unknown` when it cannot tell (no ACL tools, the folder gone,
 * or neither the name nor the number is known to the accounts' database now, as while a directory
 * server is unreachable: nobody holds the number then).
 */
export type AccountReading = 'kept' | 'changed' | 'others' | 'unknown';

export async function accountReading(target: string, osUser: string): Promise<AccountReading> {
  const acl = await run(GETFACL, ['-P', '-n', '-p', '--omit-header', '--', target], true);
  if (acl.error || acl.code !== 0) return 'unknown';
  // Named entries that read (`user:1005:r-x`, `group:1002:r--`); the owner's `user::` and `default:` lines are not.
  const named = acl.stdout.split('\n').flatMap((line) => {
    const m = /^(user|group):(\d+):r/.exec(line);
    return m ? [{ kind: m[1]!, id: Number(m[2]) }] : [];
  });
  const users = named.filter((e) => e.kind === 'user');
  if (!users.length) return 'unknown';
  if (users.length > 1 || named.length > users.length) return 'others';
  const uid = users[0]!.id;
  const byName = ACCOUNT.test(osUser) ? await passwdField(osUser, 2) : null;
  if (byName !== null) return Number(byName) === uid ? 'kept' : 'changed';
  const byNumber = await passwdField(String(uid), 0);
  if (byNumber === null) return 'unknown';
  return byNumber === osUser ? 'kept' : 'changed';
}

/** Field `k` of the accounts' database entry for a name or number (getent passwd), or null when none is found or it cannot be asked. */
async function passwdField(key: string, k: number): Promise<string | null> {
  const r = await run(GETENT, ['passwd', key], true);
  if (r.error || r.code !== 0) return null;
  return r.stdout.split('\n')[0]!.split(':')[k] ?? null;
}

/**
 * Refuse what the service did not make, or cannot tell it made: another owner (a folder made where an
 * output was, after it was taken away), or a file with other names (a hard link to someone's file put
 * where a disc image was: its owner is the file's, root's, whoever made the name).
 */
function serviceMade(target: string, p: Pinned): void {
  if (p.uid !== process.getuid!()) throw new Error(`${target} is not the service's (owned by uid ${p.uid}, made since the output was?): left as it is`);
  if (!p.folder && p.links > 1) throw new Error(`${target} has ${p.links - 1} other name(s) (hard links), which may be another file's: left as it is`);
}

/** A path as the tools started on it must see it (pinned). */
interface Pinned {
  /** A folder's /proc/PID/fd/N path, or a file's own path. */
  at: string;
  folder: boolean;
  uid: number;
  gid: number;
  /** Its number of names (hard links). */
  links: number;
}

/**
 * `target` held for the tools `fn` starts: a folder opened (never through a link) and named by its
 * /proc/PID/fd path, which stays that very folder whatever is renamed or swapped into its place
 * meanwhile; a file by its path (the tools change a link there itself, never what it points to).
 */
async function pinned<T>(target: string, fn: (p: Pinned) => Promise<T>): Promise<T> {
  const st = await fsp.lstat(target);
  if (!st.isDirectory()) return fn({ at: target, folder: false, uid: st.uid, gid: st.gid, links: st.nlink });
  const fh = await fsp.open(target, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY | fs.constants.O_NOFOLLOW);
  try {
    const opened = await fh.stat();
    return await fn({ at: `/proc/${process.pid}/fd/${fh.fd}`, folder: true, uid: opened.uid, gid: opened.gid, links: opened.nlink });
  } finally {
    await fh.close();
  }
}

/**
 * The group `gid` for a pinned path and everything under it. The walk is coreutils' `chgrp -R` (-P:
 * no link followed, -h: a link changed itself), which goes folder by open folder, started inside the
 * pinned folder: a walk by path name here followed a link swapped in for a folder between a look and
 * a change (a red team's race changed a file outside every output). What is under a folder first,
 * the folder last, so its own group says the whole of it was done.
 */
async function ownGroupAt(p: Pinned, gid: number): Promise<void> {
  const chgrp = async (flags: string[], paths: string[]) => {
    const r = await run(CHGRP, [...flags, '-h', '--', String(gid), ...paths], false, p.folder ? p.at : undefined);
    if (r.error || r.code !== 0) throw new Error(r.error?.message ?? firstLines(r.stderr, `chgrp exit ${r.code}`));
  };
  if (p.folder) {
    const names = (await fsp.readdir(p.at)).map((n) => `./${n}`);
    for (let i = 0; i < names.length; i += 256) await chgrp(['-R', '-P'], names.slice(i, i + 256));
  }
  if (p.gid !== gid) await chgrp([], [p.folder ? '.' : p.at]);
}

/** A tool's first complaint, and how many more it made (one per file of a read-only disk). */
function firstLines(stderr: string, otherwise: string): string {
  const lines = stderr.trim().split('\n').filter(Boolean);
  if (!lines.length) return otherwise;
  return lines.length === 1 ? lines[0]! : `${lines[0]} (and ${lines.length - 1} more)`;
}

function run(cmd: string, args: string[], keepStdout = false, cwd?: string): Promise<{ code: number | null; stdout: string; stderr: string; error?: NodeJS.ErrnoException }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, stdio: ['ignore', keepStdout ? 'pipe' : 'ignore', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (error: NodeJS.ErrnoException) => resolve({ code: null, stdout, stderr, error }));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
