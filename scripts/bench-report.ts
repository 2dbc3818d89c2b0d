/**
 * The bench's table: every contender with wall, user and system seconds, every round listed, the
 * median of the per-round ratios against its target.
 */
import type { Cost } from './bench-run.js';
import type { IngestComparison, MemoryCase, VerifyComparison } from './bench-cases.js';
import type { DocksComparison } from './bench-docks.js';
import { MiB } from './bench-media.js';
import type { ExportBenchResult } from './bench-export.js';
import { startupLines, type StartupResult } from './bench-startup.js';
import { findingsSection, type FindingsCase } from './bench-findings.js';
import { centralSection, type CentralCase } from './bench-central.js';

export interface BenchResults {
  machine: { cores: number; memGiB: number; node: string; dir: string; dirFs: string; sourceDir: string; sourceFs: string };
  options: { gib: number; rounds: number; photos: number; smallFiles: number; docks: number; dockMib: number; exportMib: number; findingsRows?: number; centralObjects?: number; centralRows?: number; centralStations?: number; cases: string[] };
  targets: Record<string, string>;
  large?: IngestComparison;
  verify?: VerifyComparison;
  memory?: MemoryCase;
  photos?: IngestComparison;
  tiny?: IngestComparison;
  docks?: DocksComparison;
  export?: ExportBenchResult;
  startup?: StartupResult;
  findings?: FindingsCase;
  central?: CentralCase;
}

export const TARGETS = {
  large: 'ingest / plain <= 1.0',
  photos: 'ingest / plain <= 3',
  tiny: 'ingest / plain <= 3',
  verify: 'verify / openssl <= 0.6',
  docks: 'the dock service\'s aggregate throughput >= 0.8 of cp + sync',
  memory: 'flat with file size and with the number of docks (< 250 MiB)',
  export: 'export / (cp -r + sha256sum) <= 1.2',
  startup: '--help, status, recordings list each < 0.15 s (wall, warm cache)',
  findings: 'a million missing files reported in < 30 s at < 250 MiB: memory flat with the number of findings',
  centralIndex: "1,000,000 recordings' metadata indexed in < 10 min",
  centralReport: 'the cross-station inspection over 1,000,000 recordings in < 5 s',
};

const f = (n: number, d = 2) => n.toFixed(d);
const cost = (c: Cost) => `${f(c.wall).padStart(7)} s  user ${f(c.user).padStart(6)}  sys ${f(c.sys).padStart(6)}`;
const row = (label: string, c: Cost, extra = '') => `  ${label.padEnd(30)} ${cost(c)}${extra ? `   ${extra}` : ''}`;

function ingestSection(title: string, r: IngestComparison, target: string, perFile: boolean): string[] {
  const m = r.median;
  const rate = (mibps: number, fps: number) => (perFile ? `${f(fps, 0)} files/s, ${f(mibps, 0)} MiB/s` : `${f(mibps, 0)} MiB/s`);
  const lines = [
    `${title}: ${r.files} files, ${f(r.bytes / MiB, 0)} MiB; medians of ${r.rounds.length} paired rounds`,
    row('cp -r', m.plain.cp),
    row('sync', m.plain.sync),
    row('(copies evicted) openssl dgst', m.plain.dgst),
    row('plain = cp + sync + dgst', m.plain.total, rate(r.plainMiBps, r.plainFilesPerSecond)),
    row('evidence-vault ingest', m.ingest, `${rate(r.ingestMiBps, r.ingestFilesPerSecond)}, peak ${f(r.ingestPeakRssMiB, 0)} MiB (a run of its own)`),
    `  ratio ingest / plain = ${f(m.ratio)}  (median of the per-round ratios; ratio of medians ${f(m.ratioOfMedians)})  target: ${target}`,
    '  rounds:  first   plain wall  user   sys  | ingest wall  user   sys  | ratio',
  ];
  r.rounds.forEach((x, k) =>
    lines.push(
      `  ${String(k + 1).padStart(6)}:  ${x.first.padEnd(6)} ${f(x.plain.total.wall).padStart(10)} ${f(x.plain.total.user).padStart(5)} ${f(x.plain.total.sys).padStart(5)}  | ${f(x.ingest.wall).padStart(11)} ${f(x.ingest.user).padStart(5)} ${f(x.ingest.sys).padStart(5)}  | ${f(x.ratio)}`,
    ),
  );
  return lines;
}

