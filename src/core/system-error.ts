/**
 * A failed system call on a path the person named (an --out folder, a source) is not a bug: say
 * what could not be done where, and what to try, as for any other user error.
 */
import { UserError, type Said } from './errors.js';

/** sysexits EX_IOERR. */
export const EXIT_IO = 74;

const HINTS: Record<string, Said> = {
  EACCES: {
    zh: '服务账户无权使用该位置：请选择它可写入的文件夹（见 README “Install on the evidence PC”）',
    en: 'the service account may not use that place: choose a folder it can write to (see README, "Install on the evidence PC")',
  },
  EPERM: { zh: '服务账户无权使用该位置：请选择它可写入的文件夹', en: 'the service account may not use that place: choose a folder it can write to' },
  ENOTDIR: { zh: '需要文件夹的地方有一个文件：请另选位置', en: 'a file is in the way where a folder is needed: choose another place' },
  EISDIR: { zh: '需要文件的地方有一个文件夹：请另选位置', en: 'a folder is in the way where a file is needed: choose another place' },
  EEXIST: { zh: '该处已有内容：请另选位置，或先将其删除', en: 'something is already there: choose another place, or remove it first' },
  ELOOP: { zh: '该处有符号链接：程序在此不跟随链接', en: 'a symbolic link is in the way: the program does not follow links there' },
  ENOSPC: { zh: '磁盘已满：请腾出空间或换用另一块磁盘，再运行同一命令', en: 'the disk is full: free space or use another disk, then run the same command again' },
  EROFS: { zh: '文件系统为只读：请以可写方式挂载，或另选位置', en: 'the file system is read-only: mount it writable, or choose another place' },
  ENOENT: { zh: '不存在：请核对路径', en: 'it does not exist: check the path' },
};

/** The system call, in Chinese words (the English keeps the call's own name). */
const SYSCALL_ZH: Record<string, string> = {
  open: '打开',
  read: '读取',
  write: '写入',
  mkdir: '创建文件夹',
  rmdir: '删除文件夹',
  rename: '重命名',
  link: '建立链接',
  symlink: '建立符号链接',
  unlink: '删除',
  stat: '查看',
  lstat: '查看',
  access: '访问',
  opendir: '读取文件夹',
  scandir: '读取文件夹',
  copyfile: '复制',
  fsync: '同步写入',
  chmod: '更改权限',
  chown: '更改属主',
  utime: '更改时间',
};

/** The UserError for a system error on a path, or null when `err` is not one. */
export function systemErrorForPerson(err: unknown): UserError | null {
  if (!err || typeof err !== 'object') return null;
  const e = err as { code?: unknown; syscall?: unknown; path?: unknown };
  if (typeof e.code !== 'string' || typeof e.path !== 'string' || !(e.code in HINTS)) return null;
  const what = typeof e.syscall === 'string' ? e.syscall : 'use';
  const whatZh = SYSCALL_ZH[what] ?? '使用';
  return new UserError({ zh: `无法${whatZh} ${e.path}：${e.code}`, en: `cannot ${what} ${e.path}: ${e.code}` }, HINTS[e.code], EXIT_IO);
}

/** sysexits EX_TEMPFAIL: try again later. */
export const EXIT_TRY_AGAIN = 75;

/** The catalogue stayed locked by another process past the busy timeout: a person's "try again", not a bug. */
export function busyCatalogueForPerson(err: unknown): UserError | null {
  const code = err && typeof err === 'object' ? (err as { code?: unknown }).code : undefined;
  if (typeof code !== 'string' || !code.startsWith('SQLITE_BUSY')) return null;
  return new UserError(
    {
      zh: '目录库正忙：另一个 evidence-vault 命令或入库服务已占用超过 10 秒；本命令已停止（每项更改要么全部提交，要么全不提交）',
      en: 'the catalogue is busy: another evidence-vault command or the dock service has held it for more than 10 seconds; this command stopped (each change commits whole or not at all)',
    },
    { zh: '请稍后再运行同一命令；evidence-vault status 可查看入库服务正在做什么。', en: 'Run the same command again in a moment; evidence-vault status shows what the dock service is doing.' },
    EXIT_TRY_AGAIN,
  );
}
