/**
 * npm run bench:replication: `replicate run` against the same gateway's plain PutObject of the same
 * vault files (target: at least 0.8 of its throughput), in paired rounds on a real Ceph RGW started
 * for the run. Both sides read the vault files cold (evicted before each) and send at the same
 * concurrency; replication also hashes each file before sending, reads every object back from the store
 * and hashes it, checks its lock and writes its metadata object: that is the price of "verified".
 *
 *   npm run bench:replication [-- --files 8 --mib 64 --rounds 3 --dir /var/tmp --json]
 *
 * Each round has its own vault and buckets with new random files (replication is content-addressed: a
 * second round of the same bytes would send nothing). The ingest that fills each vault is not timed.
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { evict, run, timed, type Timed } from './bench-run.js';
import { median } from './bench-context.js';

const { values } = parseArgs({ options: { files: { type: 'string', default: '8' }, mib: { type: 'string', default: '64' }, rounds: { type: 'string', default: '3' }, dir: { type: 'string', default: '/var/tmp' }, json: { type: 'boolean', default: false } } });
const files = Number(values.files);
const mib = Number(values.mib);
const rounds = Number(values.rounds);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(root, 'dist/src/cli/main.js');
const work = fs.mkdtempSync(path.join(values.dir!, 'ev-bench-replication-'));
const log = (s: string) => process.stderr.write(`${s}\n`);
const MiB = 1024 * 1024;

const storeDir = path.join(work, 'store');
const base = 30_000 + (process.pid % 20_000);
// The memstore OSD keeps objects in memory: room for every round's two copies and its overhead.
const memBytes = Math.ceil(files * mib * MiB * rounds * 2 * 1.6 + 1024 * MiB);
execFileSync(path.join(root, 'test/fixtures/object-store.sh'), ['start', storeDir, String(base), String(base + 100)], { env: { ...process.env, OSD_MEM_BYTES: String(memBytes) }, stdio: ['ignore', 'ignore', 'inherit'] });
const env = Object.fromEntries(fs.readFileSync(path.join(storeDir, 'env'), 'utf8').trim().split('\n').map((l) => l.split('=', 2) as [string, string]));

interface Round { first: 'plain' | 'replicate'; plain: Timed; replicate: Timed; ratio: number }
const done: Round[] = [];
try {
  for (let r = 1; r <= rounds; r++) {
    const dir = path.join(work, `round-${r}`);
    const src = path.join(dir, 'src');
    fs.mkdirSync(src, { recursive: true });
    for (let i = 1; i <= files; i++) {
      const f = path.join(src, `0009${r}00_110101_20261120${String(80000 + i).padStart(6, '0')}_${String(i).padStart(4, '0')}.MP4`);
      const fd = fs.openSync(f, 'w');
      for (let m = 0; m < mib; m++) fs.writeSync(fd, crypto.randomBytes(MiB));
      fs.closeSync(fd);
    }
    const creds = path.join(dir, 'creds.json');
    fs.writeFileSync(creds, JSON.stringify({ accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY }), { mode: 0o600 });
    const config = path.join(dir, 'config.json');
    fs.writeFileSync(config, JSON.stringify({ vaultRoot: path.join(dir, 'vault'), catalogPath: path.join(dir, 'cat', 'catalog.sqlite'), replication: { endpoint: env.S3_ENDPOINT, bucket: `bench-round-${r}`, station: 'bench', credentialsFile: creds } }));
    run(process.execPath, [cli, '--config', config, 'init']);
    run(process.execPath, [cli, '--config', config, 'ingest', src]);
    fs.rmSync(src, { recursive: true, force: true });
    const vaultFiles = execFileSync('find', [path.join(dir, 'vault', '现场执法记录仪影像资料'), '-type', 'f'], { encoding: 'utf8' }).trim().split('\n');
    execFileSync(process.execPath, [path.join(root, 'dist/scripts/plain-put.js'), env.S3_ENDPOINT!, `plain-round-${r}`, 'create'], { env: { ...process.env, ...env } });
    const first = r % 2 === 1 ? 'plain' : 'replicate';
    let plain: Timed | undefined;
    let replicate: Timed | undefined;
    for (const side of first === 'plain' ? ['plain', 'replicate'] : ['replicate', 'plain']) {
      evict(vaultFiles);
      if (side === 'plain') plain = await timed([process.execPath, path.join(root, 'dist/scripts/plain-put.js'), env.S3_ENDPOINT!, `plain-round-${r}`, '2', ...vaultFiles], { ...process.env, ...env });
      else replicate = await timed([process.execPath, cli, '--config', config, 'replicate', 'run']);
    }
    const ratio = plain!.wall / replicate!.wall;
    done.push({ first, plain: plain!, replicate: replicate!, ratio });
    log(`round ${r}/${rounds} (${first} first): plain PutObject ${plain!.wall.toFixed(2)} s, replicate run ${replicate!.wall.toFixed(2)} s: ${ratio.toFixed(2)} of plain's throughput`);
  }
} finally {
  execFileSync(path.join(root, 'test/fixtures/object-store.sh'), ['stop', storeDir]);
  fs.rmSync(work, { recursive: true, force: true });
}
const bytes = files * mib * MiB;
const ratio = median(done.map((d) => d.ratio));
const replicateWall = median(done.map((d) => d.replicate.wall));
const plainWall = median(done.map((d) => d.plain.wall));
const mbps = (wall: number) => bytes / MiB / wall;
// A day's docking of 8 recorders × 8 GB reaches the store this long after its last ingest, at this throughput.
const dayHours = (8 * 8 * 1024) / mbps(replicateWall) / 3600;
const result = {
  files, mib, rounds,
  plain: { wall: plainWall, user: median(done.map((d) => d.plain.user)), sys: median(done.map((d) => d.plain.sys)), mibPerSecond: mbps(plainWall), peakRssMiB: Math.max(...done.map((d) => d.plain.peakRssMiB)) },
  replicate: { wall: replicateWall, user: median(done.map((d) => d.replicate.user)), sys: median(done.map((d) => d.replicate.sys)), mibPerSecond: mbps(replicateWall), peakRssMiB: Math.max(...done.map((d) => d.replicate.peakRssMiB)) },
  throughputRatio: ratio,
  rounds_: done.map((d) => ({ first: d.first, plain: d.plain.wall, replicate: d.replicate.wall, ratio: d.ratio })),
  lagHoursFor8x8GB: dayHours,
};
if (values.json) process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
else {
  log(`replication of ${files} × ${mib} MiB, median of ${rounds} paired rounds:`);
  log(`  plain PutObject: ${plainWall.toFixed(2)} s (${mbps(plainWall).toFixed(0)} MiB/s); replicate run: ${replicateWall.toFixed(2)} s (${mbps(replicateWall).toFixed(0)} MiB/s, peak ${result.replicate.peakRssMiB.toFixed(0)} MiB)`);
  log(`  replicate run reaches ${ratio.toFixed(2)} of plain PutObject's throughput (target ≥ 0.8)`);
  log(`  a day's docking of 8 recorders × 8 GB would be in the store ${dayHours.toFixed(1)} h after its ingest at this speed`);
}
