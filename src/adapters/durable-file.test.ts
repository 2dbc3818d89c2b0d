import { execFileSync } from 'node:child_process';
import { xxh3Of } from '../../test/support/xxh3.js';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, onTestFinished } from 'vitest';
import { copyAndHash, ensureDirDurable, FsyncError, hashFile } from './durable-file.js';
import { placeFile } from './place-file.js';
import { directWriteFailure, writesDirect } from './direct-copy.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-durable-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('durable file operations (real files)', () => {
  it('refuses a source rewritten in place while it is copied (same size), removing the copy', async () => {
    const src = path.join(dir, 'rewritten-src');
    fs.writeFileSync(src, randomBytes(24 * 1024 * 1024));
    const dst = path.join(dir, 'rewritten-dst');
    let rewritten = false;
    const rewrite = () => {
      if (rewritten) return;
      rewritten = true;
      const fd = fs.openSync(src, 'r+');
      fs.writeSync(fd, randomBytes(4096), 0, 4096, 20 * 1024 * 1024);
      fs.closeSync(fd);
    };
    await expect(copyAndHash(src, dst, { onBytes: rewrite, chunkBytes: 1024 * 1024 })).rejects.toMatchObject({ code: 'ECHANGED' });
    expect(fs.existsSync(dst)).toBe(false);
  });

  it('copies and hashes in one pass, across chunk boundaries', async () => {
    // 9 MiB + 7 bytes: more than two 4 MiB chunks and a ragged tail.
    const data = randomBytes(9 * 1024 * 1024 + 7);
    const src = path.join(dir, 'src.bin');
    fs.writeFileSync(src, data);
    const dst = path.join(dir, 'dst.bin');
    const r = await copyAndHash(src, dst);
    const expected = createHash('sha256').update(data).digest('hex');
    // The read-back's check: XXH3 of the same bytes, under a seed of this copy's own.
    expect(r).toEqual({ sha256: expected, size: data.length, check: { seed: expect.stringMatching(/^[0-9a-f]{16}$/), xxh3: xxh3Of(data, r.check!.seed) } });
    expect(fs.readFileSync(dst).equals(data)).toBe(true);
    expect(await hashFile(dst)).toEqual({ sha256: expected, size: data.length });
    expect((await copyAndHash(src, `${dst}.2`)).check!.seed).not.toBe(r.check!.seed);
    // A copy read back by its SHA-256 (an access copy, an export, a repair) asks for no check.
    expect(await copyAndHash(src, `${dst}.3`, { check: false })).toEqual({ sha256: expected, size: data.length });
  });

  it('refuses a FIFO or a device where a file was listed at once, instead of waiting for a writer for ever', async () => {
    // A large file's copy opens its source again after the small-file path looked at it: a name
    // swapped for a FIFO in between blocked the worker in open(2) with no writer to come.
    const fifo = path.join(dir, 'swapped.MP4');
    execFileSync('mkfifo', [fifo]);
    const dst = path.join(dir, 'from-fifo.bin');
    await expect(copyAndHash(fifo, dst)).rejects.toMatchObject({ code: 'EINVAL', message: expect.stringContaining('is not a regular file') });
    expect(fs.existsSync(dst)).toBe(false);
    await expect(hashFile(fifo)).rejects.toMatchObject({ code: 'EINVAL' });
    await expect(hashFile('/dev/zero')).rejects.toMatchObject({ code: 'EINVAL' });
  });

  it('writes a copy to the disk directly: exact at every size about a page, none of it left in the page cache', async () => {
    // The copy's pages would be in the cache had it gone through it (fincore counts them); a direct
    // write pads the last page with zeros and cuts the file back to its size. /var/tmp: a disk where
    // /tmp may be tmpfs, which is written through the cache.
    const disk = fs.mkdtempSync(path.join('/var/tmp', 'ev-durable-direct-'));
    onTestFinished(() => fs.rmSync(disk, { recursive: true, force: true }));
    expect(writesDirect(fs.statfsSync(disk).type)).toBe(true); // a disk file system (ext4, XFS …), as the vault's
    for (const size of [0, 1, 4095, 4096, 4097, 4 * 1024 * 1024, 4 * 1024 * 1024 + 1, 9 * 1024 * 1024 + 7]) {
      const data = randomBytes(size);
      const src = path.join(disk, `direct-src-${size}`);
      fs.writeFileSync(src, data);
      const dst = path.join(disk, `direct-dst-${size}`);
      expect(await copyAndHash(src, dst)).toMatchObject({ sha256: createHash('sha256').update(data).digest('hex'), size });
      const cached = execFileSync('fincore', ['--bytes', '--noheadings', '--output', 'RES', dst], { encoding: 'utf8' }).trim();
      expect({ size, cached }).toEqual({ size, cached: '0' });
      expect(fs.statSync(dst).size).toBe(size);
      expect(fs.readFileSync(dst).equals(data)).toBe(true);
    }
  });

  it('takes a direct write that failed on the device for a failed flush (redone from the source); a full disk stays itself', () => {
    const eio = Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    expect(directWriteFailure('/v/.incoming/x', eio)).toBeInstanceOf(FsyncError);
    expect(directWriteFailure('/v/.incoming/x', full)).toBe(full);
  });

  it('hashes an empty file', async () => {
    const f = path.join(dir, 'empty');
    fs.writeFileSync(f, '');
    expect(await hashFile(f)).toEqual({ sha256: createHash('sha256').digest('hex'), size: 0 });
  });

  it('refuses to copy onto an existing file and to read through a symlink', async () => {
    const src = path.join(dir, 'a');
    fs.writeFileSync(src, 'a');
    const taken = path.join(dir, 'taken');
    fs.writeFileSync(taken, 'keep me');
    await expect(copyAndHash(src, taken)).rejects.toMatchObject({ code: 'EEXIST' });
    expect(fs.readFileSync(taken, 'utf8')).toBe('keep me');
    const link = path.join(dir, 'link');
    fs.symlinkSync(src, link);
    await expect(hashFile(link)).rejects.toMatchObject({ code: 'ELOOP' });
  });

  it('places a file without ever replacing one, and reads it back', async () => {
    const folder = await ensureDirDurable(dir, 'x/y/z');
    const tmp = path.join(dir, 'tmp1');
    fs.writeFileSync(tmp, 'first');
    const target = path.join(folder, 'f');
    const placed = await placeFile(tmp, target, { sha256: createHash('sha256').update('first').digest('hex') });
    expect(placed).toEqual({ placed: true, readBack: { by: 'sha256', matches: true, size: 5, fromDisk: expect.any(Boolean) } });
    // The temp name stays, the same file, until the caller's catalogue commit removes it.
    expect(fs.statSync(tmp).ino).toBe(fs.statSync(target).ino);
    const tmp2 = path.join(dir, 'tmp2');
    fs.writeFileSync(tmp2, 'second');
    expect(await placeFile(tmp2, target, { sha256: createHash('sha256').update('second').digest('hex') })).toEqual({ placed: false, reason: 'taken' });
    expect(fs.readFileSync(target, 'utf8')).toBe('first');
  });

  it("tells of a large file's read-back as it goes (a job silent for long is taken for stuck)", async () => {
    const folder = await ensureDirDurable(dir, 'large');
    const tmp = path.join(dir, 'tmp-large');
    const data = randomBytes(12 * 1024 * 1024 + 3);
    fs.writeFileSync(tmp, data);
    let heard = 0;
    const placed = await placeFile(tmp, path.join(folder, 'f'), { sha256: createHash('sha256').update(data).digest('hex') }, { onBytes: (n) => (heard += n) });
    expect(placed).toMatchObject({ placed: true, readBack: { size: data.length, by: 'sha256', matches: true } });
    expect(heard).toBe(data.length);
  });
});

describe('reads started ahead (every positional read fails, in whatever order they end)', () => {
  it('fail the call that awaits them, never as an unhandled rejection (which ends a file worker thread)', async () => {
    // A regular file each of whose reads fails: this process's own memory, read where nothing is
    // mapped (its first 16 MiB). A FIFO did this before it was refused at the open.
    const source = '/proc/self/mem';
    const unhandled: unknown[] = [];
    const count = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', count);
    try {
      const codes = new Set<string>();
      // Before, about one call in ten had a later chunk's read fail first, unhandled.
      for (let i = 0; i < 150; i++) {
        for (const call of [() => hashFile(source), () => copyAndHash(source, path.join(dir, `failing-copy-${i}`))]) {
          await call().then(
            () => codes.add('read'),
            (err: NodeJS.ErrnoException) => codes.add(err.code ?? String(err)),
          );
        }
      }
      // Let any rejection still without a handler be reported.
      await new Promise((r) => setImmediate(r));
      expect([...codes]).toEqual(['EIO']);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', count);
    }
  });
});
