/**
 * Copies are written to the disk directly (O_DIRECT) from page-aligned WebAssembly memory
 * (src/adapters/io-rings.ts), and through the page cache where that memory is not to be had: a
 * Node run without WebAssembly (`--jitless`) takes the cached path, and its copies are as exact.
 * The compiled module from `dist/` runs in a child process of its own, so its runtime's flags are
 * its own. `fincore` counts a file's pages in the cache: none after a direct copy. A FAT32 volume
 * through FUSE (as a purpose copy's removable disk) is written through the cache, unasked: fusefat
 * refused every write with EPERM after a probe of direct writes had written a page and cut it back.
 */
import { xxh3Of } from './support/xxh3.js';
import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writesDirect } from '../src/adapters/direct-copy.js';
import { buildFatImage, mountFat } from './support/fat-volume.js';

// /var/tmp: a disk (as the evidence PC's vault disk) where /tmp may be tmpfs.
const dir = fs.mkdtempSync(path.join('/var/tmp', 'ev-copy-direct-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const module = path.resolve('dist/src/adapters/durable-file.js');

/** copyAndHash in a node of its own, with `flags`: its result as JSON. */
type Copied = { sha256: string; size: number; check: { seed: string; xxh3: string } };

/** What a copy of `data` reports: its SHA-256 and size, and the XXH3 of the same bytes under its seed (read-check.ts). */
const copiedOf = (data: Buffer, seed: string) => ({ sha256: createHash('sha256').update(data).digest('hex'), size: data.length, check: { seed, xxh3: xxh3Of(data, seed) } });

function copyIn(flags: string[], src: string, dst: string): Copied {
  const script = `import(${JSON.stringify(module)}).then(async (m) => console.log(JSON.stringify(await m.copyAndHash(process.argv[1], process.argv[2]))))`;
  return JSON.parse(execFileSync(process.execPath, [...flags, '-e', script, src, dst], { encoding: 'utf8' })) as Copied;
}

const cachedBytes = (file: string) => Number(execFileSync('fincore', ['--bytes', '--noheadings', '--output', 'RES', file], { encoding: 'utf8' }).trim());

describe('copies written directly, or through the cache where no page-aligned memory is to be had', () => {
  const size = 9 * 1024 * 1024 + 7;
  const data = randomBytes(size);
  const src = path.join(dir, 'src');
  fs.writeFileSync(src, data);
  const sha256 = createHash('sha256').update(data).digest('hex');

  it('is on a disk file system, where copies are written directly', () => expect(writesDirect(fs.statfsSync(dir).type)).toBe(true));

  it.each([
    ['direct', []],
    ['through the cache', ['--jitless']],
  ])('%s: exact', (how, flags) => {
    const dst = path.join(dir, `copy-${flags.length}`);
    const copied = copyIn(flags, src, dst);
    expect(copied).toEqual(copiedOf(data, copied.check.seed));
    expect(copied.sha256).toBe(sha256);
    const cached = cachedBytes(dst);
    // Direct: nothing of the copy in the cache. Through it: the copy's pages are there after its fsync.
    if (how === 'direct') expect(cached).toBe(0);
    else expect(cached).toBeGreaterThan(size / 2);
    expect(fs.readFileSync(dst).equals(data)).toBe(true);
  });
});

describe('a copy onto a FAT32 volume through FUSE', () => {
  it('goes through the cache, and every copy is exact', () => {
    const image = path.join(dir, 'usb.img');
    buildFatImage(image, [], 64, 'USB');
    const usb = mountFat(image, path.join(dir, 'usb'), 'rw+');
    try {
      const data = randomBytes(9 * 1024 * 1024 + 7);
      const src = path.join(dir, 'to-usb');
      fs.writeFileSync(src, data);
      const sha256 = createHash('sha256').update(data).digest('hex');
      // Three copies in one process: a probe on the first copy, or any cut-back, spoilt the rest.
      const script = `import(${JSON.stringify(module)}).then(async (m) => { for (const k of [1, 2, 3]) console.log(JSON.stringify(await m.copyAndHash(process.argv[1], process.argv[2] + k))); })`;
      const out = execFileSync(process.execPath, ['-e', script, src, path.join(usb.mountPoint, 'copy-')], { encoding: 'utf8' });
      const copies = out.trim().split('\n').map((l) => JSON.parse(l) as Copied);
      expect(copies).toEqual(copies.map((c) => copiedOf(data, c.check.seed)));
      expect(copies.map((c) => c.sha256)).toEqual([sha256, sha256, sha256]);
      for (const k of [1, 2, 3]) expect(fs.readFileSync(path.join(usb.mountPoint, `copy-${k}`)).equals(data)).toBe(true);
    } finally {
      usb.unmount();
    }
  });
});
