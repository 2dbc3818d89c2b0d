/**
 * npm run bench: ingest and verify throughput next to the plain tools, measured in the same run.
 *
 *   ingest  vs  cp -r + sync + openssl dgst -sha256 (of the copies)     target ratio <= 1.0
 *   verify  vs  openssl dgst -sha256 over the vault files               target ratio <= 0.9
 *   peak memory of ingest with small files and with files 16x larger   must stay flat
 *
 * Usage: npm run bench [-- --gib 3 --dir /path/on/the/vault/disk]
 * The files each step reads are evicted from the page cache before it, so every contender starts
 * from the same cold source.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchExport } from './bench-export.js';

const args = process.argv.slice(2);
const arg = (name: string, def: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1]! : def;
};
const totalGiB = Number(arg('gib', '3'));
const baseDir = arg('dir', os.tmpdir());
const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const cli = path.join(projectRoot, 'dist/src/cli/main.js');

const work = fs.mkdtempSync(path.join(baseDir, 'ev-bench-'));
const MiB = 1024 * 1024;

/**
 * Make `files` cold: flush, then drop their cached pages (posix_fadvise DONTNEED, through python3,
 * which the setup installs; node has no fadvise). Only these files: dropping every cache would also
 * drop the file system's own metadata and charge its re-reading to whichever contender runs next.
 */
function evict(files: string[]): void {
  spawnSync('sync');
  const r = spawnSync('python3', ['-c', 'import os,sys\nfor f in sys.argv[1:]:\n  fd=os.open(f,os.O_RDONLY); os.posix_fadvise(fd,0,0,os.POSIX_FADV_DONTNEED); os.close(fd)', ...files]);
  if (r.status !== 0) throw new Error(`cannot evict files from the page cache: ${r.stderr}`);
}

/**
 * Real footage-like MP4 files: one short high-bitrate H.264 clip, looped into each file with
 * `-c copy` (fast), each with its own metadata so every file hashes differently. ffprobe then reads
 * them as it reads a recorder's files (random bytes would make it scan the whole file).
 */
function makeClip(dir: string): string {
  const clip = path.join(dir, 'clip.mp4');
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=1280x720:rate=25', '-f', 'lavfi', '-i', 'sine',
    '-t', '10', '-c:v', 'libx264', '-preset', 'ultrafast', '-qp', '0', '-c:a', 'aac', '-shortest', clip]);
  return clip;
}

function makeFile(clip: string, file: string, bytes: number, tag: string): void {
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-stream_loop', '-1', '-i', clip, '-c', 'copy', '-fs', String(bytes), '-metadata', `comment=${tag}`, file]);
}

function makeVolume(dir: string, fileCount: number, fileBytes: number): string[] {
  const media = path.join(dir, 'DCIM', '100MEDIA');
  fs.mkdirSync(media, { recursive: true });
  const clip = makeClip(work);
  const files: string[] = [];
  for (let i = 0; i < fileCount; i++) {
    const minute = String(i % 60).padStart(2, '0');
    const hour = String(8 + Math.floor(i / 60)).padStart(2, '0');
    const name = `0009999_110101_20260515${hour}${minute}00_${String(i + 1).padStart(4, '0')}.MP4`;
    makeFile(clip, path.join(media, name), fileBytes, `${path.basename(dir)}-${i}`);
    files.push(path.join(media, name));
  }
  return files;
}

interface Timed {
  seconds: number;
  peakRssMiB: number;
}

/** Run a command, timing it and sampling its peak resident memory (VmHWM) until it exits. */
function timed(cmd: string, cmdArgs: string[], env: NodeJS.ProcessEnv = process.env): Promise<Timed> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, cmdArgs, { env, stdio: ['ignore', 'ignore', 'pipe'] });
    let peak = 0;
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const sample = setInterval(() => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) peak = Math.max(peak, Number(m[1]) / 1024);
      } catch {
        // exited between samples
      }
    }, 25);
    child.on('exit', (code) => {
      clearInterval(sample);
      const seconds = Number(process.hrtime.bigint() - start) / 1e9;
      if (code !== 0) reject(new Error(`${cmd} ${cmdArgs.join(' ')} exited ${code}: ${stderr.slice(-2000)}`));
      else resolve({ seconds, peakRssMiB: peak });
    });
  });
}

function config(name: string): string {
  const dir = path.join(work, name);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, 'config.json');
  fs.writeFileSync(file, JSON.stringify({ vaultRoot: path.join(dir, 'vault'), catalogPath: path.join(dir, 'catalog.sqlite'), logLevel: 'warn' }));
  execFileSync(process.execPath, [cli, '--config', file, 'init', '--json'], { stdio: 'ignore' });
  return file;
}

function listFiles(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile() && !e.parentPath.includes(`${path.sep}.`))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !path.relative(root, f).startsWith('.'));
}

const fmt = (n: number, d = 2) => n.toFixed(d);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const list = (xs: number[]) => xs.map((x) => fmt(x)).join(', ');

