/**
 * Export throughput next to the plain-tools baseline: `cp -r` of the same footage tree plus `sha256sum`
 * of the copies, in one shell run. Target: export takes at most 1.2x the baseline.
 *
 *   node dist/scripts/bench-export.js [--files 16] [--mib 64] [--dir /path/on/the/disk/to/measure]
 *
 * `benchExport()` is exported for a combined `npm run bench`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCatalog } from '../src/adapters/catalog/database.js';

export interface ExportBenchResult {
  files: number;
  bytes: number;
  baselineSeconds: number;
  exportSeconds: number;
  ratio: number;
  exportMiBps: number;
  baselineMiBps: number;
}

const CLI = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../bundle/evidence-vault.cjs');

function timed(fn: () => void): number {
  const t = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
}

export function benchExport(opts: { files?: number; mib?: number; dir?: string; rounds?: number } = {}): ExportBenchResult {
  const files = opts.files ?? 16;
  const mib = opts.mib ?? 64;
  const rounds = opts.rounds ?? 2;
  const work = fs.mkdtempSync(path.join(opts.dir ?? os.tmpdir(), 'ev-bench-export-'));
  try {
    const card = path.join(work, 'card', 'DCIM');
    fs.mkdirSync(card, { recursive: true });
    for (let i = 1; i <= files; i++) {
      const day = String(1 + (i % 28)).padStart(2, '0');
      fs.writeFileSync(path.join(card, `0000001_000001_202608${day}09${String(i % 60).padStart(2, '0')}00_${String(i).padStart(4, '0')}.MP4`), randomBytes(mib * 1024 * 1024));
    }
    const config = path.join(work, 'config.json');
    fs.writeFileSync(config, JSON.stringify({ vaultRoot: path.join(work, 'vault'), catalogPath: path.join(work, 'catalogue', 'catalog.sqlite'), logLevel: 'error' }));
    run(process.execPath, [CLI, '--config', config, 'init', '--json']);
    run(process.execPath, [CLI, '--config', config, 'ingest', path.join(work, 'card'), '--json']);
    const tree = path.join(work, 'vault', '现场执法记录仪影像资料');
    const bytes = files * mib * 1024 * 1024;

    let baseline = Infinity;
    let exported = Infinity;
    for (let round = 1; round <= rounds; round++) {
      const copyDir = path.join(work, `cp-${round}`);
      baseline = Math.min(
        baseline,
        timed(() => run('bash', ['-c', 'cp -r "$1" "$2" && find "$2" -type f -print0 | xargs -0 sha256sum > /dev/null', 'bench', tree, copyDir])),
      );
      execFileSync('rm', ['-rf', copyDir]);
      // A new quarter series per round, so every round writes the whole set.
      const out = path.join(work, `out-${round}`);
      exported = Math.min(exported, timed(() => run(process.execPath, [CLI, '--config', config, 'export', 'quarter', '2026Q3', '--out', out, '--json'])));
      execFileSync('chmod', ['-R', 'u+w', out]);
      execFileSync('rm', ['-rf', out]);
      // Forget the set so the next round exports the same files again (bench only: a throwaway catalogue).
      const db = openCatalog(path.join(work, 'catalogue', 'catalog.sqlite'));
      db.exec('DELETE FROM export_members; DELETE FROM export_bag_places; DELETE FROM export_bags; DELETE FROM export_sets;');
      db.close();
    }
    const toMiBps = (s: number) => bytes / 1024 / 1024 / s;
    return { files, bytes, baselineSeconds: baseline, exportSeconds: exported, ratio: exported / baseline, exportMiBps: toMiBps(exported), baselineMiBps: toMiBps(baseline) };
  } finally {
    spawnSync('chmod', ['-R', 'u+w', work]);
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const r = benchExport({ files: Number(arg('files') ?? 16), mib: Number(arg('mib') ?? 64), dir: arg('dir') });
  const line = (label: string, s: number, rate: number) => `${label.padEnd(28)} ${s.toFixed(2).padStart(7)} s  ${rate.toFixed(0).padStart(6)} MiB/s`;
  process.stdout.write(
    [
      `export benchmark: ${r.files} files, ${(r.bytes / 1024 / 1024).toFixed(0)} MiB (best of 2 rounds)`,
      line('cp -r + sha256sum', r.baselineSeconds, r.baselineMiBps),
      line('evidence-vault export', r.exportSeconds, r.exportMiBps),
      `ratio ${r.ratio.toFixed(2)}x (target <= 1.2x)`,
      '',
    ].join('\n'),
  );
  if (r.ratio > 1.2) process.exitCode = 1;
}
