/**
 * npm run bench:inspection: the R15 inspection report for six months over a synthetic catalogue of
 * 1,000,000 recordings (target < 5 s), and `gap list` over the same (target < 2 s) where this build
 * has it. Whole commands are timed as a person runs them: node start-up, catalogue, report, output.
 *
 *   npm run bench:inspection [-- --rows 1000000 --dir /tmp --runs 3 --keep]
 *
 * The catalogue (no footage files; the report reads only the catalogue): 40 recorders, each worn by
 * one of 60 officers in 4 units, recording 2026-01-01 … 2026-06-30 in one-minute segments with
 * 2-second seams, a 5-minute hole every 20th segment and an hour's pause every 50th; one dock per
 * recorder per working day (some missed), every 100th recording stored 30 hours late.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { existingDir, positive, refuse, scriptOptions } from './bench-options.js';
import { openCatalog } from '../src/adapters/catalog/database.js';
import { recordingFolder } from '../src/core/vault-layout.js';
import { isoInZone } from '../src/core/zoned-time.js';
import { currentOsAccount } from '../src/adapters/os-account.js';

const USAGE = `npm run bench:inspection [-- options]
  --rows N     recordings in the synthetic catalogue (default 1000000)
  --runs N     timed runs of each command (default 3; the median is reported)
  --dir DIR    where the catalogue is made (default ${os.tmpdir()})
  --keep       leave the catalogue there afterwards (its folder is printed)
example: npm run bench:inspection -- --rows 1000000 --runs 3`;
const values = scriptOptions(USAGE, { rows: { type: 'string', default: '1000000' }, dir: { type: 'string', default: os.tmpdir() }, runs: { type: 'string', default: '3' }, keep: { type: 'boolean', default: false } });
const [rows, runs, workDir] = (() => {
  try {
    return [positive('rows', values.rows as string, true), positive('runs', values.runs as string, true), existingDir('dir', values.dir as string)] as const;
  } catch (err) {
    return refuse((err as Error).message);
  }
})();
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(projectRoot, 'dist/bundle/evidence-vault.cjs');
const zone = 'Asia/Shanghai';
const work = fs.mkdtempSync(path.join(workDir, 'ev-bench-inspection-'));
const config = path.join(work, 'config.json');
fs.mkdirSync(path.join(work, 'vault', '.audit'), { recursive: true });
fs.writeFileSync(config, JSON.stringify({ vaultRoot: 'vault', catalogPath: 'catalog/catalog.sqlite', timezone: zone, unitName: '基准测试单位 bench unit' }, null, 2));

function seed(): void {
  const started = Date.now();
  const db = openCatalog(path.join(work, 'catalog', 'catalog.sqlite'), { create: true });
  // Bulk load only: a crash here just means "run it again".
  db.pragma('synchronous = OFF');
  const devices = 40;
  const days = 181;
  const dayStart = (day: number) => Date.parse('2026-01-01T00:00:00+08:00') + day * 86_400_000;
  const perDevice = Math.ceil(rows / devices);
  const perDay = Math.ceil(perDevice / days);
  const now = new Date().toISOString();
  db.transaction(() => {
    db.prepare("INSERT INTO operators (os_user, name, roles, active, created_at, updated_at) VALUES (?, 'bench', '[\"auditor\",\"admin\"]', 1, ?, ?)").run(currentOsAccount(), now, now);
    const officer = db.prepare("INSERT INTO officers (id, name, unit, created_at) VALUES (?, ?, ?, '2025-12-01T00:00:00+08:00')");
    for (let o = 0; o < 60; o++) officer.run(`${110100 + o}`, `民警${o}`, `执法${(o % 4) + 1}队`);
    const device = db.prepare("INSERT INTO devices (number, brand, model, created_at, status) VALUES (?, '海康威视', 'DSJ-A8', '2025-12-01T00:00:00+08:00', ?)");
    const assign = db.prepare("INSERT INTO device_assignments (device_number, officer_id, from_at, from_ms, assigned_by) VALUES (?, ?, '2025-12-01T08:00:00+08:00', ?, 'bench')");
    const session = db.prepare("INSERT INTO ingest_sessions (started_at, finished_at, source_root, device_number, operator, status, files_stored) VALUES (?, ?, '/media/recorders', ?, 'bench', 'done', ?)");
    for (let d = 0; d < devices; d++) {
      const number = `${1000000 + d}`;
      device.run(number, d % 13 === 0 ? 'in-repair' : 'in-service');
      assign.run(number, `${110100 + d}`, Date.parse('2025-12-01T08:00:00+08:00'));
      for (let day = 0; day < days; day++) {
        const dow = new Date(dayStart(day) + 8 * 3_600_000).getUTCDay();
        if (dow === 0 || dow === 6 || (d % 5 === 0 && day % 17 === 0)) continue;
        const at = isoInZone(new Date(dayStart(day) + 18 * 3_600_000), zone);
        session.run(at, at, number, perDay);
      }
    }
    const insert = db.prepare(
      `INSERT INTO recordings (sha256, size, vault_path, original_name, source_path, device_number, officer_id, started_at, started_at_epoch_ms,
         started_at_source, local_date, duration_seconds, format, video_codec, audio_codec, width, height, ingested_at, flags)
       VALUES (?, 180000000, ?, ?, ?, ?, ?, ?, ?, 'file-name', ?, 60, 'mov,mp4', 'h264', 'aac', 1920, 1080, ?, '[]')`,
    );
    let n = 0;
    for (let day = 0; day < days && n < rows; day++) {
      for (let d = 0; d < devices && n < rows; d++) {
        const number = `${1000000 + d}`;
        let t = dayStart(day) + 7 * 3_600_000;
        for (let k = 0; k < perDay && n < rows; k++, n++) {
          const iso = isoInZone(new Date(t), zone);
          const localDate = iso.slice(0, 10);
          const name = `${number}_${110100 + d}_${localDate.replaceAll('-', '')}${iso.slice(11, 19).replaceAll(':', '')}_${k}.MP4`;
          const stored = t + 60_000 + (n % 100 === 0 ? 30 : 10) * 3_600_000;
          insert.run(n.toString(16).padStart(64, '0'), `${recordingFolder(localDate, number)}/${name}`, name, `DCIM/${name}`, number, `${110100 + d}`, iso, t, localDate, isoInZone(new Date(stored), zone));
          t += 62_000 + (k % 20 === 19 ? 300_000 : 0) + (k % 50 === 49 ? 3_600_000 : 0);
        }
      }
    }
  })();
  db.pragma('optimize');
  db.close();
  process.stdout.write(`${rows} recordings seeded in ${((Date.now() - started) / 1000).toFixed(1)} s (${work})\n`);
}

/** CPU seconds of the children this process has waited for (Linux: /proc/self/stat cutime + cstime, in ticks of 1/100 s). */
function childCpuSeconds(): number {
  const fields = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[13]) + Number(fields[14])) / 100;
}