async function main(): Promise<void> {
  if (!fs.existsSync(cli)) throw new Error('build first: npm run build');
  const rounds = Number(arg('rounds', '3'));
  const bytes = totalGiB * 1024 * MiB;
  const fileBytes = 512 * MiB;
  const count = Math.max(2, Math.round(bytes / fileBytes));
  const source = path.join(work, 'volume');
  console.log(`evidence-vault bench: ${count} files x ${fileBytes / MiB} MiB = ${fmt((count * fileBytes) / 1024 / MiB, 1)} GiB in ${work}, ${rounds} rounds, medians`);
  console.log(`machine: ${os.cpus().length} cores, ${fmt(os.totalmem() / 1024 / MiB, 0)} GiB RAM, node ${process.version}`);
  const sourceFiles = makeVolume(source, count, fileBytes);
  const total = count * fileBytes;

  // Contenders alternate round by round, so a slow spell of the shared disk hits both alike.
  const plain: number[] = [];
  const parts = { cp: [] as number[], sync: [] as number[], dgst: [] as number[] };
  const ingest: Timed[] = [];
  let ingestConfig = '';
  for (let r = 1; r <= rounds; r++) {
    // The plain way: copy, flush, hash the copies.
    const plainDir = path.join(work, `plain-${r}`);
    evict(sourceFiles);
    const cp = await timed('cp', ['-r', source, plainDir]);
    const sync = await timed('sync', []);
    const dgst = await timed('openssl', ['dgst', '-sha256', ...listFiles(plainDir)]);
    parts.cp.push(cp.seconds);
    parts.sync.push(sync.seconds);
    parts.dgst.push(dgst.seconds);
    plain.push(cp.seconds + sync.seconds + dgst.seconds);
    // Nothing is deleted until the end: freeing (and discarding) gigabytes just before a timed step
    // would land that work in the step's flushes.
    ingestConfig = config(`ingest-${r}`);
    evict(sourceFiles);
    ingest.push(await timed(process.execPath, [cli, '--config', ingestConfig, 'ingest', source, '--device', '0009999']));
  }

  // Verify and audit verify against openssl over the same stored files, all from a cold cache.
  const vaultFiles = listFiles(path.join(path.dirname(ingestConfig), 'vault', '现场执法记录仪影像资料'));
  const openssl: number[] = [];
  const verify: Timed[] = [];
  const auditVerify: Timed[] = [];
  for (let r = 1; r <= rounds; r++) {
    evict(vaultFiles);
    openssl.push((await timed('openssl', ['dgst', '-sha256', ...vaultFiles])).seconds);
    evict(vaultFiles);
    verify.push(await timed(process.execPath, [cli, '--config', ingestConfig, 'verify']));
    evict(vaultFiles);
    auditVerify.push(await timed(process.execPath, [cli, '--config', ingestConfig, 'audit', 'verify']));
  }

  // Memory stays flat with file size: the same bytes in 16x smaller files.
  const smallSource = path.join(work, 'volume-small');
  makeVolume(smallSource, 16, fileBytes / 16);
  const smallIngest = await timed(process.execPath, [cli, '--config', config('small'), 'ingest', smallSource, '--device', '0009999']);

  const mibs = total / MiB;
  const gib = total / 1024 / MiB;
  const p = median(plain);
  const i = median(ingest.map((x) => x.seconds));
  const o = median(openssl);
  const v = median(verify.map((x) => x.seconds));
  const a = median(auditVerify.map((x) => x.seconds));
  console.log('');
  console.log(`plain:  cp ${fmt(median(parts.cp))} s + sync ${fmt(median(parts.sync))} s + openssl dgst ${fmt(median(parts.dgst))} s = ${fmt(p)} s  (${fmt(mibs / p, 0)} MiB/s)   rounds: ${list(plain)}`);
  console.log(`ingest: ${fmt(i)} s  (${fmt(mibs / i, 0)} MiB/s)   rounds: ${list(ingest.map((x) => x.seconds))}`);
  // Rounds are paired (plain, then ingest, on the same disk state): the median of the per-round ratios
  // is steadier than a ratio of medians when the shared disk slows down between rounds.
  const paired = ingest.map((x, k) => x.seconds / plain[k]!);
  console.log(`  ratio ingest / plain = ${fmt(median(paired))} (median of rounds: ${list(paired)}; of medians: ${fmt(i / p)})  (target <= 1.0)`);
  console.log(`openssl dgst -sha256 over the vault: ${fmt(o)} s  (${fmt(mibs / o, 0)} MiB/s)   rounds: ${list(openssl)}`);
  console.log(`verify: ${fmt(v)} s  (${fmt(mibs / v, 0)} MiB/s)   rounds: ${list(verify.map((x) => x.seconds))}`);
  console.log(`  ratio verify / openssl = ${fmt(v / o)}  (target <= 0.9)`);
  console.log(`audit verify: ${fmt(a)} s  (${fmt(mibs / a, 0)} MiB/s)   rounds: ${list(auditVerify.map((x) => x.seconds))}`);
  console.log(`  ratio audit verify / openssl = ${fmt(a / o)}  (target <= 0.9)`);
  console.log(`peak memory of ingest: ${fmt(median(ingest.map((x) => x.peakRssMiB)), 0)} MiB with ${fileBytes / MiB} MiB files, ${fmt(smallIngest.peakRssMiB, 0)} MiB with ${fileBytes / 16 / MiB} MiB files (${fmt(gib, 1)} GiB total each)`);
  console.log(`peak memory of verify: ${fmt(median(verify.map((x) => x.peakRssMiB)), 0)} MiB, of audit verify: ${fmt(median(auditVerify.map((x) => x.peakRssMiB)), 0)} MiB`);
  spawnSync('chmod', ['-R', 'u+w', work]);
  fs.rmSync(work, { recursive: true, force: true });

  const ex = benchExport({ dir: baseDir });
  console.log(`export quarter: ${fmt(ex.exportSeconds)} s vs cp -r + sha256sum ${fmt(ex.baselineSeconds)} s over ${fmt(ex.bytes / MiB, 0)} MiB: ratio ${fmt(ex.ratio)}  (target <= 1.2)`);
}

main().catch((err) => {
  console.error(err);
  spawnSync('chmod', ['-R', 'u+w', work]);
  fs.rmSync(work, { recursive: true, force: true });
  process.exit(1);
});
