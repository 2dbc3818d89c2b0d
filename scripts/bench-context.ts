/**
 * What every bench case shares: where the vaults and copies go (the disk), where the recorder volumes
 * are made (another file system), the built CLI, and the paired-round statistics.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { addCosts, evict, flushAll, measuredAll, run, timed, timedAll, type Cost, type Timed } from './bench-run.js';
import { listFiles } from './bench-media.js';
import { removeOnDisk, settleRemovals } from './bench-settle.js';
import { warmPageCache } from './bench-memory.js';

export const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bundle/evidence-vault.cjs');

export interface Context {
  /** A fresh directory on the disk being measured (--dir). */
  work: string;
  /** A fresh directory on the recorder's file system (--source-dir). */
  source: string;
  log: (line: string) => void;
  /** How old the last removal must be before a case is timed (ms; bench-settle.ts). */
  settleMs: number;
}

/** The plain tools' three steps and their sum (the page-cache eviction between sync and dgst is not timed). */
export interface PlainCost {
  cp: Cost;
  sync: Cost;
  dgst: Cost;
  total: Cost;
}

export interface PairedRound {
  /** Which contender ran first this round (they alternate). */
  first: 'plain' | 'ingest';
  plain: PlainCost;
  ingest: Cost;
  /** ingest wall / plain wall. */
  ratio: number;
}

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

export const medianCost = (cs: Cost[]): Cost => ({ wall: median(cs.map((c) => c.wall)), user: median(cs.map((c) => c.user)), sys: median(cs.map((c) => c.sys)) });

/** Round 1 plain first, round 2 ingest first …: a slow spell of the shared disk hits both alike. */
export const firstOf = (round: number): 'plain' | 'ingest' => (round % 2 === 1 ? 'plain' : 'ingest');

/** A fresh vault (its own config, vault and catalogue) under the work directory; returns the config file. */
export function makeVault(ctx: Context, name: string): string {
  const dir = path.join(ctx.work, name);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'config.json');
  fs.writeFileSync(file, JSON.stringify({ vaultRoot: path.join(dir, 'vault'), catalogPath: path.join(dir, 'catalog.sqlite'), logLevel: 'warn' }));
  run(process.execPath, [CLI, '--config', file, 'init', '--json']);
  return file;
}

/** The stored footage of a vault made by makeVault (its hidden folders left out). */
export const vaultFiles = (config: string): string[] => listFiles(path.join(path.dirname(config), 'vault', '现场执法记录仪影像资料'));

export const cliArgv = (config: string, ...args: string[]): string[] => [process.execPath, CLI, '--config', config, ...args];

export const ingestArgv = (config: string, volume: string, device: string): string[] => cliArgv(config, 'ingest', volume, '--device', device);

/**
 * `openssl dgst -sha256` of `files`, their names passed through a list file and `xargs`, so ten
 * thousand names fit (xargs starts as few openssl processes as the argument limit allows: one for a
 * thousand photos).
 */
export function dgstArgv(ctx: Context, files: string[], name: string): string[] {
  const list = path.join(ctx.source, `${name}.list`);
  fs.writeFileSync(list, files.join('\0'));
  return ['xargs', '-0', '-a', list, 'openssl', 'dgst', '-sha256'];
}

/** Remove a tree the vault made read-only, then flush, so the freeing is not charged to the next step. */
export function removeTree(dir: string): void {
  if (!fs.existsSync(dir)) return;
  run('chmod', ['-R', 'u+w', dir]);
  removeOnDisk(dir);
  flushAll();
}

/**
 * The plain way for several volumes at once: `cp -r` of each (all at once), one `sync`, the copies
 * evicted from the page cache (not timed: it puts them in the state ingest's read-back reads, the
 * disk), then `openssl dgst -sha256` of each volume's copies (all at once).
 */
export async function plainCopies(ctx: Context, volumes: string[], copyRoot: string): Promise<PlainCost> {
  fs.mkdirSync(copyRoot, { recursive: true });
  const copies = volumes.map((v, k) => path.join(copyRoot, `volume-${k}`));
  const cp = await timedAll(volumes.map((v, k) => ['cp', '-r', v, copies[k]!]));
  const sync = await timed(['sync']);
  const copied = copies.map((c) => listFiles(c));
  evict(copied.flat());
  // The page cache openssl's reads fill (bench-memory.ts), touched as cp's was before the round.
  warmPageCache(ctx.work, contenderMemory(copied.flat()));
  const dgst = await timedAll(copied.map((files, k) => dgstArgv(ctx, files, `${path.basename(copyRoot)}-${k}`)));
  return { cp, sync, dgst, total: addCosts(cp, sync, dgst) };
}

