import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyAndHash, ensureDirDurable, hashFile, placeFile } from './durable-file.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-durable-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('durable file operations (real files)', () => {
  it('copies and hashes in one pass, across chunk boundaries', async () => {
    // 9 MiB + 7 bytes: more than two 4 MiB chunks and a ragged tail.
    const data = randomBytes(9 * 1024 * 1024 + 7);
    const src = path.join(dir, 'src.bin');
    fs.writeFileSync(src, data);
    const dst = path.join(dir, 'dst.bin');
    const r = await copyAndHash(src, dst);
    const expected = createHash('sha256').update(data).digest('hex');
    expect(r).toEqual({ sha256: expected, size: data.length });
    expect(fs.readFileSync(dst).equals(data)).toBe(true);
    expect(await hashFile(dst)).toEqual(r);
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
    const placed = await placeFile(tmp, target);
    expect(placed).toEqual({ placed: true, readBack: { sha256: createHash('sha256').update('first').digest('hex'), size: 5, fromDisk: expect.any(Boolean) } });
    // The temp name stays, the same file, until the caller's catalogue commit removes it.
    expect(fs.statSync(tmp).ino).toBe(fs.statSync(target).ino);
    const tmp2 = path.join(dir, 'tmp2');
    fs.writeFileSync(tmp2, 'second');
    expect(await placeFile(tmp2, target)).toEqual({ placed: false, reason: 'taken' });
    expect(fs.readFileSync(target, 'utf8')).toBe('first');
  });
});
