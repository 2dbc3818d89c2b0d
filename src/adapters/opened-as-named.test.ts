/**
 * A recorder's file is copied only when the open reached it through no link: a folder on the way
 * swapped for a link since the scan (a drop folder its writer controls) would lead anywhere on the PC.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { copyAndHash } from './durable-file.js';
import { copySmall, copyUnflushed } from './small-file.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-named-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A volume whose DCIM folder was a real folder at the scan and is now a link to `outside`. */
function swapped(name: string, bytes: number): { listed: string; outside: string } {
  const volume = path.join(dir, `${name}-volume`);
  const outside = path.join(dir, `${name}-outside`);
  fs.mkdirSync(outside, { recursive: true });
  fs.writeFileSync(path.join(outside, 'A.MP4'), Buffer.alloc(bytes, 7));
  fs.mkdirSync(volume, { recursive: true });
  fs.symlinkSync(outside, path.join(volume, 'DCIM'));
  return { listed: path.join(volume, 'DCIM', 'A.MP4'), outside };
}

describe('a recorder\'s file reached through a link', () => {
  it('is refused by the small copy, the batch\'s copy and the large copy; nothing is written', async () => {
    const small = swapped('small', 4000);
    expect(() => copySmall(small.listed, path.join(dir, 'small.part'), undefined, 0, true)).toThrow(expect.objectContaining({ code: 'ELOOP', message: expect.stringContaining(small.outside) }));
    expect(() => copyUnflushed(small.listed, path.join(dir, 'batch.part'), undefined, 0, true)).toThrow(expect.objectContaining({ code: 'ELOOP' }));
    const large = swapped('large', 9 * 1024 * 1024);
    await expect(copyAndHash(large.listed, path.join(dir, 'large.part'), { named: true })).rejects.toMatchObject({ code: 'ELOOP' });
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.part'))).toEqual([]);
  });

  it('copies a file named by its real path, and a vault\'s own file through a linked vault folder (not a recorder\'s)', async () => {
    const real = path.join(dir, 'real');
    fs.mkdirSync(real);
    fs.writeFileSync(path.join(real, 'B.MP4'), 'clip');
    expect(copySmall(path.join(real, 'B.MP4'), path.join(dir, 'b1.copy'), undefined, 0, true)?.size).toBe(4);
    fs.symlinkSync(real, path.join(dir, 'vault-link'));
    expect(copySmall(path.join(dir, 'vault-link', 'B.MP4'), path.join(dir, 'b2.copy'))?.size).toBe(4);
    expect((await copyAndHash(path.join(dir, 'vault-link', 'B.MP4'), path.join(dir, 'b3.copy'))).size).toBe(4);
  });
});
