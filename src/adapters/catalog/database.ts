/**
 * The catalogue: one SQLite file, the single source of truth (architecture invariant 3).
 * Durable settings on every open: better-sqlite3 leaves WAL databases at synchronous=NORMAL, which
 * can lose the last commits on power loss; FULL syncs the WAL on every commit.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { diskFullError, EXIT_NOT_RECORDED } from '../../core/disk-full.js';
import { UserError } from '../../core/errors.js';
import { freeBytes } from '../disk-space.js';
import { MIGRATIONS, type Migration } from './migrations.js';

export type Db = Database.Database;

let addon: string | undefined;

/**
 * better-sqlite3's compiled addon, named outright. The command's bundle holds better-sqlite3's
 * JavaScript (compiled once at the build with the rest, scripts/bundle.ts), and the package's own
 * search for its addon starts beside the calling file, which is then the bundle, not the package.
 */
function sqliteAddon(): string {
  return (addon ??= createRequire(import.meta.url).resolve('better-sqlite3/build/Release/better_sqlite3.node'));
}

/** A connection to the catalogue file (every open goes through here: the addon named as above). */
function connect(file: string, options: { fileMustExist: boolean }): Db {
  return new Database(file, { ...options, nativeBinding: sqliteAddon() });
}

/**
 * Open the catalogue. Only `evidence-vault init` passes `create`: any other command on a missing
 * catalogue (a mistyped catalogPath, an unmounted disk) must create nothing.
 */
export function openCatalog(file: string, options: { create?: boolean; migrations?: readonly Migration[] } = {}): Db {
  if (options.create) fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o750 });
  let db: Db;
  try {
    db = connect(file, { fileMustExist: !options.create });
  } catch (err) {
    throw cannotUse(file, err);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 10000');
    migrate(db, options.migrations ?? MIGRATIONS);
  } catch (err) {
    db.close();
    throw err instanceof UserError ? err : cannotUse(file, err);
  }
  return db;
}

/**
 * A read-only check's catalogue (`verify`, `audit verify`). On a disk so full that SQLite cannot even
 * make its shared-memory index, the catalogue is opened in exclusive locking mode (the index kept in
 * this process's memory, no file written); `diskFull` then says the check cannot record itself.
 * No other process can use the catalogue meanwhile, which on that disk none could anyway.
 */
export function openCatalogForCheck(file: string): { db: Db; diskFull: boolean } {
  try {
    return { db: openCatalog(file), diskFull: false };
  } catch (err) {
    if (!(err instanceof UserError) || !isCatalogueDiskFull(file, (err as { cause?: unknown }).cause)) throw err;
  }
  let db: Db;
  try {
    db = connect(file, { fileMustExist: true });
    db.pragma('locking_mode = EXCLUSIVE');
    db.pragma('busy_timeout = 10000');
    db.prepare('SELECT count(*) FROM schema_migrations').get();
  } catch (err) {
    if ((err as { code?: unknown }).code === 'SQLITE_BUSY') {
      throw new UserError(
        {
          zh: `目录库 ${file} 所在磁盘已满，且正被另一项检查使用：腾出空间前一次只能由一项检查读取`,
          en: `the catalogue ${file} is on a full disk and another check holds it: it can be read by one check at a time until space is freed`,
        },
        {
          zh: '请等另一项 verify 或 audit verify 结束后再运行本检查，或在该磁盘上腾出空间',
          en: 'wait for the other verify or audit verify to end and run this one again, or free space on that disk',
        },
        EXIT_NOT_RECORDED,
      );
    }
    throw cannotUse(file, err);
  }
  return { db, diskFull: true };
}

/**
 * A second connection holding one read transaction: every read through it sees the catalogue as it
 * was at one instant, whatever other processes commit meanwhile. Close it when done.
 */
