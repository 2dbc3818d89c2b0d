/**
 * One account's read access to a finished copy folder by POSIX ACL (`setfacl`, Debian's `acl`): the
 * working copy of secret footage is its requester's alone to read (R14), not their role's group, some
 * of whom may hold no clearance for it. The folder and its files stay the service account's, with its
 * own group; the ACL adds the one reader (the folder r-x, the files r--). Links are never followed.
 */
import { spawn } from 'node:child_process';
import { UserError } from '../core/errors.js';

/** Absolute paths: the caller's PATH never chooses what runs. */
const SETFACL = '/usr/bin/setfacl';
const GETENT = '/usr/bin/getent';

/** An account name as useradd makes them: nothing that could add an ACL entry of its own (`:`, `,`). */
const ACCOUNT = /^[a-z_][a-z0-9_.-]{0,31}\$?$/i;

export async function grantReaderAcl(folder: string, osUser: string): Promise<void> {
  const hint = { zh: '涉密影像的工作副本仅交申请人本人账户读取：申请人须为本机账户，文件系统须支持 ACL', en: "A working copy of secret footage is for the requester's own account alone: they need an account on this PC and the file system ACLs" };
  if (!ACCOUNT.test(osUser)) throw new UserError({ zh: `${osUser} 不是有效的账户名`, en: `${osUser} is not an account name` }, hint, 1);
  // An operator known to the vault by a name with no account here (setfacl would only say "Invalid argument").
  const account = await run(GETENT, ['passwd', osUser]);
  if (account.code === 2) {
    throw new UserError(
      { zh: `无法将工作副本仅交 ${osUser} 读取：${osUser} 在本机没有账户`, en: `cannot give the working copy to ${osUser} alone: ${osUser} has no account on this PC` },
      { zh: '涉密影像的工作副本须以申请人本人账户读取：请系统管理员为其建立本机账户，然后重新制作：evidence-vault access copy ID', en: "A working copy of secret footage is read with the requester's own account: an administrator makes one on this PC, then: evidence-vault access copy ID" },
      1,
    );
  }
  const { code, stderr, error } = await run(SETFACL, ['-R', '-P', '-m', `u:${osUser}:rX`, '--', folder]);
  if (error?.code === 'ENOENT') {
    throw new UserError(
      { zh: `无法将工作副本仅交 ${osUser} 读取：本机未安装 setfacl`, en: `cannot give the working copy to ${osUser} alone: setfacl is not installed` },
      { zh: '安装：apt-get install acl，然后重新制作：evidence-vault access copy ID', en: 'Install it (apt-get install acl), then make the copy again: evidence-vault access copy ID' },
      1,
    );
  }
  if (error || code !== 0) {
    const why = (error?.message ?? stderr.trim()) || `exit ${code}`;
    throw new UserError({ zh: `无法将工作副本仅交 ${osUser} 读取：${why}`, en: `cannot give the working copy to ${osUser} alone: ${why}` }, hint, 1);
  }
}

function run(cmd: string, args: string[]): Promise<{ code: number | null; stderr: string; error?: NodeJS.ErrnoException }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', (error: NodeJS.ErrnoException) => resolve({ code: null, stderr, error }));
    child.on('close', (code) => resolve({ code, stderr }));
  });
}
