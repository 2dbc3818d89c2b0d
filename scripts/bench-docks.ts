/**
 * The many-docks case, as the product does it: ONE dock service (`evidence-vault daemon`) ingesting N
 * recorders docked at once, against N concurrent `cp -r` and one `sync` (the issue's yardstick), and
 * plain (with eviction and `openssl dgst`) as the other cases have it.
 *
 * Each recorder is a folder of real MP4 footage on the source file system (tmpfs), bind-mounted under
 * the media root the daemon watches (so root is needed: the case says so and stops otherwise). The
 * recorders are registered and recognised by their file names, as `device identify --volume
 * file-names` makes them. Per round: a fresh vault, the daemon started and idle, the clock started,
 * the N volumes mounted, and the clock stopped when the catalogue says every dock is done (polled
 * read-only, every 20 ms: a condition, not a sleep). CPU and peak memory are the daemon's with its copy
 * workers' and ffprobe children's (bench-process-tree.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { evict, run, type Cost } from './bench-run.js';
import { listFiles, makeVideos, MiB, totalBytes } from './bench-media.js';
import { settleRemovals } from './bench-settle.js';
import { warmPageCache } from './bench-memory.js';
import { CLI, clearComparison, cliArgv, contenderMemory, firstOf, makeVault, median, medianCost, plainCopies, vaultFiles, type Context, type PlainCost } from './bench-context.js';
import { OptionError } from './bench-options.js';
import { TreePeak, treeCpu } from './bench-process-tree.js';

export interface DaemonRun extends Cost {
  /**
   * The peak memory of the daemon's process tree during the round, in MiB (bench-process-tree.ts), and
   * its parts: the dock service's own process and its worker processes (and ffprobe). Only in the
   * round run for memory (sampling every 25 ms would slow a timed one: bench-run.ts).
   */
  peak?: { peakRssMiB: number; peakSplit: TreePeak['peakSplit'] };
  /** From the first mount to the first session starting (detection, settle, recognition). */
  detectSeconds: number;
  /** Per dock, seconds from the mounts to its session's end: the spread says whether the disk was shared fairly. */
  dockSeconds: number[];
}

export interface DocksRound {
  first: 'plain' | 'daemon';
  plain: PlainCost;
  daemon: DaemonRun;
  /** daemon wall / (cp + sync) wall: the issue's ratio, inverted (<= 1.25 is >= 0.8 of the throughput). */
  copySyncRatio: number;
  /** daemon wall / plain wall. */
  ratio: number;
}

export interface DocksComparison {
  docks: number;
  files: number;
  bytes: number;
  rounds: DocksRound[];
  median: { plain: PlainCost; copySync: Cost; daemon: Cost; copySyncRatio: number; ratio: number; detectSeconds: number };
  /** Aggregate MiB/s of each contender (bytes over the median wall). */
  daemonMiBps: number;
  copySyncMiBps: number;
  plainMiBps: number;
  /** The daemon's throughput as a share of cp + sync's (the issue's target: >= 0.8), from the median per-round ratio. */
  shareOfCopySync: number;
  daemonPeakRssMiB: number;
  /** Median over rounds of (slowest dock − fastest dock) / slowest: 0 is perfectly fair. */
  unfairness: number;
}

const device = (k: number) => String(9001 + k).padStart(7, '0');



/** The daemon and the mounts of the round running now, for an interrupted bench (stopDocks). */
const live = { daemon: null as ChildProcess | null, mounts: [] as string[] };

/** Interrupted (SIGINT): stop the daemon and unmount the volumes before the bench removes its folders. */
export function stopDocks(): void {
  live.daemon?.kill('SIGKILL');
  for (const p of live.mounts.splice(0).reverse()) spawnSync('umount', ['-l', p]);
}

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Poll `test` every `everyMs` until it returns a value, or fail after `ms` with what `why` says. */
async function until<T>(what: string, test: () => T | null | undefined, ms: number, why: () => string, everyMs = 20): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = test();
    if (v !== null && v !== undefined) return v;
    if (Date.now() > end) throw new Error(`docks: timed out waiting for ${what}: ${why()}`);
    await pause(everyMs);
  }
}

interface Daemon {
  child: ChildProcess;
  exited: Promise<void>;
  log: string;
}

function startDaemon(config: string, log: string): Daemon {
  const out = fs.openSync(log, 'a');
  const child = spawn(process.execPath, [CLI, '--config', config, 'daemon'], { stdio: ['ignore', out, out] });
  fs.closeSync(out);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, exited, log };
}

const tail = (file: string) => {
  try {
    return fs.readFileSync(file, 'utf8').slice(-2000);
  } catch {
    return '';
  }
};