function verifySection(v: VerifyComparison): string[] {
  const m = v.median;
  const lines = [
    `verify: ${v.files} stored files, ${f(v.bytes / MiB, 0)} MiB, each contender from a cold cache; medians of ${v.rounds.length} paired rounds`,
    row('openssl dgst -sha256', m.openssl, `${f(v.opensslMiBps, 0)} MiB/s`),
    row('evidence-vault verify', m.verify, `${f(v.verifyMiBps, 0)} MiB/s, peak ${f(v.verifyPeakRssMiB, 0)} MiB`),
    row('evidence-vault audit verify', m.auditVerify, `peak ${f(v.auditVerifyPeakRssMiB, 0)} MiB`),
    `  ratio verify / openssl = ${f(m.ratio)}  target: ${TARGETS.verify};  audit verify / openssl = ${f(m.auditRatio)}`,
    '  rounds:  first    openssl  verify  audit verify | ratio',
  ];
  v.rounds.forEach((x, k) =>
    lines.push(`  ${String(k + 1).padStart(6)}:  ${x.first.padEnd(7)} ${f(x.openssl.wall).padStart(7)} ${f(x.verify.wall).padStart(7)} ${f(x.auditVerify.wall).padStart(13)} | ${f(x.ratio)}`),
  );
  return lines;
}

function docksSection(d: DocksComparison): string[] {
  const m = d.median;
  const lines = [
    `${d.docks} docks at once into one dock service: ${d.files} files, ${f(d.bytes / MiB, 0)} MiB; medians of ${d.rounds.length} paired rounds`,
    row('cp -r (all at once)', m.plain.cp),
    row('sync', m.plain.sync),
    row('cp + sync', m.copySync, `${f(d.copySyncMiBps, 0)} MiB/s`),
    row('(copies evicted) openssl dgst', m.plain.dgst),
    row('plain = cp + sync + dgst', m.plain.total, `${f(d.plainMiBps, 0)} MiB/s`),
    row('evidence-vault daemon', m.daemon, `${f(d.daemonMiBps, 0)} MiB/s, peak ${f(d.daemonPeakRssMiB, 0)} MiB (a round of its own), first session after ${f(m.detectSeconds)} s`),
    `  aggregate throughput = ${f(d.shareOfCopySync)} of cp + sync (median of the per-round ratios)  target: ${TARGETS.docks};  daemon / plain = ${f(m.ratio)}`,
    `  fairness: the docks' finishing times differ by ${f(d.unfairness * 100, 0)} % of the slowest (median)`,
    '  rounds:  first   cp+sync  plain | daemon wall  user   sys | of cp+sync',
  ];
  d.rounds.forEach((x, k) =>
    lines.push(
      `  ${String(k + 1).padStart(6)}:  ${x.first.padEnd(6)} ${f(x.plain.cp.wall + x.plain.sync.wall).padStart(8)} ${f(x.plain.total.wall).padStart(6)} | ${f(x.daemon.wall).padStart(11)} ${f(x.daemon.user).padStart(5)} ${f(x.daemon.sys).padStart(5)} | ${f(1 / x.copySyncRatio)}`,
    ),
  );
  return lines;
}

export function formatReport(r: BenchResults): string {
  const out: string[] = [
    `evidence-vault bench on ${r.machine.cores} cores, ${f(r.machine.memGiB, 0)} GiB RAM, node ${r.machine.node}`,
    `vault and copies in ${r.machine.dir} (${r.machine.dirFs}); recorder volumes in ${r.machine.sourceDir} (${r.machine.sourceFs})`,
    'wall = elapsed; user, sys = CPU seconds of the contender and all its processes (the shell\'s times)',
    'timed runs are not sampled for memory; each peak is from a run of its own, its tree\'s PSS read every 25 ms',
    '',
  ];
  if (r.large) out.push(...ingestSection('large files', r.large, TARGETS.large, false), '');
  if (r.verify) out.push(...verifySection(r.verify), '');
  if (r.memory) {
    const m = r.memory;
    out.push(
      `peak memory of ingest (${f(m.bytes / MiB / 1024, 2)} GiB each): ${f(m.largePeakRssMiB, 0)} MiB with ${f(m.largeFileMiB, 0)} MiB files, ${f(m.smallPeakRssMiB, 0)} MiB with ${f(m.smallFileMiB, 0)} MiB files  target: ${TARGETS.memory}`,
      '',
    );
  }
  if (r.photos) out.push(...ingestSection('photos', r.photos, TARGETS.photos, true), '');
  if (r.tiny) out.push(...ingestSection('tiny files (4 KB snapshots)', r.tiny, TARGETS.tiny, true), '');
  if (r.docks) out.push(...docksSection(r.docks), '');
  if (r.export) {
    const e = r.export;
    out.push(
      `export quarter: ${f(e.exportSeconds)} s vs cp -r + sha256sum ${f(e.baselineSeconds)} s over ${f(e.bytes / MiB, 0)} MiB (best of rounds): ratio ${f(e.ratio)}  target: ${TARGETS.export}`,
      '',
    );
  }
  if (r.startup) out.push(...startupLines(r.startup), '');
  if (r.findings) out.push(...findingsSection(r.findings, TARGETS.findings), '');
  if (r.central) out.push(...centralSection(r.central, { index: TARGETS.centralIndex, report: TARGETS.centralReport }), '');
  return out.join('\n');
}
