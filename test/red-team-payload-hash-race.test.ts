/**
 * Red team, payload hash (f7532cd): the vault file changed between `putFile`'s size check and its read.
 * Made deterministic by truncating, growing or rewriting the file the moment the open file's stat has
 * answered. A file grown is sent as its first `size` bytes (those are the catalogue's); one rewritten
 * in place is refused by the store; one shortened must not leave the upload waiting for bytes the
 * Content-Length promised. Nothing wrong is stored in any case. The adapter against a real Ceph RGW.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ObjectStore as Store } from '../src/adapters/object-store.js';
import { startObjectStore, type ObjectStore, storeClient } from './support/object-store.js';

const SIZE = 3 * (1 << 20) + 5;

describe('red team: the vault file changed between the size check and the read', { timeout: 300_000 }, () => {
  let store: ObjectStore;
  let s3: Store;
  let dir: string;
  let proto: { stat: (...a: unknown[]) => Promise<fs.Stats> };

  beforeAll(async () => {
    store = startObjectStore();
    s3 = await storeClient(store);
    await s3.ensureBucket(true);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-rtph-race-'));
    const fh = await fs.promises.open(__filename, 'r');
    proto = Object.getPrototypeOf(fh) as typeof proto;
    await fh.close();
  }, 120_000);

  afterEach(() => vi.restoreAllMocks());

  afterAll(() => {
    s3?.close();
    store?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  /** A fresh file of SIZE random bytes and its hash; `change` runs on it right after putFile's stat. */
  async function attempt(name: string, change: (file: string) => void) {
    const file = path.join(dir, name);
    const bytes = crypto.randomBytes(SIZE);
    fs.writeFileSync(file, bytes);
    const sha256 = crypto.createHash('sha256').update(bytes).digest('hex');
    const stat = proto.stat;
    vi.spyOn(proto, 'stat').mockImplementation(async function (this: unknown, ...a: unknown[]) {
      const st = await stat.apply(this, a);
      change(file);
      return st;
    });
    const key = `race/${name}`;
    const started = Date.now();
    const result = await Promise.race([
      s3.putFile(key, file, SIZE, sha256, new Date(Date.now() + 86_400_000), { sha256 }).then(
        (r) => ({ r }),
        (e: unknown) => ({ e }),
      ),
      new Promise<'held'>((resolve) => setTimeout(() => resolve('held'), Number(process.env.HOLD_MS ?? 60_000)).unref()),
    ]);
    vi.restoreAllMocks();
    return { key, sha256, result, seconds: (Date.now() - started) / 1000 };
  }

  it('a file grown after the check: its first size bytes are sent and stored', async () => {
    const { key, sha256, result } = await attempt('grown', (f) => fs.appendFileSync(f, crypto.randomBytes(4096)));
    expect(result).toMatchObject({ r: { versionId: expect.any(String) } });
    const versions = await s3.versions(key);
    expect(versions).toHaveLength(1);
    expect(await s3.readBack(key, versions[0]!.versionId)).toMatchObject({ sha256, size: SIZE });
  });

  it('a file rewritten in place after the check (same size, last byte): refused, nothing stored', async () => {
    const { key, result } = await attempt('rewritten', (f) => {
      const fd = fs.openSync(f, 'r+');
      // The last byte flipped: a fixed value was already there in one file of 256 (the bytes are random).
      const last = Buffer.alloc(1);
      fs.readSync(fd, last, 0, 1, SIZE - 1);
      fs.writeSync(fd, Buffer.from([last[0]! ^ 0xff]), 0, 1, SIZE - 1);
      fs.closeSync(fd);
    });
    expect(result).toEqual({ r: 'bytes-refused' });
    expect(await s3.versions(key)).toEqual([]);
  });

  it('a file shortened after the check: the upload ends at once (not held for the promised bytes), nothing stored', async () => {
    const { key, result, seconds } = await attempt('shortened', (f) => fs.truncateSync(f, SIZE - 100));
    expect(result, `after ${seconds} s`).toEqual({ r: 'file-changed' });
    expect(seconds).toBeLessThan(30);
    expect(await s3.versions(key)).toEqual([]);
  });

  it('a read failing part-way (EIO from a failing disk): the upload ends at once with the file\'s error, nothing stored', async () => {
    const read = (proto as unknown as { read: (...a: unknown[]) => Promise<unknown> }).read;
    let reads = 0;
    const { key, result, seconds } = await attempt('eio', () => {
      vi.spyOn(proto as unknown as { read: (...a: unknown[]) => Promise<unknown> }, 'read').mockImplementation(async function (this: unknown, ...a: unknown[]) {
        if (++reads === 2) throw Object.assign(new Error('EIO: i/o error, read'), { code: 'EIO' });
        return read.apply(this, a);
      });
    });
    expect(reads).toBeGreaterThanOrEqual(2);
    expect(result, `after ${seconds} s`).toMatchObject({ e: { code: 'EIO' } });
    expect(seconds).toBeLessThan(30);
    expect(await s3.versions(key)).toEqual([]);
  });
});
