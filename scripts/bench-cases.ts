/**
 * The bench's cases. Each makes its own recorder volumes on the source file system, compares in
 * paired rounds, and returns every figure (the report and --json print them).
 */
import fs from 'node:fs';
import path from 'node:path';
import { evict, measured, timed, type Cost, type Timed } from './bench-run.js';
import { listFiles, makePhotos, makeVideos, MiB, totalBytes } from './bench-media.js';
import { warmPageCache } from './bench-memory.js';
import {
  clearComparison,
  cliArgv,
  contenderMemory,
  dgstArgv,
  firstOf,
  ingestArgv,
  makeVault,
  median,
  medianCost,
  pairedRounds,
  vaultFiles,
  type Context,
  type PairedRound,
  type PlainCost,
} from './bench-context.js';

export interface IngestComparison {
  files: number;
  bytes: number;
  rounds: PairedRound[];
  median: { plain: PlainCost; ingest: Cost; ratio: number; ratioOfMedians: number };
  plainMiBps: number;
  ingestMiBps: number;
  plainFilesPerSecond: number;
  ingestFilesPerSecond: number;
  ingestPeakRssMiB: number;
}

/** The paired rounds' medians; `peak`: the ingest run for memory (pairedRounds). */
export function summarise(rounds: PairedRound[], peak: Timed, files: number, bytes: number): IngestComparison {
  const plain: PlainCost = {
    cp: medianCost(rounds.map((r) => r.plain.cp)),
    sync: medianCost(rounds.map((r) => r.plain.sync)),
    dgst: medianCost(rounds.map((r) => r.plain.dgst)),
    total: medianCost(rounds.map((r) => r.plain.total)),
  };
  const ingest = medianCost(rounds.map((r) => r.ingest));
  return {
    files,
    bytes,
    rounds,
    median: { plain, ingest, ratio: median(rounds.map((r) => r.ratio)), ratioOfMedians: ingest.wall / plain.total.wall },
    plainMiBps: bytes / MiB / plain.total.wall,
    ingestMiBps: bytes / MiB / ingest.wall,
    plainFilesPerSecond: files / plain.total.wall,
    ingestFilesPerSecond: files / ingest.wall,
    ingestPeakRssMiB: peak.peakRssMiB,
  };
}

/** Large files: `count` videos of `fileBytes`; the last vault is kept for the verify case. */
export async function largeCase(ctx: Context, clip: string, count: number, fileBytes: number, rounds: number): Promise<{ result: IngestComparison; config: string }> {
  const volume = path.join(ctx.source, 'large');
  ctx.log(`large files: making ${count} x ${fileBytes / MiB} MiB of footage in ${volume}`);
  const files = makeVideos(clip, volume, '0009999', count, fileBytes);
  const { rounds: done, peak, lastConfig } = await pairedRounds(ctx, 'large', rounds, [{ dir: volume, device: '0009999' }]);
  clearComparison(ctx, 'large', path.dirname(lastConfig));
  return { result: summarise(done, peak, files.length, totalBytes(files)), config: lastConfig };
}

export interface VerifyRound {
  first: 'openssl' | 'verify';
  openssl: Cost;
  verify: Cost;
  auditVerify: Cost;
  ratio: number;
  auditRatio: number;
}

export interface VerifyComparison {
  files: number;
  bytes: number;
  rounds: VerifyRound[];
  median: { openssl: Cost; verify: Cost; auditVerify: Cost; ratio: number; auditRatio: number };
  opensslMiBps: number;
  verifyMiBps: number;
  verifyPeakRssMiB: number;
  auditVerifyPeakRssMiB: number;
}

/**
 * verify and audit verify against `openssl dgst -sha256` over the same stored files, each started
 * with those files evicted from the page cache; openssl and verify alternate which goes first.
 */