/** One round of the daemon: a fresh vault, its recorders registered, the volumes mounted at once. */
async function daemonRound(ctx: Context, r: number | 'memory', volumes: string[], sources: string[], touch = 0): Promise<DaemonRun> {
  const config = makeVault(ctx, `docks-vault-${r}`);
  const dir = path.dirname(config);
  // Outside the vault's folder (which holds the catalogue): the config refuses a media root overlapping it.
  const mediaRoot = path.join(ctx.work, `docks-media-${r}`);
  fs.mkdirSync(mediaRoot);
  const c = JSON.parse(fs.readFileSync(config, 'utf8')) as Record<string, unknown>;
  // Settle 0: the bench's volumes are complete when mounted; the service's other defaults stand.
  fs.writeFileSync(config, JSON.stringify({ ...c, dock: { mediaRoots: [mediaRoot], settleSeconds: 0 } }));
  for (let k = 0; k < volumes.length; k++) {
    const cli = (...args: string[]) => run(process.execPath, cliArgv(config, ...args).slice(1));
    cli('device', 'add', '--number', device(k), '--brand', 'bench', '--model', 'bench');
    cli('device', 'identify', device(k), '--volume', 'file-names');
  }
  const daemon = startDaemon(config, path.join(dir, 'daemon.log'));
  live.daemon = daemon.child;
  const points = volumes.map((_, k) => path.join(mediaRoot, `dock-${k + 1}`));
  const mounted = live.mounts;
  const db = () => new Database(path.join(dir, 'catalog.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const pid = daemon.child.pid!;
    const gone = () => (daemon.child.exitCode !== null ? `the daemon exited ${daemon.child.exitCode}: ${tail(daemon.log)}` : tail(daemon.log));
    const catalogue = db();
    try {
      await until('the daemon to start', () => catalogue.prepare('SELECT pid FROM daemon_state WHERE id = 1 AND pid = ? AND stopped_at IS NULL').get(pid), 60_000, gone);
      // Its start-up work (the anchor, the first polls) done: its CPU time still for 300 ms.
      let last = -1;
      let still = 0;
      await until('the daemon to be idle', () => {
        const cpu = treeCpu(pid);
        if (!cpu) return null;
        const now = cpu.user + cpu.sys;
        still = now === last ? still + 1 : 0;
        last = now;
        return still >= 3 ? true : null;
      }, 30_000, gone, 100);
      evict(sources);
      warmPageCache(ctx.work, touch);
      for (const p of points) fs.mkdirSync(p);
      const before = treeCpu(pid)!;
      const start = Date.now();
      const t0 = process.hrtime.bigint();
      // The daemon with its copy workers and ffprobe children (bench-process-tree.ts).
      const memory = r === 'memory' ? new TreePeak(() => pid) : null;
      const sampler = memory ? setInterval(() => memory.sample(), 25) : undefined;
      for (let k = 0; k < volumes.length; k++) {
        run('mount', ['--bind', volumes[k]!, points[k]!]);
        mounted.push(points[k]!);
      }
      const rows = () => catalogue.prepare('SELECT mount_point, state, started_ms, updated_ms, detail FROM dock_activity').all() as { mount_point: string; state: string; started_ms: number | null; updated_ms: number; detail: string | null }[];
      const done = await until(
        `${volumes.length} docks to finish`,
        () => {
          const now = rows();
          return now.length === volumes.length && now.every((d) => d.state === 'done' || d.state === 'failed') ? now : null;
        },
        30 * 60_000,
        () => `${JSON.stringify(rows())} ${gone()}`,
      );
      const wall = Number(process.hrtime.bigint() - t0) / 1e9;
      clearInterval(sampler);
      memory?.sample();
      const after = treeCpu(pid)!;
      const failed = done.filter((d) => d.state !== 'done');
      if (failed.length) throw new Error(`docks round ${r}: ${failed.length} docks failed: ${failed.map((d) => `${d.mount_point}: ${d.detail}`).join('; ')} (see ${daemon.log})`);
      const stored = vaultFiles(config).length;
      if (stored !== sources.length) throw new Error(`docks round ${r}: the daemon stored ${stored} of ${sources.length} files (see ${daemon.log})`);
      const firstStart = Math.min(...done.map((d) => d.started_ms ?? Infinity));
      return {
        wall,
        user: after.user - before.user,
        sys: after.sys - before.sys,
        peak: memory ? { peakRssMiB: memory.peakMiB, peakSplit: memory.peakSplit } : undefined,
        detectSeconds: (firstStart - start) / 1000,
        dockSeconds: done.map((d) => (d.updated_ms - start) / 1000),
      };
    } finally {
      catalogue.close();
    }
  } finally {
    daemon.child.kill('SIGTERM');
    await daemon.exited;
    live.daemon = null;
    for (const p of mounted.splice(0)) run('umount', [p]);
  }
}

/**
 * N recorders (their own volumes and numbers) docked at once into one daemon, against N concurrent
 * `cp -r` + one `sync` (+ eviction and N concurrent `openssl dgst`: plain), in paired rounds.
 */
export async function docksCase(ctx: Context, clip: string, docks: number, dockBytes: number, rounds: number): Promise<DocksComparison> {
  if (process.getuid?.() !== 0) throw new OptionError('the docks case mounts the recorder volumes under the daemon\'s media root: run it as root (or leave it out: --cases large,verify,…)');
  const perFile = Math.min(dockBytes, 128 * MiB);
  const count = Math.max(1, Math.round(dockBytes / perFile));
  const volumes = Array.from({ length: docks }, (_, k) => path.join(ctx.source, `dock-${k + 1}`));
  ctx.log(`docks: making ${docks} volumes of ${count} x ${(dockBytes / count / MiB).toFixed(0)} MiB in ${ctx.source}`);
  const files = volumes.flatMap((v, k) => makeVideos(clip, v, device(k), count, Math.floor(dockBytes / count)));
  const bytes = totalBytes(files);
  const sources = volumes.flatMap((v) => listFiles(v));
  const memory = contenderMemory(sources);
  const done: DocksRound[] = [];
  let peak: NonNullable<DaemonRun['peak']>;
  await settleRemovals(ctx);
  try {
    for (let r = 1; r <= rounds; r++) {
      const first = firstOf(r) === 'plain' ? 'plain' : 'daemon';
      let plain: PlainCost | undefined;
      let daemon: DaemonRun | undefined;
      for (const contender of first === 'plain' ? ['plain', 'daemon'] : ['daemon', 'plain']) {
        if (contender === 'plain') {
          evict(sources);
          warmPageCache(ctx.work, memory);
          plain = await plainCopies(ctx, volumes, path.join(ctx.work, `docks-plain-${r}`));
        } else daemon = await daemonRound(ctx, r, volumes, sources, memory);
      }
      const copySync = plain!.cp.wall + plain!.sync.wall;
      done.push({ first, plain: plain!, daemon: daemon!, copySyncRatio: daemon!.wall / copySync, ratio: daemon!.wall / plain!.total.wall });
      ctx.log(`  docks round ${r}/${rounds} (${first} first): cp + sync ${copySync.toFixed(2)} s, plain ${plain!.total.wall.toFixed(2)} s, daemon ${daemon!.wall.toFixed(2)} s (user ${daemon!.user.toFixed(2)}, sys ${daemon!.sys.toFixed(2)}), ${(copySync / daemon!.wall).toFixed(2)} of cp + sync`);
    }
    const forMemory = await daemonRound(ctx, 'memory', volumes, sources);
    peak = forMemory.peak!;
    ctx.log(`  docks peak memory (a round of its own, ${forMemory.wall.toFixed(2)} s): ${peak.peakRssMiB.toFixed(0)} MiB: service ${peak.peakSplit.rootMiB.toFixed(0)} + ${peak.peakSplit.others} workers ${peak.peakSplit.othersMiB.toFixed(0)} [${peak.peakSplit.detail}]`);
  } finally {
    clearComparison(ctx, 'docks');
    for (const v of volumes) fs.rmSync(v, { recursive: true, force: true });
  }
  const plainMedian: PlainCost = {
    cp: medianCost(done.map((r) => r.plain.cp)),
    sync: medianCost(done.map((r) => r.plain.sync)),
    dgst: medianCost(done.map((r) => r.plain.dgst)),
    total: medianCost(done.map((r) => r.plain.total)),
  };
  const copySync = medianCost(done.map((r) => ({ wall: r.plain.cp.wall + r.plain.sync.wall, user: r.plain.cp.user + r.plain.sync.user, sys: r.plain.cp.sys + r.plain.sync.sys })));
  const daemonCost = medianCost(done.map((r) => r.daemon));
  const copySyncRatio = median(done.map((r) => r.copySyncRatio));
  return {
    docks,
    files: files.length,
    bytes,
    rounds: done,
    median: { plain: plainMedian, copySync, daemon: daemonCost, copySyncRatio, ratio: median(done.map((r) => r.ratio)), detectSeconds: median(done.map((r) => r.daemon.detectSeconds)) },
    daemonMiBps: bytes / MiB / daemonCost.wall,
    copySyncMiBps: bytes / MiB / copySync.wall,
    plainMiBps: bytes / MiB / plainMedian.total.wall,
    shareOfCopySync: 1 / copySyncRatio,
    daemonPeakRssMiB: peak.peakRssMiB,
    unfairness: median(done.map((r) => (Math.max(...r.daemon.dockSeconds) - Math.min(...r.daemon.dockSeconds)) / Math.max(...r.daemon.dockSeconds))),
  };
}
