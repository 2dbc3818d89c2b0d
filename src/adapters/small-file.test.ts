import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { FsyncError } from './durable-file.js';
import { copySmall, hashSmall, SMALL_FILE_BYTES } from './small-file.js';
import { hashFromDisk, hashFromDiskSync } from './disk-read.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-small-file-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let n = 0;
function file(data: Buffer): string {
  const f = path.join(dir, `src-${++n}`);
  fs.writeFileSync(f, data);
  return f;
}

describe('small files the synchronous way (file workers)', () => {
  it('refuses a source rewritten in place while it is copied (same size), removing the copy', () => {
    const src = file(randomBytes(3 * 1024 * 1024));
    const dst = path.join(dir, `dst-${n}`);
    let rewritten = false;
    const rewrite = () => {
      if (rewritten) return;
      rewritten = true;
      // As `dd conv=notrunc` or rsync --inplace would: the same size, other bytes, the same inode.
      const fd = fs.openSync(src, 'r+');
      fs.writeSync(fd, randomBytes(1024 * 1024), 0, 1024 * 1024, 2 * 1024 * 1024);
      fs.closeSync(fd);
    };
    expect(() => copySmall(src, dst, rewrite)).toThrow(expect.objectContaining({ code: 'ECHANGED', message: expect.stringContaining('was written to while it was copied') }));
    expect(fs.existsSync(dst)).toBe(false);
  });

  it.each([0, 1, 4000, 1024 * 1024, 1024 * 1024 + 1, 3 * 1024 * 1024 + 17])('copies and hashes %i bytes in one pass, the head as asked, the source size after', (size) => {
    const data = randomBytes(size);
    const src = file(data);
    const dst = path.join(dir, `dst-${n}`);
    let reported = 0;
    const r = copySmall(src, dst, (k) => (reported += k), 512 * 1024)!;
    expect(r).toMatchObject({ sha256: sha(data), size, sourceSizeAfter: size });
    expect(Buffer.from(r.head ?? new Uint8Array(0)).equals(data.subarray(0, 512 * 1024))).toBe(true);
    expect(fs.readFileSync(dst).equals(data)).toBe(true);
    expect(fs.statSync(dst).mode & 0o777).toBe(0o600);
    expect(reported).toBe(size);
    expect(hashSmall(dst)).toEqual({ sha256: sha(data), size });
    expect(hashFromDiskSync(dst, SMALL_FILE_BYTES)).toMatchObject({ sha256: sha(data), size });
  });

  it('leaves a large file to the pipelined path, having written nothing; never overwrites; refuses a symlink', async () => {
    const big = file(Buffer.alloc(SMALL_FILE_BYTES + 1, 7));
    const dst = path.join(dir, 'big-dst');
    expect(copySmall(big, dst)).toBeNull();
    expect(fs.existsSync(dst)).toBe(false);
    expect(hashSmall(big)).toBeNull();
    expect(hashFromDiskSync(big, SMALL_FILE_BYTES)).toBeNull();
    expect(hashFromDiskSync(big, SMALL_FILE_BYTES + 1)).toMatchObject({ sha256: (await hashFromDisk(big)).sha256, size: SMALL_FILE_BYTES + 1 });

    const src = file(Buffer.from('photo'));
    const taken = file(Buffer.from('someone else\u2019s'));
    expect(() => copySmall(src, taken)).toThrow(expect.objectContaining({ code: 'EEXIST' }));
    expect(fs.readFileSync(taken, 'utf8')).toBe('someone else\u2019s');

    const link = path.join(dir, 'link');
    fs.symlinkSync(src, link);
    expect(() => copySmall(link, path.join(dir, 'via-link'))).toThrow(expect.objectContaining({ code: 'ELOOP' }));
    expect(fs.existsSync(path.join(dir, 'via-link'))).toBe(false);
    expect(() => hashSmall(link)).toThrow(expect.objectContaining({ code: 'ELOOP' }));
    expect(() => hashFromDiskSync(link, SMALL_FILE_BYTES)).toThrow(expect.objectContaining({ code: 'ELOOP' }));
  });

  it('refuses a source swapped for a FIFO instead of waiting on it for ever', () => {
    const fifo = path.join(dir, 'fifo.jpg');
    execFileSync('mkfifo', [fifo]);
    expect(() => copySmall(fifo, path.join(dir, 'fifo-dst'))).toThrow(/not a regular file/);
    expect(fs.existsSync(path.join(dir, 'fifo-dst'))).toBe(false);
  });

  it('says the source is gone when it went during the copy', () => {
    const data = randomBytes(100);
    const src = file(data);
    const dst = path.join(dir, 'gone-dst');
    // Removing the name after open: the copy has the bytes, the source's name no longer says a size.
    const r = copySmall(src, dst, () => fs.rmSync(src));
    expect(r).toMatchObject({ sha256: sha(data), size: 100, sourceSizeAfter: null });
  });

  it('fails the copy as an fsync failure (redo from the source, never retry) and leaves no file when the flush fails', () => {
    const src = file(randomBytes(4000));
    const dst = path.join(dir, 'eio-dst');
    const spy = vi.spyOn(fs, 'fsyncSync').mockImplementation(() => {
      throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' });
    });
    try {
      expect(() => copySmall(src, dst)).toThrow(FsyncError);
    } finally {
      spy.mockRestore();
    }
    expect(fs.existsSync(dst)).toBe(false);
  });
});
