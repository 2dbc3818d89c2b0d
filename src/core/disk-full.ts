/**
 * A full disk is not a bug: a command that changes anything stops with a clear message naming the
 * disk, and a read-only check still reports, saying that its own record could not be written.
 */
import { UserError } from './errors.js';

/** sysexits EX_TEMPFAIL: the check ran and reported, but its result is not on the record (free space, run it again). */
export const EXIT_NOT_RECORDED = 75;

/** sysexits EX_IOERR: a command that would change something stopped because a disk is full. */
export const EXIT_DISK_FULL = 74;

const FULL_CODES = new Set(['SQLITE_FULL', 'ENOSPC', 'EDQUOT']);

/** Whether `err` (a SQLite or system error, or one wrapping its code in the message) says the disk is full. */
export function isDiskFull(err: unknown): boolean {
  if (!err || typeof err !== 'object') return false;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && FULL_CODES.has(code)) return true;
  const message = (err as { message?: unknown }).message;
  return typeof message === 'string' && /\b(SQLITE_FULL|ENOSPC|EDQUOT)\b|database or disk is full/.test(message);
}

/** The person's error for a command stopped by a full disk: which disk, and what to do. */
export function diskFullError(where: readonly string[], detail?: string): UserError {
  const places = [...new Set(where)].join(' and ');
  const placesZh = [...new Set(where)].join('、');
  return new UserError(
    {
      zh: `${placesZh ? `${placesZh} 所在的磁盘` : '音像资料库使用的一块磁盘'}已满${detail ? `（${detail}）` : ''}：命令已停止；未存储或未记录的内容保持不变，未存储的文件仍在原处`,
      en: `${places ? `the disk holding ${places}` : 'a disk the vault uses'} is full${detail ? ` (${detail})` : ''}: the command stopped; what it did not store or record is unchanged, and files not stored are still on their source`,
    },
    {
      zh: `请在该磁盘上腾出空间（df -h ${where[0] ?? '<vault folder>'}），再运行同一命令；只读检查（verify、audit verify）在此期间仍可运行`,
      en: `free space on that disk (df -h ${where[0] ?? '<vault folder>'}), then run the same command again; read-only checks (verify, audit verify) still run meanwhile`,
    },
    EXIT_DISK_FULL,
  );
}

/** `err` as the person's disk-full error naming `where`, when it is a full disk and not already a person's error. */
export function diskFullForPerson(err: unknown, where: readonly string[]): unknown {
  if (err instanceof UserError || !isDiskFull(err)) return err;
  const code = (err as { code?: unknown }).code;
  return diskFullError(where, typeof code === 'string' ? code : undefined);
}