export async function verifyCase(ctx: Context, config: string, rounds: number): Promise<VerifyComparison> {
  const files = vaultFiles(config);
  const cli = (...args: string[]) => cliArgv(config, ...args);
  const done: VerifyRound[] = [];
  const memory = contenderMemory(files);
  for (let r = 1; r <= rounds; r++) {
    const first = firstOf(r) === 'plain' ? 'openssl' : 'verify';
    let openssl: Cost | undefined;
    let verify: Cost | undefined;
    for (const contender of first === 'openssl' ? ['openssl', 'verify'] : ['verify', 'openssl']) {
      evict(files);
      warmPageCache(ctx.work, memory);
      if (contender === 'openssl') openssl = await timed(dgstArgv(ctx, files, 'vault'));
      else verify = await timed(cli('verify'));
    }
    evict(files);
    warmPageCache(ctx.work, memory);
    const auditVerify = await timed(cli('audit', 'verify'));
    done.push({ first, openssl: openssl!, verify: verify!, auditVerify, ratio: verify!.wall / openssl!.wall, auditRatio: auditVerify.wall / openssl!.wall });
    ctx.log(`  verify round ${r}/${rounds} (${first} first): openssl ${openssl!.wall.toFixed(2)} s, verify ${verify!.wall.toFixed(2)} s, audit verify ${auditVerify.wall.toFixed(2)} s`);
  }
  // Peak memory in runs of their own, from the same cold cache (sampling would slow a timed run: bench-run.ts).
  evict(files);
  const verifyPeak = await measured(cli('verify'));
  evict(files);
  const auditVerifyPeak = await measured(cli('audit', 'verify'));
  const bytes = totalBytes(files);
  const o = medianCost(done.map((d) => d.openssl));
  const v = medianCost(done.map((d) => d.verify));
  return {
    files: files.length,
    bytes,
    rounds: done,
    median: { openssl: o, verify: v, auditVerify: medianCost(done.map((d) => d.auditVerify)), ratio: median(done.map((d) => d.ratio)), auditRatio: median(done.map((d) => d.auditRatio)) },
    opensslMiBps: bytes / MiB / o.wall,
    verifyMiBps: bytes / MiB / v.wall,
    verifyPeakRssMiB: verifyPeak.peakRssMiB,
    auditVerifyPeakRssMiB: auditVerifyPeak.peakRssMiB,
  };
}

export interface MemoryCase {
  bytes: number;
  largeFileMiB: number;
  largePeakRssMiB: number;
  smallFileMiB: number;
  smallPeakRssMiB: number;
  smallIngest: Cost;
}

const splitSaid = (t: Timed) =>
  `${t.peakRssMiB.toFixed(0)} MiB: ingest ${t.peakSplit.rootMiB.toFixed(0)} + ${t.peakSplit.others} workers ${t.peakSplit.othersMiB.toFixed(0)} [${t.peakSplit.detail}]`;

/** Peak memory of ingest stays flat with file size: the same bytes in 16 times as many files. */
export async function memoryCase(ctx: Context, clip: string, count: number, fileBytes: number, largePeakRssMiB: number | null): Promise<MemoryCase> {
  let largePeak = largePeakRssMiB;
  if (largePeak === null) {
    const volume = path.join(ctx.source, 'memory-large');
    makeVideos(clip, volume, '0009999', count, fileBytes);
    const large = await measured(ingestArgv(makeVault(ctx, 'memory-large'), volume, '0009999'));
    ctx.log(`  memory: ${fileBytes / MiB} MiB files, peak ${splitSaid(large)}`);
    largePeak = large.peakRssMiB;
    fs.rmSync(volume, { recursive: true, force: true });
  }
  const volume = path.join(ctx.source, 'memory-small');
  ctx.log(`memory: making ${count * 16} x ${fileBytes / 16 / MiB} MiB of footage in ${volume}`);
  makeVideos(clip, volume, '0009999', count * 16, Math.floor(fileBytes / 16));
  const config = makeVault(ctx, 'memory-small');
  evict(listFiles(volume));
  const small = await measured(ingestArgv(config, volume, '0009999'));
  ctx.log(`  memory: ${fileBytes / 16 / MiB} MiB files, peak ${splitSaid(small)}`);
  fs.rmSync(volume, { recursive: true, force: true });
  clearComparison(ctx, 'memory');
  return { bytes: count * fileBytes, largeFileMiB: fileBytes / MiB, largePeakRssMiB: largePeak, smallFileMiB: fileBytes / 16 / MiB, smallPeakRssMiB: small.peakRssMiB, smallIngest: small };
}

/** Small files: `count` JPEG photos of about 175 KB. */
export async function photosCase(ctx: Context, count: number, rounds: number): Promise<IngestComparison> {
  const volume = path.join(ctx.source, 'photos');
  ctx.log(`photos: making ${count} JPEG photos in ${volume}`);
  const files = makePhotos(volume, '0009998', count);
  const bytes = totalBytes(files);
  const { rounds: done, peak } = await pairedRounds(ctx, 'photos', rounds, [{ dir: volume, device: '0009998' }]);
  clearComparison(ctx, 'photos');
  fs.rmSync(volume, { recursive: true, force: true });
  return summarise(done, peak, files.length, bytes);
}
