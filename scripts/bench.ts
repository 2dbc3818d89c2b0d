/**
 * npm run bench: ingest, verify and export next to the plain tools, measured in the same run, fairly:
 *
 * - The recorder volumes are made on another file system than the vault, as a recorder is another
 *   device: a fresh directory on tmpfs (/dev/shm, --source-dir) standing in for a fast card reader; the
 *   vaults and the plain copies go to --dir (default the temp directory), which must be the disk.
 * - plain = `cp -r` volume → copy, `sync`, the copies evicted from the page cache (posix_fadvise
 *   DONTNEED, not timed), `openssl dgst -sha256` of the copies: the cache state ingest's read-back has,
 *   since it reads the disk (O_DIRECT). ingest = `evidence-vault ingest VOLUME --device …`.
 * - Before every timed contender (and plain's openssl) the page cache is warmed alike on both sides
 *   where this virtual machine hands freed memory to its host (bench-memory.ts).
 * - Paired rounds, alternating which contender goes first; the median of the per-round ratios, every
 *   round listed. Wall time with user and system time (all the contender's processes) beside it.
 * - Cases: large files; verify (and audit verify) against openssl over the same stored files, both
 *   cold; peak memory with large and small files; 1,000 photos; 10,000 files of 4 KB; eight docks at
 *   once into one dock service (bench-docks.ts, as root: it mounts the volumes); export; start-up of
 *   --help, status and recordings list against `node -e 0` (bench-startup.ts); findings (verify over a
 *   catalogue whose files are all gone: bench-findings.ts); the central catalogue's index, report and
 *   search against a real Ceph store and PostgreSQL (bench-central.ts).
 *
 * Usage: npm run bench [-- --gib 3 --rounds 3 --photos 1000 --small-files 10000 --docks 8 --dock-mib 256 --export-mib 1024 --dir DIR
 *                           --findings-rows 200000 --central-objects 50000 --central-rows 1000000 --central-stations 4 --source-dir DIR
 *                           --cases large,verify,memory,photos,tiny,docks,export,startup,findings,central --json]
 * Run it on a quiet machine: other work on the disk or the cores moves the figures. Ours and the plain
 * tools run with the service's environment (systemd/evidence-vault.service: its allocator setting).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchExport } from './bench-export.js';
import { largeCase, memoryCase, photosCase, verifyCase } from './bench-cases.js';
import { docksCase, stopDocks } from './bench-docks.js';
import { startupCase } from './bench-startup.js';
import { findingsCase } from './bench-findings.js';
import { centralCase, stopCentral } from './bench-central.js';
import { CLI, ingestArgv, makeVault, type Context } from './bench-context.js';
import { makeClip, makeVideos, MiB } from './bench-media.js';
import { tinyCase } from './bench-tiny.js';
import { freeBytes, fsType, OptionError, parseOptions, USAGE, type BenchOptions } from './bench-options.js';
import { formatReport, TARGETS, type BenchResults } from './bench-report.js';
import { run, serviceEnvironment, stopRunning, timed } from './bench-run.js';

const GiB = 1024 * MiB;

/** Refuse before generating anything when either file system cannot hold what the cases make. */
function checkSpace(o: BenchOptions, fileBytes: number, count: number): void {
  // Only what the cases asked for is made (`--cases startup` needs no room for 3 GiB of video).
  const asked = (...cases: Parameters<typeof o.cases.has>[0][]) => cases.some((c) => o.cases.has(c));
  const large = asked('large', 'verify', 'memory') ? count * fileBytes : 0;
  const docks = asked('docks') ? o.docks * o.dockMib * MiB : 0;
  const needSource = Math.max(large, asked('photos') ? o.photos * 200 * 1024 : 0, asked('tiny') ? o.smallFiles * 8 * 1024 : 0, docks) * 1.1 + 64 * MiB;
  // Copies and vaults of all rounds stay until a comparison ends.
  const needDisk = Math.max(large * 2 * o.rounds, docks * 2 * o.rounds, asked('export') ? o.exportMib * MiB * 3 : 0) * 1.1 + GiB;
  const gb = (n: number) => `${(n / GiB).toFixed(1)} GiB`;
  if (freeBytes(o.sourceDir) < needSource) throw new OptionError(`--source-dir ${o.sourceDir} has ${gb(freeBytes(o.sourceDir))} free; these cases need about ${gb(needSource)}: lower --gib, --photos or --docks/--dock-mib`);
  if (freeBytes(o.dir) < needDisk) throw new OptionError(`--dir ${o.dir} has ${gb(freeBytes(o.dir))} free; these cases need about ${gb(needDisk)}: lower --gib or --rounds, or give another --dir`);
}

