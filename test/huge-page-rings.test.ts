/**
 * The file workers' I/O rings in huge pages (src/adapters/huge-page-block.ts): a worker is started
 * with glibc's tunables asking for them, its copies and read-backs then go through 2 MiB pages, and
 * they are as exact, and as direct (nothing of a copy in the page cache), as from small ones. The
 * compiled modules run in a node of their own: glibc reads its tunables as a process starts.
 */
import { xxh3Of } from './support/xxh3.js';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FileWorkers } from '../src/adapters/file-workers.js';
import { WORKER_TUNABLES } from '../src/adapters/file-worker-process.js';
import { DEPTH, LARGE_CHUNK } from '../src/adapters/io-rings.js';

// /var/tmp: a disk (as the vault's), where direct I/O is taken.
const dir = fs.mkdtempSync(path.join('/var/tmp', 'ev-huge-rings-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Whether this kernel gives huge pages to memory that asks (its setting `madvise` or `always`). */
const kernelGives = !fs.readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'utf8').includes('[never]');
const hugeKiB = (pid: string) => Number(/AnonHugePages:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'))![1]);
/** The processes whose parent is `parent`, from /proc (state and parent follow the last ')' of a stat line). */
const childrenOf = (parent: number) =>
  fs.readdirSync('/proc').filter((pid) => {
    try {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return /^\d+$/.test(pid) && stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1] === String(parent);
    } catch {
      return false;
    }
  });
const cachedBytes = (file: string) => Number(execFileSync('fincore', ['--bytes', '--noheadings', '--output', 'RES', file], { encoding: 'utf8' }).trim());

const size = 24 * 1024 * 1024 + 5;
const data = randomBytes(size);
const sha256 = createHash('sha256').update(data).digest('hex');
const src = path.join(dir, 'src');
fs.writeFileSync(src, data);

interface Run { copied: { sha256: string; size: number; check: { seed: string; xxh3: string } }; checked: { hex: string; size: number }; readBack: { sha256: string; size: number; fromDisk: boolean }; pageStart: number | undefined; smallPageStart: number | undefined; hugeKiB: number }

/** A copy and its read-back from the disk by the compiled modules, in a node whose GLIBC_TUNABLES is `tunables`. */
function copyIn(tunables: string, dst: string): Run {
  const modules = ['durable-file', 'disk-read', 'io-rings', 'read-check'].map((m) => JSON.stringify(path.resolve(`dist/src/adapters/${m}.js`)));
  const script = `
    const [{ copyAndHash }, { hashFromDisk, digestFromDisk }, { takeRing, giveRing, LARGE_CHUNK, SHARED_CHUNK }, { xxh3Digest }] = await Promise.all([${modules.map((m) => `import(${m})`).join(',')}]);
    const copied = await copyAndHash(process.argv[1], process.argv[2]);
    const readBack = await hashFromDisk(process.argv[2]);
    const checked = await digestFromDisk(process.argv[2], await xxh3Digest(copied.check.seed));
    const ring = takeRing(LARGE_CHUNK);
    const forSmall = takeRing(SHARED_CHUNK, true);
    giveRing(ring);
    giveRing(forSmall);
    const hugeKiB = Number(/AnonHugePages:\\s+(\\d+) kB/.exec(require('node:fs').readFileSync('/proc/self/smaps_rollup', 'utf8'))[1]);
    console.log(JSON.stringify({ copied, checked, readBack, pageStart: ring.pageStart, smallPageStart: forSmall.pageStart, hugeKiB }));`;
  const env = { ...process.env, GLIBC_TUNABLES: tunables };
  const out = execFileSync(process.execPath, ['--input-type=commonjs', '-e', `(async () => { ${script} })()`, src, dst], { encoding: 'utf8', env });
  return JSON.parse(out) as Run;
}

describe('I/O rings in huge pages', () => {
  it('a copy and its read-back through a ring in huge pages: exact, direct, the slots on a 2 MiB boundary', () => {
    const dst = path.join(dir, 'huge');
    const run = copyIn(WORKER_TUNABLES, dst);
    expect(run.copied).toEqual({ sha256, size, check: { seed: run.copied.check.seed, xxh3: xxh3Of(data, run.copied.check.seed) } });
    expect(run.readBack).toEqual({ sha256, size, fromDisk: true });
    // Ingest's read-back of a large copy: the XXH3 its copy made, from the disk through the same ring.
    expect(run.checked).toEqual({ hex: run.copied.check.xxh3, size });
    expect(cachedBytes(dst)).toBe(0); // written and read back around the page cache
    expect(fs.readFileSync(dst).equals(data)).toBe(true);
    if (kernelGives) {
      expect(run.hugeKiB).toBeGreaterThanOrEqual((DEPTH * LARGE_CHUNK) / 1024);
      // A start 16 bytes short of 2 MiB: glibc's header at a mapping the kernel put on a huge page.
      expect(run.pageStart! % 4096).toBe(4096 - 16);
      // A new ring for small files is not: a huge page is in memory whole once a byte of it is touched.
      expect(run.smallPageStart).toBe(0);
    } else {
      expect(run.hugeKiB).toBe(0);
    }
  });

  it('without the tunable the same work takes small pages (WebAssembly memory, from its first byte)', () => {
    const run = copyIn('', path.join(dir, 'small'));
    expect(run.copied).toMatchObject({ sha256, size });
    expect(run.checked).toEqual({ hex: run.copied.check.xxh3, size });
    expect(run.readBack.fromDisk).toBe(true);
    expect(run.pageStart).toBe(0);
    // None of the ring in huge pages. (Not none at all: once the xxhash addon is loaded, 2 MiB of some
    // other anonymous mapping of the process is in a huge page, with or without the tunable.)
    expect(run.hugeKiB).toBeLessThan((DEPTH * LARGE_CHUNK) / 1024);
  });

  it('the file workers are started so, whatever the caller\'s own GLIBC_TUNABLES', async () => {
    const before = new Set(fs.readdirSync('/proc'));
    const callers = process.env.GLIBC_TUNABLES;
    process.env.GLIBC_TUNABLES = 'glibc.malloc.hugetlb=0';
    const pool = new FileWorkers(1, 1);
    try {
      expect(await pool.hashFromDisk(src)).toMatchObject({ sha256, size });
      const [worker] = childrenOf(process.pid).filter((pid) => !before.has(pid));
      expect(worker, 'the pool\'s worker process').toBeDefined();
      // Its ring, kept for the next job, in huge pages. (Its /proc/PID/environ cannot tell: glibc
      // rewrites the variable there as it reads it.)
      if (kernelGives) expect(hugeKiB(worker!)).toBeGreaterThanOrEqual((DEPTH * LARGE_CHUNK) / 1024);
      else expect(hugeKiB(worker!)).toBe(0);
    } finally {
      process.env.GLIBC_TUNABLES = callers;
      if (callers === undefined) delete process.env.GLIBC_TUNABLES;
      await pool.close();
    }
  });
});
