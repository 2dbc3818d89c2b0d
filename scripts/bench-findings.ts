/**
 * The findings case (issue 15): `verify --json` and `audit verify --json` over a synthetic catalogue
 * whose files are all gone (a vault disk lost and replaced), every recording a finding. Reports wall
 * and CPU seconds and peak memory (VmHWM of it and its worker processes, sampled) of each command, and checks that the output is
 * one JSON value holding every finding, one a line. Memory must stay flat with the number of findings.
 *
 *   npm run bench -- --cases findings --findings-rows 200000
 *
 * The catalogue is scripts/make-synthetic-catalog.ts's (a fifth of it disposed of: tombstones, not
 * findings), with this account added as an auditor so the commands run as it.
 */
import { TreePeak } from './bench-process-tree.js';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openCatalog } from '../src/adapters/catalog/database.js';
import { currentOsAccount } from '../src/adapters/os-account.js';
import { CLI, type Context } from './bench-context.js';

export interface FindingsRun {
  wall: number;
  cpu: number;
  peakRssMiB: number;
  findings: number;
}

export interface FindingsCase {
  rows: number;
  /** Recordings not disposed of: each one a missing file. */
  live: number;
  verify: FindingsRun[];
  auditVerify: FindingsRun[];
}

const SYNTHETIC = path.join(path.dirname(fileURLToPath(import.meta.url)), 'make-synthetic-catalog.js');

function childCpuSeconds(): number {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}


/** One command, its stdout read here line by line (as a script would), its peak memory sampled. */
function measure(config: string, args: string[], key: string): Promise<FindingsRun> {
  return new Promise((resolve, reject) => {
    const cpu0 = childCpuSeconds();
    const start = process.hrtime.bigint();
    const child = spawn(process.execPath, [CLI, '--config', config, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    // With its worker processes (verify hashes in them).
    const memory = new TreePeak(() => child.pid);
    const sampler = setInterval(() => memory.sample(), 25);
    let lines = 0;
    let tail = '';
    let head = '';
    let stderr = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      if (head.length < 200) head += d.slice(0, 200);
      const parts = (tail + d).split('\n');
      tail = parts.pop()!;
      for (const l of parts) if (l.startsWith('{"')) lines++;
    });
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => {
      clearInterval(sampler);
      const wall = Number(process.hrtime.bigint() - start) / 1e9;
      if (code !== 1) return reject(new Error(`${args.join(' ')} exited ${code} (1 expected: findings): ${stderr.slice(-2000)}`));
      if (!head.startsWith(`{\n  "${key}": [`)) return reject(new Error(`${args.join(' ')}: output does not start with the ${key} array: ${head}`));
      resolve({ wall, cpu: childCpuSeconds() - cpu0, peakRssMiB: memory.peakMiB, findings: lines });
    });
  });
}

export async function findingsCase(ctx: Context, rows: number, rounds: number): Promise<FindingsCase> {
  const dir = path.join(ctx.work, 'findings');
  ctx.log(`findings: a synthetic catalogue of ${rows} recordings whose files are all gone, in ${dir}`);
  const made = spawnSync(process.execPath, [SYNTHETIC, '--out', dir, '--rows', String(rows)], { encoding: 'utf8' });
  if (made.status !== 0) throw new Error(`make-synthetic-catalog failed: ${made.stderr}`);
  const config = path.join(dir, 'config.json');
  const db = openCatalog(path.join(dir, 'catalog.sqlite'), {});
  const now = new Date().toISOString();
  db.prepare("INSERT OR REPLACE INTO operators (os_user, name, roles, active, created_at, updated_at) VALUES (?, 'bench', '[\"auditor\"]', 1, ?, ?)").run(currentOsAccount(), now, now);
  const live = (db.prepare('SELECT count(*) AS n FROM recordings WHERE id NOT IN (SELECT recording_id FROM tombstones)').get() as { n: number }).n;
  db.close();
  const result: FindingsCase = { rows, live, verify: [], auditVerify: [] };
  for (let r = 1; r <= rounds; r++) {
    const v = await measure(config, ['verify', '--json'], 'problems');
    const a = await measure(config, ['audit', 'verify', '--json'], 'findings');
    result.verify.push(v);
    result.auditVerify.push(a);
    ctx.log(`  findings round ${r}/${rounds}: verify ${v.wall.toFixed(1)} s, ${v.peakRssMiB.toFixed(0)} MiB; audit verify ${a.wall.toFixed(1)} s, ${a.peakRssMiB.toFixed(0)} MiB`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  return result;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function findingsSection(c: FindingsCase, target: string): string[] {
  const line = (label: string, runs: FindingsRun[]) =>
    `  ${label.padEnd(30)} ${median(runs.map((x) => x.wall)).toFixed(2).padStart(7)} s  CPU ${median(runs.map((x) => x.cpu)).toFixed(2).padStart(6)}   peak ${median(runs.map((x) => x.peakRssMiB)).toFixed(0)} MiB, ${runs[0]!.findings} findings, one a line`;
  return [
    `findings: ${c.rows} recordings, ${c.live} of them live and their files gone; medians of ${c.verify.length} runs`,
    line('evidence-vault verify --json', c.verify),
    line('evidence-vault audit verify --json', c.auditVerify),
    `  target: ${target}`,
  ];
}
