import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyAndHash } from './durable-file.js';
import { placeFile } from './place-file.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-place-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A large file (past the one-read size) copied as ingest copies it: its temp copy and what the copy reported. */
async function copied(name: string) {
  const data = randomBytes(9 * 1024 * 1024 + 5);
  const src = path.join(dir, `${name}.src`);
  fs.writeFileSync(src, data);
  const tmp = path.join(dir, `${name}.tmp`);
  return { data, tmp, copy: await copyAndHash(src, tmp) };
}

/** One byte of `file` changed in place, as a bad write or a misdirected one leaves it. */
function flipByte(file: string, at: number): void {
  const fd = fs.openSync(file, 'r+');
  const b = Buffer.alloc(1);
  fs.readSync(fd, b, 0, 1, at);
  b[0] = b[0]! ^ 0x10;
  fs.writeSync(fd, b, 0, 1, at);
  fs.fsyncSync(fd);
  fs.closeSync(fd);
}

describe('the read-back of a large copy, by the XXH3 its copy made (real files, direct reads)', () => {
  it('matches when the disk holds the bytes copied, and reports every byte read', async () => {
    const { data, tmp, copy } = await copied('good');
    let heard = 0;
    const placed = await placeFile(tmp, path.join(dir, 'good'), copy, { onBytes: (n) => (heard += n) });
    expect(placed).toEqual({ placed: true, readBack: { by: 'xxh3-64', matches: true, size: data.length, fromDisk: true } });
    expect(heard).toBe(data.length);
  });

  it('does not match when one bit on the disk differs from what was copied, at its start, middle or end', async () => {
    for (const where of ['start', 'middle', 'end'] as const) {
      const { data, tmp, copy } = await copied(`flipped-${where}`);
      flipByte(tmp, where === 'start' ? 0 : where === 'middle' ? 4 * 1024 * 1024 + 1 : data.length - 1);
      const placed = await placeFile(tmp, path.join(dir, `flipped-${where}`), copy);
      expect(placed).toEqual({ placed: true, readBack: { by: 'xxh3-64', matches: false, size: data.length, fromDisk: true } });
    }
  });

  it('does not match under another seed, nor against another copy of other bytes', async () => {
    const a = await copied('seed-a');
    const b = await copied('seed-b');
    const other = a.copy.check!.seed === '0000000000000001' ? '0000000000000002' : '0000000000000001';
    const wrongSeed = await placeFile(a.tmp, path.join(dir, 'seed-a'), { sha256: a.copy.sha256, check: { seed: other, xxh3: a.copy.check!.xxh3 } });
    expect(wrongSeed).toMatchObject({ placed: true, readBack: { by: 'xxh3-64', matches: false } });
    const crossed = await placeFile(b.tmp, path.join(dir, 'seed-b'), a.copy);
    expect(crossed).toMatchObject({ placed: true, readBack: { by: 'xxh3-64', matches: false } });
  });

  it('compares the SHA-256 where the copy made no XXH3 (a small file, a repair), and then too a flipped bit fails', async () => {
    const { data, tmp, copy } = await copied('sha');
    const sha256 = createHash('sha256').update(data).digest('hex');
    expect(sha256).toBe(copy.sha256);
    flipByte(tmp, 7);
    expect(await placeFile(tmp, path.join(dir, 'sha'), { sha256 })).toEqual({ placed: true, readBack: { by: 'sha256', matches: false, size: data.length, fromDisk: true } });
  });
});
