/**
 * npm run bench: ingest and verify throughput next to the plain tools, measured in the same run.
 *
 *   ingest  vs  cp -r + sync + openssl dgst -sha256 (of the copies)     target ratio <= 1.0
 *   verify  vs  openssl dgst -sha256 over the vault files               target ratio <= 0.9
 *   peak memory of ingest with small files and with files 16x larger   must stay flat
 *
 * Usage: npm run bench [-- --gib 3 --dir /path/on/the/vault/disk]
 * Page caches are dropped before each timed step where the machine allows it (root), so every
 * contender starts from the same cold source.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

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

function dropCaches(): boolean {
  spawnSync('sync');
  try {
    fs.writeFileSync('/proc/sys/vm/drop_caches', '3');
    return true;
  } catch {
    return false;
  }
}

/** Pseudo-random content at disk speed (AES-CTR keystream): incompressible, unlike zeros. */
function makeFile(file: string, bytes: number, seed: string): void {
  const out = fs.openSync(file, 'w');
  try {
    execFileSync('sh', ['-c', `openssl enc -aes-128-ctr -nosalt -pass pass:${seed} -in /dev/zero 2>/dev/null | head -c ${bytes}`], {
      stdio: ['ignore', out, 'inherit'],
      maxBuffer: 0,
    });
  } finally {
    fs.closeSync(out);
  }
}

function makeVolume(dir: string, fileCount: number, fileBytes: number): string[] {
  const media = path.join(dir, 'DCIM', '100MEDIA');
  fs.mkdirSync(media, { recursive: true });
  const files: string[] = [];
  for (let i = 0; i < fileCount; i++) {
    const minute = String(i % 60).padStart(2, '0');
    const hour = String(8 + Math.floor(i / 60)).padStart(2, '0');
    const name = `0009999_110101_20260515${hour}${minute}00_${String(i + 1).padStart(4, '0')}.MP4`;
    makeFile(path.join(media, name), fileBytes, `bench${i}`);
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
  return file;
}

function listFiles(root: string): string[] {
  return (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile() && !e.parentPath.includes(`${path.sep}.`))
    .map((e) => path.join(e.parentPath, e.name))
    .filter((f) => !path.relative(root, f).startsWith('.'));
}

const fmt = (n: number, d = 2) => n.toFixed(d);

async function main(): Promise<void> {
  if (!fs.existsSync(cli)) throw new Error('build first: npm run build');
  const bytes = totalGiB * 1024 * MiB;
  const fileBytes = 512 * MiB;
  const count = Math.max(2, Math.round(bytes / fileBytes));
  const source = path.join(work, 'volume');
  console.log(`evidence-vault bench: ${count} files x ${fileBytes / MiB} MiB = ${fmt((count * fileBytes) / 1024 / MiB, 1)} GiB in ${work}`);
  console.log(`machine: ${os.cpus().length} cores, ${fmt(os.totalmem() / 1024 / MiB, 0)} GiB RAM, node ${process.version}`);
  makeVolume(source, count, fileBytes);
  const total = count * fileBytes;
  const cold = dropCaches();
  if (!cold) console.log('(page caches cannot be dropped here: numbers are warm-cache)');

  // The plain way: copy, flush, hash the copies.
  const plainDir = path.join(work, 'plain');
  dropCaches();
  const cp = await timed('cp', ['-r', source, plainDir]);
  const sync = await timed('sync', []);
  const copies = listFiles(plainDir);
  const dgst = await timed('openssl', ['dgst', '-sha256', ...copies]);
  const plain = cp.seconds + sync.seconds + dgst.seconds;

  // evidence-vault ingest: copy + hash + fsync + read-back verify + catalogue, one command.
  const ingestConfig = config('ingest');
  dropCaches();
  const ingest = await timed(process.execPath, [cli, '--config', ingestConfig, 'ingest', source, '--device', '0009999']);

  // Verify against openssl over the same stored files, both from a cold cache.
  const vaultFiles = listFiles(path.join(work, 'ingest', 'vault', '现场执法记录仪影像资料'));
  dropCaches();
  const opensslVerify = await timed('openssl', ['dgst', '-sha256', ...vaultFiles]);
  dropCaches();
  const verify = await timed(process.execPath, [cli, '--config', ingestConfig, 'verify']);

  // Memory stays flat with file size: the same bytes in 16x smaller files.
  fs.rmSync(plainDir, { recursive: true, force: true });
  const smallSource = path.join(work, 'volume-small');
  makeVolume(smallSource, 16, fileBytes / 16);
  const smallIngest = await timed(process.execPath, [cli, '--config', config('small'), 'ingest', smallSource, '--device', '0009999']);

  const gib = total / 1024 / MiB;
  console.log('');
  console.log(`plain:  cp ${fmt(cp.seconds)} s + sync ${fmt(sync.seconds)} s + openssl dgst ${fmt(dgst.seconds)} s = ${fmt(plain)} s  (${fmt((total / MiB) / plain, 0)} MiB/s)`);
  console.log(`ingest: ${fmt(ingest.seconds)} s  (${fmt((total / MiB) / ingest.seconds, 0)} MiB/s)  ratio ingest / plain = ${fmt(ingest.seconds / plain)}  (target <= 1.0)`);
  console.log(`openssl dgst -sha256 over the vault: ${fmt(opensslVerify.seconds)} s  (${fmt((total / MiB) / opensslVerify.seconds, 0)} MiB/s)`);
  console.log(`verify: ${fmt(verify.seconds)} s  (${fmt((total / MiB) / verify.seconds, 0)} MiB/s)  ratio verify / openssl = ${fmt(verify.seconds / opensslVerify.seconds)}  (target <= 0.9)`);
  console.log(`peak memory of ingest: ${fmt(ingest.peakRssMiB, 0)} MiB with ${fileBytes / MiB} MiB files, ${fmt(smallIngest.peakRssMiB, 0)} MiB with ${fileBytes / 16 / MiB} MiB files (${fmt(gib, 1)} GiB total each)`);
  console.log(`peak memory of verify: ${fmt(verify.peakRssMiB, 0)} MiB`);
  spawnSync('chmod', ['-R', 'u+w', work]);
  fs.rmSync(work, { recursive: true, force: true });
}

main().catch((err) => {
  console.error(err);
  spawnSync('chmod', ['-R', 'u+w', work]);
  fs.rmSync(work, { recursive: true, force: true });
  process.exit(1);
});
