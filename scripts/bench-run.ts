/**
 * How the bench runs a contender: through `/bin/sh`, whose `times` builtin gives the CPU time of every
 * child it waited for (user and system, the kernel's rusage of the children: no dependency on GNU
 * time), while this process samples the peak resident memory (VmHWM) of each command it starts.
 *
 * One shell runs one or several commands at once (the many-docks case); the shell reports on fd 3,
 * so the commands' own output stays apart: `pid N` as each starts, `status K CODE` as each ends, then
 * the two lines of `times` (the shell's own, then its children's).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { TreePeak } from './bench-process-tree.js';

/** Wall, user and system seconds of one contender (user and system summed over all its processes). */
export interface Cost {
  wall: number;
  user: number;
  sys: number;
}

export interface Peak {
  /** The largest peak memory of the commands started, each with its worker processes and children (MiB, bench-process-tree.ts). */
  peakRssMiB: number;
  /** The peak memory of each command, in the order given (MiB). */
  peaksMiB: number[];
  /** The largest one's parts at its peak: the command's own process and the processes under it. */
  peakSplit: TreePeak['peakSplit'];
}

/** A run timed with its memory sampled (measuredAll): for a peak, never for a timed comparison. */
export type Timed = Cost & Peak;

export const ZERO: Cost = { wall: 0, user: 0, sys: 0 };

export const addCosts = (...cs: Cost[]): Cost =>
  cs.reduce((a, c) => ({ wall: a.wall + c.wall, user: a.user + c.user, sys: a.sys + c.sys }), ZERO);

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** `times` prints `0m1.230000s 0m0.450000s` (dash) or `0m1.23s 0m0.45s` (bash). */
function seconds(field: string): number {
  const m = /^(\d+)m([\d.]+)s$/.exec(field);
  if (!m) throw new Error(`cannot read the shell's times output: ${field}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

export function parseTimes(lines: string[]): { user: number; sys: number } {
  const timesLines = lines.filter((l) => /^\d+m[\d.]+s \d+m[\d.]+s$/.test(l));
  // The second line is the children's.
  const children = timesLines[1];
  if (!children) throw new Error(`the shell gave no children's times: ${lines.join(' | ')}`);
  const [user, sys] = children.split(' ');
  return { user: seconds(user!), sys: seconds(sys!) };
}


/**
 * Run `commands` at once (each an argv), wait for all, and return their combined cost. Throws when
 * any fails, with the tail of its error output.
 */
/**
 * Wall and CPU of `commands` run at once, nothing else running beside them: no memory sampling. A
 * sample reads each process's smaps_rollup, about 9 ms of CPU for eight Node processes (a third of a
 * core at one every 25 ms) and far less for `cp` or `openssl`: sampled, the contender that keeps both
 * cores busy lost that CPU to the bench and the plain tools did not. Peaks are taken in runs of their
 * own (measuredAll).
 */
export const timedAll = (commands: string[][], env: NodeJS.ProcessEnv = process.env): Promise<Cost> => runAll(commands, env, false);

/** As timedAll, with each command's tree's memory sampled every 25 ms for its peak: a run for memory, not for time. */
export const measuredAll = (commands: string[][], env: NodeJS.ProcessEnv = process.env): Promise<Timed> => runAll(commands, env, true) as Promise<Timed>;

function runAll(commands: string[][], env: NodeJS.ProcessEnv, sampled: boolean): Promise<Cost | Timed> {
  const script = [
    ...commands.flatMap((argv, k) => [`${argv.map(quote).join(' ')} 3>&- >/dev/null 2>>"$ERRDIR/${k}" &`, `p${k}=$!`, `echo "pid ${k} $p${k}" >&3`]),
    ...commands.map((_, k) => `wait $p${k}; echo "status ${k} $?" >&3`),
    'times >&3',
  ].join('\n');
  const errDir = fs.mkdtempSync(path.join(fs.existsSync('/dev/shm') ? '/dev/shm' : os.tmpdir(), 'ev-bench-err-'));
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    // A process group of its own, so an interrupted bench stops the contender with it (stopRunning).
    const child = spawn('/bin/sh', ['-c', script], { env: { ...env, ERRDIR: errDir }, stdio: ['ignore', 'ignore', 'pipe', 'pipe'], detached: true });
    running.set(child.pid!, errDir);
    const pids: number[] = [];
    const peaks: number[] = commands.map(() => 0);
    let report = '';
    let shellErr = '';
    child.stderr!.on('data', (d) => (shellErr += d));
    const onReport = (chunk: Buffer) => {
      report += chunk;
      for (const m of report.matchAll(/^pid (\d+) (\d+)$/gm)) pids[Number(m[1])] = Number(m[2]);
    };
    (child.stdio[3] as NodeJS.ReadableStream).on('data', onReport);
    // Each command with its worker processes and children (bench-process-tree.ts).
    const trees = commands.map((_, k) => new TreePeak(() => pids[k]));
    const sample = () =>
      trees.forEach((t, k) => {
        t.sample();
        peaks[k] = Math.max(peaks[k]!, t.peakMiB);
      });
    const sampler = sampled ? setInterval(sample, 25) : undefined;
    child.on('close', (code) => {
      clearInterval(sampler);
      running.delete(child.pid!);
      const wall = Number(process.hrtime.bigint() - start) / 1e9;
      const errors = commands.map((_, k) => readAndDrop(`${errDir}/${k}`));
      fs.rmSync(errDir, { recursive: true, force: true });
      const lines = report.split('\n');
      const failed = commands.flatMap((argv, k) => {
        const status = lines.find((l) => l.startsWith(`status ${k} `))?.split(' ')[2];
        return status === '0' ? [] : [`${argv.join(' ')} exited ${status ?? '?'}: ${errors[k]!.slice(-2000)}`];
      });
      if (code !== 0 || failed.length > 0) return reject(new Error(failed.join('\n') || `the timing shell exited ${code}: ${shellErr}`));
      try {
        const { user, sys } = parseTimes(lines);
        if (!sampled) return resolve({ wall, user, sys });
        const top = peaks.indexOf(Math.max(...peaks));
        resolve({ wall, user, sys, peakRssMiB: Math.max(...peaks), peaksMiB: peaks, peakSplit: trees[top]!.peakSplit });
      } catch (err) {
        reject(err as Error);
      }
    });
  });
}

