import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { withExif } from '../../test/support/exif.js';
import { hashManyFromDisk } from './disk-read.js';
import { StillImageFirst } from './still-image-probe.js';
import { linkSmallBatch, storeSmallBatch } from './small-file-batch.js';
import { SMALL_FILE_BYTES } from './small-file.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-small-batch-'));
afterAll(() => {
  for (const f of fs.readdirSync(dir, { recursive: true }) as string[]) fs.chmodSync(path.join(dir, f), 0o755);
  fs.rmSync(dir, { recursive: true, force: true });
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
let n = 0;
function source(data: Buffer): string {
  const f = path.join(dir, `src-${++n}`);
  fs.writeFileSync(f, data);
  return f;
}
const temp = () => path.join(dir, `tmp-${++n}.part`);

describe('a batch of small files in one worker job', () => {
  it('copies, flushes and reads back each from the disk; each failure stays its own; a large one is left alone untouched', async () => {
    const sizes = [0, 1, 4000, 4096, 4097, 1024 * 1024 + 5];
    const datas = sizes.map((s) => randomBytes(s));
    const items = datas.map((d) => ({ src: source(d), dst: temp() }));
    const missing = { src: path.join(dir, 'not-there'), dst: temp() };
    const taken = { src: source(randomBytes(10)), dst: source(Buffer.from('someone else\u2019s')) };
    const large = { src: source(Buffer.alloc(SMALL_FILE_BYTES + 1)), dst: temp() };
    let reported = 0;
    const out = await storeSmallBatch([...items, missing, taken, large], 512 * 1024, (k) => (reported += k));

    datas.forEach((d, i) => {
      const o = out[i]!;
      expect(o.ok, `item ${i}`).toBe(true);
      if (!o.ok) return;
      expect(o.value).toMatchObject({ sha256: sha(d), size: d.length, sourceSizeAfter: d.length, readBack: { sha256: sha(d), size: d.length } });
      expect(Buffer.from(o.value.head ?? new Uint8Array(0)).equals(d.subarray(0, 512 * 1024))).toBe(true);
      expect(fs.readFileSync(items[i]!.dst).equals(d)).toBe(true);
    });
    expect(reported).toBe(sizes.reduce((a, b) => a + b, 0));
    expect(out[sizes.length]).toMatchObject({ ok: false, error: { code: 'ENOENT', fsync: false } });
    expect(out[sizes.length + 1]).toMatchObject({ ok: false, error: { code: 'EEXIST', fsync: false } });
    expect(fs.readFileSync(taken.dst, 'utf8')).toBe('someone else\u2019s');
    expect(out[sizes.length + 2]).toEqual({ ok: false, large: true });
    expect(fs.existsSync(large.dst)).toBe(false);
  });

  it('fails a copy whose fsync fails as an fsync failure (redone from the source), removing it; the others are stored', async () => {
    const items = [0, 1, 2].map(() => ({ src: source(randomBytes(3000)), dst: temp() }));
    let calls = 0;
    const spy = vi.spyOn(fs, 'fsync').mockImplementation(((fd: number, cb: (err: Error | null) => void) => {
      if (calls++ === 1) return cb(Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }));
      return fs.fdatasync(fd, cb);
    }) as typeof fs.fsync);
    let out;
    try {
      out = await storeSmallBatch(items, 0);
    } finally {
      spy.mockRestore();
    }
    expect(out.map((o) => o.ok)).toEqual([true, false, true]);
    expect(out[1]).toMatchObject({ ok: false, error: { fsync: true } });
    expect(fs.existsSync(items[1]!.dst)).toBe(false);
  });

  it('links each into place and seals it, never over a file; a folder gone fails that one alone', () => {
    const day = path.join(dir, 'day');
    fs.mkdirSync(day);
    const a = source(Buffer.from('a'));
    const b = source(Buffer.from('b'));
    const c = source(Buffer.from('c'));
    fs.writeFileSync(path.join(day, 'b.jpg'), 'there before');
    const out = linkSmallBatch([
      { tmp: a, target: path.join(day, 'a.jpg') },
      { tmp: b, target: path.join(day, 'b.jpg') },
      { tmp: c, target: path.join(dir, 'gone', 'c.jpg') },
    ]);
    expect(out).toEqual([{ ok: true, placed: true }, { ok: true, placed: false, reason: 'taken' }, { ok: false, error: expect.objectContaining({ code: 'ENOENT' }) }]);
    expect(fs.statSync(path.join(day, 'a.jpg')).ino).toBe(fs.statSync(a).ino);
    expect(fs.statSync(path.join(day, 'a.jpg')).mode & 0o777).toBe(0o444);
    expect(fs.readFileSync(path.join(day, 'b.jpg'), 'utf8')).toBe('there before');
  });
});

describe('reading several small files back from the disk', () => {
  it('hashes each exactly, whatever its size against the page and the chunk, each error its own', async () => {
    const sizes = [0, 1, 4095, 4096, 4097, 8192, 4 * 1024 * 1024, 4 * 1024 * 1024 + 1, SMALL_FILE_BYTES];
    const datas = sizes.map((s) => randomBytes(s));
    const files = datas.map((d) => source(d));
    const out = await hashManyFromDisk([...files, path.join(dir, 'absent')]);
    datas.forEach((d, i) => expect(out[i], `size ${sizes[i]}`).toMatchObject({ sha256: sha(d), size: d.length }));
    expect(out[sizes.length]).toMatchObject({ code: 'ENOENT' });
  });

  it('reads a still picture where it copied it: the same facts as the service\'s probe, and no head sent back; other files bring their head', async () => {
    const plain = path.join(dir, 'plain.jpg');
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=320x240', '-frames:v', '1', plain]);
    const photo = source(withExif(fs.readFileSync(plain), { dateTimeOriginal: '2026:03:01 10:15:30', lat: 41.1087, lon: 122.9946 }));
    const sound = source(randomBytes(3000));
    const [still, other] = await storeSmallBatch([{ src: photo, dst: temp() }, { src: sound, dst: temp() }], 512 * 1024, undefined, 'Asia/Shanghai');
    const refused = () => Promise.reject(new Error('a still picture must not reach ffprobe'));
    const expected = await new StillImageFirst({ probe: refused }, 'Asia/Shanghai').probe(photo);
    expect(expected.ok).toBe(true);
    expect(still).toMatchObject({ ok: true, value: { still: expected.ok ? expected.info : null, head: undefined } });
    expect(still?.ok && still.value.still?.creationTime).toBe('2026-03-01T02:15:30.000Z');
    expect(other?.ok && other.value.still).toBeUndefined();
    expect(other?.ok && other.value.head?.byteLength).toBe(3000);
  });
});
