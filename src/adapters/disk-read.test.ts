import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { hashFromDisk, hashFromDiskSync, hashManyFromDisk } from './disk-read.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-disk-read-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Bytes this process has had fetched from storage (not served by the page cache). */
const storageReadBytes = () => Number(/read_bytes: (\d+)/.exec(fs.readFileSync('/proc/self/io', 'utf8'))![1]);

function durableFile(name: string, data: Buffer): string {
  const f = path.join(dir, name);
  const fd = fs.openSync(f, 'w');
  fs.writeSync(fd, data);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  return f;
}

describe('read-back from the disk (O_DIRECT)', () => {
  it.each([0, 1, 4095, 5000, 4 * 1024 * 1024, 17 * 1024 * 1024 + 3])('hashes %i bytes exactly as written', async (size) => {
    const data = randomBytes(size);
    const f = durableFile(`f-${size}`, data);
    const r = await hashFromDisk(f);
    expect(r.sha256).toBe(createHash('sha256').update(data).digest('hex'));
    expect(r.size).toBe(size);
  });

  it('reads from the device, not from the pages the write left cached', async () => {
    const data = randomBytes(8 * 1024 * 1024);
    const f = durableFile('cached', data);
    // The pages are in the cache now: an ordinary read would fetch nothing from storage.
    const before = storageReadBytes();
    const r = await hashFromDisk(f);
    const fetched = storageReadBytes() - before;
    // A file system with a block device under it counts the direct reads; one without (tmpfs)
    // reports them as not from a disk, so the claim is never made for bytes that were cached.
    if (r.fromDisk && fs.statSync(f).dev !== 0 && !isMemoryFs(f)) expect(fetched).toBeGreaterThanOrEqual(data.length);
    expect(r.sha256).toBe(createHash('sha256').update(data).digest('hex'));
  });

  it('asks the disk for the file\u2019s own pages, not a whole chunk (the kernel would zero the rest of it as a hole)', async () => {
    const data = randomBytes(5000);
    const f = durableFile('small', data);
    // Spies call through: they only note how much each read asked for.
    const readSync = vi.spyOn(fs, 'readSync');
    const read = vi.spyOn(fs, 'read');
    let lengths: number[];
    try {
      expect(hashFromDiskSync(f, 8 * 1024 * 1024)).toMatchObject({ sha256: createHash('sha256').update(data).digest('hex'), size: 5000 });
      expect((await hashManyFromDisk([f]))[0]).toMatchObject({ sha256: createHash('sha256').update(data).digest('hex'), size: 5000 });
      lengths = [...readSync.mock.calls, ...read.mock.calls].map((c) => (c as unknown[])[3] as number);
    } finally {
      readSync.mockRestore();
      read.mockRestore();
    }
    expect(lengths.length).toBeGreaterThan(0);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(8192);
  });

  it('the pipelined read (large files, verify) asks for a small file\u2019s own pages, and nothing past its end', async () => {
    const data = randomBytes(5000);
    const f = durableFile('small-pipelined', data);
    const probe = await fsp.open(f);
    const proto = Object.getPrototypeOf(probe) as fsp.FileHandle;
    await probe.close();
    const read = vi.spyOn(proto, 'read');
    let lengths: number[];
    try {
      expect(await hashFromDisk(f)).toMatchObject({ sha256: createHash('sha256').update(data).digest('hex'), size: 5000 });
      lengths = read.mock.calls.map((c) => (c as unknown[])[2] as number);
    } finally {
      read.mockRestore();
    }
    // One read of two pages: the end of the file is where fstat says.
    if (lengths.length) expect(lengths).toEqual([8192]);
  });

  it('refuses a symlink, as every vault read does', async () => {
    const target = durableFile('target', randomBytes(10));
    const link = path.join(dir, 'link');
    fs.symlinkSync(target, link);
    await expect(hashFromDisk(link)).rejects.toMatchObject({ code: 'ELOOP' });
  });

  it('refuses a FIFO in a file\'s place at once, in every way it reads (it waited for a writer for ever: a verify that never ended)', async () => {
    const fifo = path.join(dir, 'swapped.fifo');
    execFileSync('mkfifo', [fifo]);
    const refused = { message: expect.stringContaining('is not a regular file') };
    await expect(hashFromDisk(fifo)).rejects.toMatchObject(refused);
    expect(() => hashFromDiskSync(fifo, 1024)).toThrow(expect.objectContaining(refused));
    const plain = durableFile('beside-fifo', randomBytes(5000));
    const [forFifo, forPlain] = await hashManyFromDisk([fifo, plain]);
    expect(forFifo).toMatchObject(refused);
    expect(forPlain).toMatchObject({ size: 5000 });
  });
});

function isMemoryFs(file: string): boolean {
  const mounts = fs.readFileSync('/proc/self/mounts', 'utf8').split('\n').map((l) => l.split(' '));
  const real = fs.realpathSync(file);
  const best = mounts.filter((m) => m[1] && (real === m[1] || real.startsWith(m[1] === '/' ? '/' : m[1] + '/'))).sort((a, b) => b[1]!.length - a[1]!.length)[0];
  return best?.[2] === 'tmpfs' || best?.[2] === 'ramfs';
}