function readAndDrop(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}

/** The process group of each contender running, with its error-output folder. */
const running = new Map<number, string>();

/**
 * Stop every contender still running (SIGTERM to its process group) and wait up to `ms` for them to
 * go, so an interrupted bench removes its files after nothing writes them any more.
 */
export function stopRunning(ms = 10_000): void {
  const groups = [...running.keys()];
  for (const pid of groups) {
    try {
      process.kill(-pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  const alive = () =>
    groups.some((pid) => {
      try {
        process.kill(-pid, 0);
        return true;
      } catch {
        return false;
      }
    });
  const until = Date.now() + ms;
  const pause = new Int32Array(new SharedArrayBuffer(4));
  while (alive() && Date.now() < until) Atomics.wait(pause, 0, 0, 50);
  for (const errDir of running.values()) fs.rmSync(errDir, { recursive: true, force: true });
}

export const timed = (argv: string[], env?: NodeJS.ProcessEnv): Promise<Cost> => timedAll([argv], env);
export const measured = (argv: string[], env?: NodeJS.ProcessEnv): Promise<Timed> => measuredAll([argv], env);

/**
 * The environment the service runs with (the unit's `Environment=` lines but its config path; the
 * installed command sets the same): the bench runs the program as it is installed.
 */
export function serviceEnvironment(): Record<string, string> {
  const unit = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '../../systemd/evidence-vault.service'), 'utf8');
  const pairs = [...unit.matchAll(/^Environment=([A-Z_]+)=(.*)$/gm)].map((m) => [m[1]!, m[2]!] as const);
  return Object.fromEntries(pairs.filter(([k]) => k !== 'EVIDENCE_VAULT_CONFIG'));
}

/** Run a preparation step (not timed); throws with its error output when it fails. */
export function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status ?? r.signal}): ${r.stderr}`);
}

/** Flush every dirty page, so what one contender wrote is not flushed in the next one's time. */
export function flushAll(): void {
  run('sync', []);
}

/**
 * Make `files` cold: flush, then drop their cached pages (posix_fadvise DONTNEED, through python3,
 * which the setup installs; node has no fadvise). Only these files: dropping every cache would also
 * drop the file system's own metadata and charge its re-reading to whichever contender runs next.
 * Given in batches, so ten thousand names never pass the argument limit.
 */
export function evict(files: string[]): void {
  flushAll();
  for (let i = 0; i < files.length; i += 2000) {
    run('python3', ['-c', 'import os,sys\nfor f in sys.argv[1:]:\n  fd=os.open(f,os.O_RDONLY); os.posix_fadvise(fd,0,0,os.POSIX_FADV_DONTNEED); os.close(fd)', ...files.slice(i, i + 2000)]);
  }
}
