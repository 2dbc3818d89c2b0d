/**
 * A throw-away PostgreSQL for a test file or the bench: a cluster of its own in a temporary folder,
 * listening on a Unix socket in that folder only (no TCP), started in about a second. PostgreSQL
 * refuses to run as root: when we run as root (CI does), initdb and pg_ctl run as the `postgres` OS
 * account through runuser, with the folder owned by it. The cluster's superuser is `evtest` (trust on
 * the socket). Tests run it without fsync (their data is thrown away); the bench with it, as a
 * bureau's server runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface Postgres {
  /** The socket folder: `postgres.host` of a config. */
  host: string;
  port: number;
  /** The cluster's folder (its data under data/, the server log server.log). */
  dir: string;
  user: string;
  /** Makes a fresh, empty database and returns its name. */
  createDatabase(name: string): string;
  /** Runs SQL in a database with psql (as the superuser) and returns its unaligned, tuples-only output. */
  psql(database: string, sql: string): string;
  stop(): void;
}

const USER = 'evtest';

function bin(name: string): string {
  const onPath = spawnSync('sh', ['-c', `command -v ${name}`], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  const versions = fs.existsSync('/usr/lib/postgresql') ? fs.readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const p = path.join('/usr/lib/postgresql', v, 'bin', name);
    if (fs.existsSync(p)) return p;
  }
  throw new Error(`${name} not found: install PostgreSQL (scripts/setup.sh does)`);
}

const asRoot = process.getuid?.() === 0;

/** Runs a PostgreSQL server program as an account it accepts: ourselves, or `postgres` when we are root. */
function runServerTool(args: string[], opts: { timeout?: number } = {}): void {
  const [cmd, ...rest] = asRoot ? ['runuser', '-u', 'postgres', '--', ...args] : args;
  execFileSync(cmd!, rest, { stdio: ['ignore', 'ignore', 'pipe'], timeout: opts.timeout ?? 60_000 });
}

export function startPostgres(opts: { fsync?: boolean; parent?: string } = {}): Postgres {
  const dir = fs.mkdtempSync(path.join(opts.parent ?? os.tmpdir(), 'ev-pg-'));
  if (asRoot) {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    fs.chownSync(dir, uid, gid);
  }
  const data = path.join(dir, 'data');
  runServerTool([bin('initdb'), '-D', data, '-A', 'trust', '-U', USER, '-E', 'UTF8', '--locale=C.UTF-8', '--no-sync']);
  // Ports spread by process id so files side by side (and a second suite) pick different ones; a clash retries.
  let port = 0;
  for (let attempt = 0; ; attempt++) {
    port = 20_000 + ((process.pid * 131 + attempt * 7919 + Math.floor(Math.random() * 1000)) % 40_000);
    try {
      runServerTool([bin('pg_ctl'), '-D', data, '-l', path.join(dir, 'server.log'), '-o', `-k ${dir} -p ${port} -c listen_addresses=''${opts.fsync ? '' : ' -c fsync=off'}`, '-w', 'start'], { timeout: 120_000 });
      break;
    } catch (e) {
      if (attempt >= 3) throw new Error(`PostgreSQL did not start: ${(e as Error).message}\n${fs.readFileSync(path.join(dir, 'server.log'), 'utf8')}`);
    }
  }
  const psqlArgs = (database: string) => [bin('psql'), '-h', dir, '-p', String(port), '-U', USER, '-d', database, '-v', 'ON_ERROR_STOP=1', '-qAt'];
  return {
    host: dir,
    port,
    dir,
    user: USER,
    createDatabase(name) {
      execFileSync(bin('createdb'), ['-h', dir, '-p', String(port), '-U', USER, name], { stdio: ['ignore', 'ignore', 'pipe'] });
      return name;
    },
    psql(database, sql) {
      const [cmd, ...rest] = psqlArgs(database);
      return execFileSync(cmd!, [...rest, '-c', sql], { encoding: 'utf8' }).trim();
    },
    stop() {
      try {
        runServerTool([bin('pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
