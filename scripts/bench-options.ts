/**
 * The bench's options, checked before anything is generated: a typo or an unfair layout is refused
 * with the reason, not discovered an hour into a run.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';

export const CASES = ['large', 'verify', 'memory', 'photos', 'tiny', 'docks', 'export', 'startup', 'findings', 'central'] as const;
export type Case = (typeof CASES)[number];

export interface BenchOptions {
  /** The large-file case's total size (GiB). */
  gib: number;
  rounds: number;
  photos: number;
  /** Tiny files: number of JPEG snapshots of about 4 KB. */
  smallFiles: number;
  docks: number;
  /** Each dock's size (MiB). */
  dockMib: number;
  /** The export case's footage (MiB, in 16 files). */
  exportMib: number;
  /** The findings case's synthetic catalogue (recordings, every live one's file gone). */
  findingsRows: number;
  /** The central case: metadata objects put into the store and indexed, and recordings' rows for the report. */
  centralObjects: number;
  centralRows: number;
  centralStations: number;
  /** Vault, plain copies and export: a disk file system. */
  dir: string;
  /** Where the recorder volumes are made: another file system than `dir` (default a fresh dir on /dev/shm). */
  sourceDir: string;
  json: boolean;
  cases: Set<Case>;
  /** How old the bench's last removal must be before a case is timed (s; bench-settle.ts); 0: no wait. */
  settleSeconds: number;
}

export const USAGE = `npm run bench [-- options]
  --gib N           large files: total size in GiB (default 3: 6 files of 512 MiB)
  --rounds N        paired rounds per comparison (default 3; the median of the per-round ratios is reported)
  --photos N        small files: number of JPEG photos of about 175 KB (default 1000)
  --small-files N   tiny files: number of JPEG snapshots of about 4 KB (default 10000)
  --docks N         many docks: recorders ingested at once into one vault (default 8)
  --dock-mib N      many docks: MiB of footage per recorder (default 256)
  --export-mib N    export: MiB of footage exported (default 1024, in 16 files)
  --findings-rows N findings: recordings in the synthetic catalogue whose files are all gone (default 200000)
  --central-objects N   central: metadata objects put into a Ceph store and indexed (default 50000)
  --central-rows N      central: recordings' rows the report reads (default 1000000)
  --central-stations N  central: stations they are spread over (default 4)
  --dir DIR         where the vaults and the plain copies go: the disk to measure (default ${os.tmpdir()}); not tmpfs
  --source-dir DIR  where the recorder volumes are made: another file system, as a recorder is (default /dev/shm)
  --cases LIST      comma-separated, any of ${CASES.join(',')} (default all)
  --settle-seconds N  on ext4 without a journal, how old the last removal must be before a case is
                    timed (default 301: the kernel skips inodes freed in the last five minutes, one
                    by one, while new files are written beside them; 0 for no wait, as when only
                    checking that the bench runs)
  --json            every figure as JSON on stdout (progress goes to stderr)`;

export class OptionError extends Error {}

