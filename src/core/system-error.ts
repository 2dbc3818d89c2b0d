/**
 * A failed system call on a path the person named (an --out folder, a source) is not a bug: say
 * what could not be done where, and what to try, as for any other user error.
 */
import { UserError } from './errors.js';

/** sysexits EX_IOERR. */
export const EXIT_IO = 74;
/** sysexits EX_TEMPFAIL: try again later. */
export const EXIT_BUSY = 75;

const HINTS: Record<string, string> = {
  EACCES: 'the service account may not use that place: choose a folder it can write to (see README, "Install on the evidence PC")',
  EPERM: 'the service account may not use that place: choose a folder it can write to',
  ENOTDIR: 'a file is in the way where a folder is needed: choose another place',
  EISDIR: 'a folder is in the way where a file is needed: choose another place',
  EEXIST: 'something is already there: choose another place, or remove it first',
  ELOOP: 'a symbolic link is in the way: the program does not follow links there',
  ENOSPC: 'the disk is full: free space or use another disk, then run the same command again',
  EROFS: 'the file system is read-only: mount it writable, or choose another place',
  ENOENT: 'it does not exist: check the path',
};

/** The UserError for a system error on a path, or null when `err` is not one. */
export function systemErrorForPerson(err: unknown): UserError | null {
  if (!err || typeof err !== 'object') return null;
  const e = err as { code?: unknown; syscall?: unknown; path?: unknown };
  // Another process held the catalogue's write lock past the busy timeout (a stalled disk, a stopped process).
  if (e.code === 'SQLITE_BUSY' || e.code === 'SQLITE_BUSY_SNAPSHOT') {
    return new UserError(
      'the catalogue is busy: another evidence-vault process has held it for too long; this step was not done / 目录数据库正忙，本步骤未执行',
      'See what is running (evidence-vault status), wait for it to finish, then run the same command again.',
      EXIT_BUSY,
    );
  }
  if (typeof e.code !== 'string' || typeof e.path !== 'string' || !(e.code in HINTS)) return null;
  const what = typeof e.syscall === 'string' ? e.syscall : 'use';
  return new UserError(`cannot ${what} ${e.path}: ${e.code}`, HINTS[e.code], EXIT_IO);
}