/**
 * Paired rounds of plain against ingest over the same volumes: before each contender everything is
 * flushed and the sources are evicted (a no-op on tmpfs, needed for a source on a disk). The copies and
 * vaults of a comparison stay until it ends: freeing gigabytes just before a timed step would land in
 * that step's flushes. Then one more ingest, not timed, for its peak memory (sampling it would slow
 * a timed one: bench-run.ts). Returns the rounds, that ingest's peak and its vault's config.
 */
export async function pairedRounds(
  ctx: Context,
  name: string,
  rounds: number,
  volumes: { dir: string; device: string }[],
): Promise<{ rounds: PairedRound[]; peak: Timed; lastConfig: string }> {
  const sources = volumes.flatMap((v) => listFiles(v.dir));
  const memory = contenderMemory(sources);
  await settleRemovals(ctx);
  const result: PairedRound[] = [];
  for (let r = 1; r <= rounds; r++) {
    const first = firstOf(r);
    let plain: PlainCost | undefined;
    let ingest: Cost | undefined;
    for (const contender of first === 'plain' ? (['plain', 'ingest'] as const) : (['ingest', 'plain'] as const)) {
      if (contender === 'plain') {
        evict(sources);
        warmPageCache(ctx.work, memory);
        plain = await plainCopies(ctx, volumes.map((v) => v.dir), path.join(ctx.work, `${name}-plain-${r}`));
      } else {
        const config = makeVault(ctx, `${name}-vault-${r}`);
        evict(sources);
        warmPageCache(ctx.work, memory);
        ingest = await timedAll(volumes.map((v) => ingestArgv(config, v.dir, v.device)));
        storedAll(config, sources.length, `${name} round ${r}`);
      }
    }
    result.push({ first, plain: plain!, ingest: ingest!, ratio: ingest!.wall / plain!.total.wall });
    ctx.log(`  ${name} round ${r}/${rounds} (${first} first): plain ${plain!.total.wall.toFixed(2)} s, ingest ${ingest!.wall.toFixed(2)} s, ratio ${(ingest!.wall / plain!.total.wall).toFixed(2)}`);
  }
  const lastConfig = makeVault(ctx, `${name}-vault-peak`);
  evict(sources);
  const peak = await measuredAll(volumes.map((v) => ingestArgv(lastConfig, v.dir, v.device)));
  storedAll(lastConfig, sources.length, `${name}'s memory run`);
  ctx.log(`  ${name} peak memory (a run of its own): ${peak.peakRssMiB.toFixed(0)} MiB: ingest ${peak.peakSplit.rootMiB.toFixed(0)} + ${peak.peakSplit.others} workers ${peak.peakSplit.othersMiB.toFixed(0)} [${peak.peakSplit.detail}]`);
  return { rounds: result, peak, lastConfig };
}

/**
 * The memory touched before a contender over `files` (bench-memory.ts): the page cache the plain tools
 * fill with their bytes (evicted copies' pages are reused by openssl's reads), and room for the rest.
 */
export const contenderMemory = (files: string[]): number => files.reduce((n, f) => n + fs.statSync(f).size, 0) * 1.25 + 512 * 1024 * 1024;

/** A bench of an ingest that stored less than it was given would measure nothing. */
function storedAll(config: string, expected: number, what: string): void {
  const stored = vaultFiles(config).length;
  if (stored !== expected) throw new Error(`${what}: ingest stored ${stored} of ${expected} files (see ${config})`);
}

/** Remove what a comparison left on the disk except the vault named `keep`. */
export function clearComparison(ctx: Context, name: string, keep?: string): void {
  for (const entry of fs.readdirSync(ctx.work)) {
    if (entry.startsWith(`${name}-`) && path.join(ctx.work, entry) !== keep) removeTree(path.join(ctx.work, entry));
  }
}