async function main(o: BenchOptions, ctx: Context): Promise<BenchResults> {
  // Files of up to 512 MiB, at least two: 3 GiB → 6 x 512 MiB, 0.25 GiB → 2 x 128 MiB.
  const bytes = o.gib * GiB;
  const count = Math.max(2, Math.ceil(bytes / (512 * MiB)));
  const fileBytes = Math.floor(bytes / count / MiB) * MiB;
  if (fileBytes < 16 * MiB) throw new OptionError(`--gib ${o.gib} is too small: at least ${(32 / 1024).toFixed(3)} GiB (files of 16 MiB)`);
  checkSpace(o, fileBytes, count);
  const results: BenchResults = {
    machine: { cores: os.cpus().length, memGiB: os.totalmem() / GiB, node: process.version, dir: o.dir, dirFs: fsType(o.dir), sourceDir: o.sourceDir, sourceFs: fsType(o.sourceDir) },
    options: {
      gib: o.gib,
      rounds: o.rounds,
      photos: o.photos,
      smallFiles: o.smallFiles,
      docks: o.docks,
      dockMib: o.dockMib,
      exportMib: o.exportMib,
      findingsRows: o.findingsRows,
      centralObjects: o.centralObjects,
      centralRows: o.centralRows,
      centralStations: o.centralStations,
      cases: [...o.cases],
    },
    targets: TARGETS,
  };
  const clip = makeClip(ctx.source);
  let vaultConfig: string | null = null;
  if (o.cases.has('large')) {
    const large = await largeCase(ctx, clip, count, fileBytes, o.rounds);
    results.large = large.result;
    vaultConfig = large.config;
  }
  if (o.cases.has('verify')) {
    if (!vaultConfig) {
      const volume = path.join(ctx.source, 'large');
      makeVideos(clip, volume, '0009999', count, fileBytes);
      vaultConfig = makeVault(ctx, 'large-vault');
      await timed(ingestArgv(vaultConfig, volume, '0009999'));
    }
    ctx.log('verify: paired rounds');
    results.verify = await verifyCase(ctx, vaultConfig, o.rounds);
  }
  fs.rmSync(path.join(ctx.source, 'large'), { recursive: true, force: true });
  if (o.cases.has('memory')) results.memory = await memoryCase(ctx, clip, count, fileBytes, results.large?.ingestPeakRssMiB ?? null);
  if (o.cases.has('photos')) results.photos = await photosCase(ctx, o.photos, o.rounds);
  if (o.cases.has('tiny')) results.tiny = await tinyCase(ctx, o.smallFiles, o.rounds);
  if (o.cases.has('docks')) results.docks = await docksCase(ctx, clip, o.docks, Math.floor(o.dockMib * MiB), o.rounds);
  if (o.cases.has('export')) {
    ctx.log('export: cp -r + sha256sum against export quarter');
    results.export = benchExport({ dir: o.dir, rounds: Math.max(2, o.rounds), files: 16, mib: Math.max(1, Math.round(o.exportMib / 16)) });
  }
  if (o.cases.has('startup')) {
    ctx.log('start-up: --help, status, recordings list against node -e 0');
    results.startup = await startupCase(ctx, Math.max(10, o.rounds));
  }
  if (o.cases.has('findings')) results.findings = await findingsCase(ctx, o.findingsRows, o.rounds);
  if (o.cases.has('central')) results.central = await centralCase(ctx, { objects: o.centralObjects, rows: o.centralRows, stations: o.centralStations, rounds: o.rounds });
  return results;
}

let ctx: Context | null = null;

function cleanUp(): void {
  if (!ctx) return;
  stopDocks();
  stopCentral();
  for (const dir of [ctx.work, ctx.source]) {
    if (!fs.existsSync(dir)) continue;
    try {
      run('chmod', ['-R', 'u+w', dir]);
    } catch {
      // removed below as far as permissions allow
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
  ctx = null;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    console.error(`\nbench: ${signal}, stopping and removing its files`);
    stopRunning();
    cleanUp();
    process.exit(130);
  });
}

try {
  if (!fs.existsSync(CLI)) throw new OptionError('build first: npm run build');
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  const options = parseOptions(process.argv.slice(2));
  // Every contender, ours and the plain tools alike, runs with the environment the service is installed
  // with (its allocator setting): the program is measured as it runs, and the yardstick gets the same.
  Object.assign(process.env, serviceEnvironment());
  ctx = {
    work: fs.mkdtempSync(path.join(options.dir, 'ev-bench-')),
    source: fs.mkdtempSync(path.join(options.sourceDir, 'ev-bench-source-')),
    log: (line) => console.error(line),
    settleMs: options.settleSeconds * 1000,
  };
  const results = await main(options, ctx);
  process.stdout.write(options.json ? `${JSON.stringify(results, null, 2)}\n` : `\n${formatReport(results)}`);
} catch (err) {
  console.error(err instanceof OptionError ? `bench: ${err.message}` : err);
  process.exitCode = err instanceof OptionError ? 2 : 1;
} finally {
  cleanUp();
}