/** The type of the mount holding `dir` (the kernel's name: ext4, xfs, tmpfs …; `stat -f` says ext2/ext3 for all three ext). */
function fsType(dir: string): string {
  const r = spawnSync('stat', ['-f', '-c', '%T', dir], { encoding: 'utf8' });
  if (r.status !== 0) throw new OptionError(`cannot tell the file system of ${dir}: ${r.stderr.trim()}`);
  const real = fs.realpathSync(dir);
  const mounts = fs.readFileSync('/proc/self/mounts', 'utf8').split('\n').map((l) => l.split(' ')).filter((m) => m.length > 2);
  const unescape = (p: string) => p.replace(/\\(\d{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));
  const holding = mounts.filter((m) => {
    const at = unescape(m[1]!);
    return real === at || real.startsWith(at === '/' ? '/' : `${at}/`);
  });
  const longest = holding.sort((a, b) => unescape(b[1]!).length - unescape(a[1]!).length)[0];
  return longest?.[2] ?? r.stdout.trim();
}

/**
 * The options of a bench script of its own (bench-replication.ts, bench-inspection.ts), as the
 * bench's: `--help` prints `usage` and exits 0; a typo or a stray argument is refused with the
 * usage, exit 2, before anything is made.
 */
export function scriptOptions(usage: string, options: NonNullable<ParseArgsConfig['options']>): Record<string, string | boolean | undefined> {
  try {
    const { values } = parseArgs({ args: process.argv.slice(2), strict: true, allowPositionals: false, options: { ...options, help: { type: 'boolean', default: false } } });
    if (values.help === true) {
      process.stdout.write(`${usage}\n`);
      process.exit(0);
    }
    return values as Record<string, string | boolean | undefined>;
  } catch (err) {
    return refuse(`${(err as Error).message}\n\n${usage}`);
  }
}

/** A bench script's option refused: what and why on stderr, exit 2. */
export function refuse(message: string): never {
  process.stderr.write(`bench: ${message}\n`);
  process.exit(2);
}

/** `--name`'s value as a positive number (a whole one where `integer`), or OptionError. */
export function positive(name: string, value: string | undefined, integer: boolean): number {
  const n = Number(value);
  if (!value || !Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new OptionError(`--${name} must be a positive ${integer ? 'whole number' : 'number'}, not "${value}"`);
  }
  return n;
}

function notNegative(name: string, value: string | undefined): number {
  const n = Number(value);
  if (!value || !Number.isFinite(n) || n < 0) throw new OptionError(`--${name} must be a number of seconds, 0 or more, not "${value}"`);
  return n;
}

/** `--name`'s folder, resolved, which must exist and be writable, or OptionError. */
export function existingDir(name: string, dir: string): string {
  const resolved = path.resolve(dir);
  let st: fs.Stats;
  try {
    st = fs.statSync(resolved);
  } catch {
    throw new OptionError(`--${name} ${dir}: no such directory`);
  }
  if (!st.isDirectory()) throw new OptionError(`--${name} ${dir}: not a directory`);
  fs.accessSync(resolved, fs.constants.W_OK);
  return resolved;
}

export function parseOptions(argv: string[]): BenchOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        gib: { type: 'string', default: '3' },
        rounds: { type: 'string', default: '3' },
        photos: { type: 'string', default: '1000' },
        'small-files': { type: 'string', default: '10000' },
        docks: { type: 'string', default: '8' },
        'dock-mib': { type: 'string', default: '256' },
        'export-mib': { type: 'string', default: '1024' },
        'findings-rows': { type: 'string', default: '200000' },
        'central-objects': { type: 'string', default: '50000' },
        'central-rows': { type: 'string', default: '1000000' },
        'central-stations': { type: 'string', default: '4' },
        dir: { type: 'string', default: os.tmpdir() },
        'source-dir': { type: 'string', default: '/dev/shm' },
        cases: { type: 'string', default: CASES.join(',') },
        'settle-seconds': { type: 'string', default: '301' },
        json: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (err) {
    throw new OptionError(`${(err as Error).message}\n\n${USAGE}`);
  }
  if (values.help) throw new OptionError(USAGE);
  const cases = new Set<Case>();
  for (const c of values.cases!.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (!(CASES as readonly string[]).includes(c)) throw new OptionError(`--cases: unknown case "${c}" (known: ${CASES.join(', ')})`);
    cases.add(c as Case);
  }
  if (cases.size === 0) throw new OptionError('--cases: name at least one case');
  const dir = existingDir('dir', values.dir!);
  const sourceDir = existingDir('source-dir', values['source-dir']!);
  const dirType = fsType(dir);
  if (dirType === 'tmpfs' || dirType === 'ramfs') {
    throw new OptionError(`--dir ${dir} is ${dirType} (memory): the vault must be on the disk being measured; give --dir a directory on it`);
  }
  if (fs.statSync(dir).dev === fs.statSync(sourceDir).dev) {
    throw new OptionError(`--source-dir ${sourceDir} is on the same file system as --dir ${dir}: a recorder is another device; give a tmpfs such as /dev/shm`);
  }
  if (dir.startsWith(sourceDir + path.sep) || sourceDir.startsWith(dir + path.sep)) {
    throw new OptionError(`--dir and --source-dir must not contain one another`);
  }
  return {
    gib: positive('gib', values.gib, false),
    rounds: positive('rounds', values.rounds, true),
    photos: positive('photos', values.photos, true),
    smallFiles: positive('small-files', values['small-files'], true),
    docks: positive('docks', values.docks, true),
    dockMib: positive('dock-mib', values['dock-mib'], false),
    exportMib: positive('export-mib', values['export-mib'], false),
    findingsRows: positive('findings-rows', values['findings-rows'], true),
    centralObjects: positive('central-objects', values['central-objects'], true),
    centralRows: positive('central-rows', values['central-rows'], true),
    centralStations: positive('central-stations', values['central-stations'], true),
    dir,
    sourceDir,
    json: values.json!,
    cases,
    settleSeconds: notNegative('settle-seconds', values['settle-seconds']),
  };
}

/** Free bytes of the file system holding `dir`. */
export function freeBytes(dir: string): number {
  const s = fs.statfsSync(dir);
  return s.bavail * s.bsize;
}

export { fsType };
