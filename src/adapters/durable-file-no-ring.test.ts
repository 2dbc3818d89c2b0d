/**
 * A copy that cannot get its ring (an allocation refused: RangeError "Array buffer allocation failed",
 * as under an address-space limit once a WebAssembly ring has reserved its 10 GiB) must fail cleanly:
 * the source closed (a recorder's file is not held open by a worker after its job), no copy left.
 */
import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

vi.mock('./io-rings.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('./io-rings.js')>();
  return {
    ...real,
    takeRing: () => {
      throw new RangeError('Array buffer allocation failed');
    },
  };
});

const { copyAndHash } = await import('./durable-file.js');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-no-ring-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** This process's descriptors open on `file`. */
const openOn = (file: string) =>
  fs.readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`) === file;
    } catch {
      return false;
    }
  });

describe('a copy whose ring cannot be allocated', () => {
  it('fails, closes the source and leaves no copy', async () => {
    const src = path.join(dir, `${createHash('sha256').update(randomBytes(8)).digest('hex').slice(0, 8)}.mp4`);
    fs.writeFileSync(src, randomBytes(9 * 1024 * 1024 + 7));
    const dst = path.join(dir, 'copy.part');
    await expect(copyAndHash(src, dst)).rejects.toThrow('Array buffer allocation failed');
    expect(openOn(src)).toEqual([]);
    expect(fs.existsSync(dst)).toBe(false);
  });
});