export function openReadSnapshot(file: string): Db {
  const db = connect(file, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    db.pragma('query_only = ON');
    db.exec('BEGIN DEFERRED');
    // The snapshot is taken at the first read, not at BEGIN.
    db.prepare('SELECT count(*) FROM schema_migrations').get();
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/** SQLite could not write its journal or shared-memory index because the catalogue's disk is full. */
function isCatalogueDiskFull(file: string, err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !/^SQLITE_(FULL|IOERR)/.test(code)) return false;
  if (code === 'SQLITE_FULL') return true;
  try {
    // The shared-memory index needs 32 KiB, a commit a few pages more: an I/O error with less than 256 KiB free is a full disk.
    return freeBytes(path.dirname(file)) < 256 * 1024;
  } catch {
    return false;
  }
}

/** A catalogue this account may not open or write: say who needs to run the command, not a stack trace. */
function cannotUse(file: string, err: unknown): Error {
  const code = (err as { code?: string }).code ?? '';
  if (isCatalogueDiskFull(file, err)) {
    return Object.assign(diskFullError([path.dirname(file)], `${code}: the catalogue cannot be opened`), { cause: err });
  }
  if (/^SQLITE_(READONLY|CANTOPEN|PERM|AUTH)/.test(code) || /EACCES|EPERM/.test(code)) {
    return new UserError(
      { zh: `无法以 ${accountName()} 身份使用目录库 ${file}：${(err as Error).message}`, en: `cannot use the catalogue ${file} as ${accountName()}: ${(err as Error).message}` },
      {
        zh: '音像资料库属于服务账户：请通过 sudo 运行命令，例如 sudo -u evidence-vault evidence-vault status（如 sudo 拒绝，说明您的账户不在任何角色组中：请系统管理员添加，例如 usermod -aG evidence-custodian YOUR-ACCOUNT）。',
        en: 'The vault belongs to the service account: run the command through sudo, e.g. sudo -u evidence-vault evidence-vault status (if sudo refuses, your account is in no role group: an administrator adds it, e.g. usermod -aG evidence-custodian YOUR-ACCOUNT).',
      },
      77,
    );
  }
  return Object.assign(
    new UserError(
      { zh: `无法打开目录库 ${file}：${(err as Error).message}`, en: `cannot open catalogue ${file}: ${(err as Error).message}` },
      { zh: '请核对配置中的 catalogPath 及其权限。', en: 'Check the catalogPath in the config and its permissions.' },
    ),
    { cause: err },
  );
}

function accountName(): string {
  try {
    return os.userInfo().username;
  } catch {
    return `uid ${process.getuid?.()}`;
  }
}

function migrate(db: Db, migrations: readonly Migration[]): void {
  db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)');
  const applied = new Set(
    (db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map((r) => r.version),
  );
  const newest = Math.max(0, ...applied);
  const known = Math.max(0, ...migrations.map((m) => m.version));
  if (newest > known) {
    throw new UserError(
      { zh: `目录库结构版本 ${newest} 比本程序所知（${known}）更新`, en: `catalogue schema version ${newest} is newer than this program knows (${known})` },
      { zh: '请运行写入它的较新版本 evidence-vault。', en: 'Run the newer evidence-vault that wrote it.' },
    );
  }
  // Features add migrations independently: apply them in version order whatever the array order.
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(m.version)) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(m.version, m.name, new Date().toISOString());
    }).immediate();
  }
}

/** Run `fn` in a BEGIN IMMEDIATE transaction: writers queue up front instead of failing at commit. */
export function inTransaction<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}

/**
 * `fn` in one write transaction (BEGIN IMMEDIATE) whose commit is not flushed (synchronous=NORMAL),
 * for a transaction that records no evidence and is wanted for its lock or for a mark that may lag:
 * in WAL mode its frames reach the disk with the next commit that is flushed (every other one: FULL),
 * or at a checkpoint; a power cut before then loses that transaction alone, never an earlier one. The
 * setting is read when a transaction begins: inside one, `fn` is a savepoint of it, flushed with it.
 */
export function unflushedTransaction<T>(db: Db, fn: () => T): T {
  if (db.inTransaction) return inTransaction(db, fn);
  db.pragma('synchronous = NORMAL');
  try {
    return inTransaction(db, fn);
  } finally {
    db.pragma('synchronous = FULL');
  }
}

/**
 * Run `fn` (transactions of many small writes: an ingest's group commit, a batch's name claims) with
 * SQLite's temporary files in memory. Inside a transaction each INSERT that may abort (a UNIQUE
 * column, a trigger) keeps the pages it changes in a statement journal, which spills to a temp file
 * past 64 KiB; a recording's row touches about twenty pages (ten indexes, the replication trigger),
 * so every row wrote them to a file again, two system calls a page, and each group made and deleted
 * a temp file. In memory, the journal of one such statement is a few pages, dropped when it ends.
 * Scoped, not set for the connection: a statement that rewrites a whole table (a migration) keeps
 * its journal on disk. Durability is the WAL's and is not changed.
 */
export function withTempInMemory<T>(db: Db, fn: () => T): T {
  // The setting is read when a transaction begins: inside one it would change nothing.
  if (db.inTransaction) return fn();
  db.pragma('temp_store = MEMORY');
  try {
    return fn();
  } finally {
    db.pragma('temp_store = DEFAULT');
  }
}

/**
 * Prepared statements kept per connection, by their SQL: on an ingest's per-file path compiling the
 * same SQL again cost more than running it. Only for statements run to completion (get, all, run):
 * a statement being iterated is busy until its loop ends.
 */
export function statementCache(db: Db): (sql: string) => Database.Statement {
  const cache = new Map<string, Database.Statement>();
  return (sql) => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      cache.set(sql, stmt);
    }
    return stmt;
  };
}
