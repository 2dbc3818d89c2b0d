import { createHash, randomBytes } from 'node:crypto';
import { xxh3Of } from '../../test/support/xxh3.js';
import { xxh3Digest } from './read-check.js';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { copyAndHash, hashFile } from './durable-file.js';
import { digestFromDisk, hashFromDisk } from './disk-read.js';
import { DEPTH, giveRing, idleRings, LARGE_CHUNK, PAGE, SHARED_CHUNK, takeRing } from './io-rings.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-io-rings-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('I/O rings: memory is the jobs in flight, not the files done', () => {
  afterEach(() => vi.unstubAllGlobals());

  // First in the file: the pool (one a process) starts empty.
  it('reuses an idle ring of the size asked for, keeps at most two, and asks for a collection when it lets one go', () => {
    const gc = vi.fn();
    vi.stubGlobal('gc', gc);
    const a = takeRing(LARGE_CHUNK);
    giveRing(a);
    expect(takeRing(LARGE_CHUNK)).toBe(a);
    const rings = [a, takeRing(LARGE_CHUNK), takeRing(SHARED_CHUNK)];
    rings.forEach(giveRing);
    // Three given back: the oldest is let go, and only then is the collector asked.
    expect(gc).toHaveBeenCalledTimes(1);
    expect(idleRings()).toEqual({ count: 2, bytes: rings[1]!.bytes + rings[2]!.bytes });
    expect(rings[2]!.bytes).toBeGreaterThanOrEqual(DEPTH * SHARED_CHUNK);
    // A caller using one slot takes any idle ring; one asking for a size gets that size.
    expect(takeRing(SHARED_CHUNK).chunk).toBe(SHARED_CHUNK);
  });

  it('after many copies of both sizes the pool holds at most two rings', async () => {
    const src = path.join(dir, 'src');
    const data = randomBytes(3 * SHARED_CHUNK + 17);
    fs.writeFileSync(src, data);
    for (let k = 0; k < 6; k++) {
      const dst = path.join(dir, `copy-${k}`);
      const r = await copyAndHash(src, dst, { chunkBytes: k % 2 ? SHARED_CHUNK : LARGE_CHUNK });
      expect(r).toMatchObject({ sha256: sha(data), size: data.length });
    }
    expect(idleRings().count).toBeLessThanOrEqual(2);
  });

  it.each([0, 1, SHARED_CHUNK - 1, SHARED_CHUNK, 4 * SHARED_CHUNK + 4095, 9 * SHARED_CHUNK])('hashes %i bytes exactly with 1 MiB chunks (copy, hash, read-back)', async (size) => {
    const data = randomBytes(size);
    const src = path.join(dir, `s-${size}`);
    fs.writeFileSync(src, data);
    const dst = path.join(dir, `d-${size}`);
    const copied = await copyAndHash(src, dst, { chunkBytes: SHARED_CHUNK });
    expect(copied).toEqual({ sha256: sha(data), size, check: { seed: copied.check!.seed, xxh3: xxh3Of(data, copied.check!.seed) } });
    expect(await hashFile(dst, undefined, SHARED_CHUNK)).toEqual({ sha256: sha(data), size });
    expect(await hashFromDisk(dst, undefined, SHARED_CHUNK)).toMatchObject({ sha256: sha(data), size });
    expect(await digestFromDisk(dst, (await xxh3Digest(copied.check!.seed))!, undefined, SHARED_CHUNK)).toEqual({ hex: copied.check!.xxh3, size });
  });

  it('a chunk size that is not whole pages, or larger than the large one, gets the large one', () => {
    for (const asked of [0, -4096, 1000, 4096.5, Number.NaN, 64 * LARGE_CHUNK]) {
      const ring = takeRing(asked);
      expect(ring.chunk).toBe(LARGE_CHUNK);
      giveRing(ring);
    }
    expect(takeRing(2 * PAGE).chunk).toBe(2 * PAGE);
  });

  it('an alignment forgotten after a failed direct read is probed again, and the direct read then works', () => {
    const file = path.join(dir, 'aligned');
    fs.writeFileSync(file, randomBytes(3 * PAGE));
    const ring = takeRing(SHARED_CHUNK);
    // A buffered read works at any address: probed on it, the ring records its first offset, right or not.
    const buffered = fs.openSync(file, 'r');
    expect(ring.directSlots(buffered)).not.toBeNull();
    fs.closeSync(buffered);
    ring.forgetAlignment();
    const direct = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_DIRECT);
    try {
      const slot = ring.directSlots(direct)![0]!;
      expect(fs.readSync(direct, slot, 0, PAGE, PAGE)).toBe(PAGE);
      expect(slot.subarray(0, PAGE).equals(fs.readFileSync(file).subarray(PAGE, 2 * PAGE))).toBe(true);
    } finally {
      fs.closeSync(direct);
      giveRing(ring);
    }
  });
});