function time(label: string, args: string[], target: number): number[] {
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const c = childCpuSeconds();
    const r = spawnSync(process.execPath, [cli, '--config', config, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
    const s = Number(process.hrtime.bigint() - t) / 1e9;
    if (r.status !== 0) throw new Error(`${label} failed (${r.status}): ${r.stderr}`);
    times.push(s);
    cpu.push(childCpuSeconds() - c);
    // Each written report gets a fresh folder (a report is never overwritten).
    fs.rmSync(path.join(work, 'out'), { recursive: true, force: true });
  }
  const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
  const load = os.loadavg()[0]!.toFixed(1);
  process.stdout.write(
    `${label.padEnd(40)} wall ${times.map((s) => s.toFixed(2)).join(', ')} s; CPU ${cpu.map((s) => s.toFixed(2)).join(', ')} s; load ${load}   (target < ${target} s: median ${median < target ? 'met' : 'NOT MET'})\n`,
  );
  return times;
}

seed();
const period = ['--from', '2026-01-01', '--to', '2026-06-30'];
time('report inspection (six months, --json)', ['report', 'inspection', ...period, '--json'], 5);
time('report inspection (six months, --out)', ['report', 'inspection', ...period, '--out', path.join(work, 'out')], 5);
const hasGaps = /^\s+gap\b/m.test(spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' }).stdout);
if (hasGaps) time('gap list (--json)', ['gap', 'list', '--json'], 2);
else process.stdout.write('gap list                                     not in this build\n');
if (values.keep) process.stdout.write(`kept: ${work}\n`);
else fs.rmSync(work, { recursive: true, force: true });
