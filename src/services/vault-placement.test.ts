/** Placement with real files and the real durable-file functions, in this thread instead of the workers. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { removeUnsealed, sealFile } from '../adapters/durable-file.js';
import { placeFile } from '../adapters/place-file.js';
import { hashFromDisk } from '../adapters/disk-read.js';
import { silentLogger } from '../adapters/logger.js';
import { placeWithoutOverwrite, ReadBackMismatch, type Placement } from './vault-placement.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-placement-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const sha = (data: string) => createHash('sha256').update(data).digest('hex');
let vault: string;
let n = 0;

function placement(catalogued: string[] = [], place = placeFile): Placement {
  return { vaultRoot: vault, claim: (p) => !catalogued.includes(p), release: () => undefined, workers: { place: (tmp, target, expected) => place(tmp, target, expected), hashFromDisk: (p) => hashFromDisk(p) }, files: { seal: sealFile, removeUnsealed }, log: silentLogger(), reserved: new Set() };
}

function temp(data: string) {
  const tmp = path.join(vault, '.incoming', `${++n}.part`);
  fs.writeFileSync(tmp, data);
  return { tmp, folder: 'day', name: 'A.MP4', sha256: sha(data), size: data.length };
}

const mode = (rel: string) => fs.statSync(path.join(vault, rel)).mode & 0o777;

beforeEach(() => {
  vault = fs.mkdtempSync(path.join(root, 'vault-'));
  fs.mkdirSync(path.join(vault, '.incoming'));
  fs.mkdirSync(path.join(vault, 'day'));
});

describe('placeWithoutOverwrite', () => {
  it('takes the name when it is free, and reserves it', async () => {
    const p = placement();
    expect((await placeWithoutOverwrite(p, temp('one'))).vaultPath).toBe('day/A.MP4');
    expect(fs.readFileSync(path.join(vault, 'day/A.MP4'), 'utf8')).toBe('one');
    expect([...p.reserved]).toEqual(['day/A.MP4']);
  });

  it('passes over names catalogued, reserved by a file in flight, or on disk with other bytes', async () => {
    fs.writeFileSync(path.join(vault, 'day/A~3.MP4'), 'someone else');
    const p = placement(['day/A.MP4']);
    p.reserved.add('day/A~2.MP4');
    expect((await placeWithoutOverwrite(p, temp('mine'))).vaultPath).toBe('day/A~4.MP4');
    expect(fs.readFileSync(path.join(vault, 'day/A~3.MP4'), 'utf8')).toBe('someone else');
    expect([...p.reserved].sort()).toEqual(['day/A~2.MP4', 'day/A~4.MP4']);
  });

  it('adopts an uncatalogued copy of the very same bytes, and makes it read-only', async () => {
    fs.writeFileSync(path.join(vault, 'day/A.MP4'), 'same', { mode: 0o600 });
    const copy = temp('same');
    expect(await placeWithoutOverwrite(placement(), copy)).toEqual({ vaultPath: 'day/A.MP4', adopted: true, readBack: 'sha256' });
    expect(mode('day/A.MP4')).toBe(0o444);
    expect(fs.readdirSync(path.join(vault, 'day'))).toEqual(['A.MP4']);
  });

  it('removes a copy whose read-back does not match, and releases its name', async () => {
    const p = placement([], async (tmp, target, expected) => {
      const placed = await placeFile(tmp, target, expected);
      return placed.placed ? { placed: true, readBack: { ...placed.readBack, matches: false } } : placed;
    });
    await expect(placeWithoutOverwrite(p, temp('one'))).rejects.toBeInstanceOf(ReadBackMismatch);
    expect(fs.readdirSync(path.join(vault, 'day'))).toEqual([]);
    expect(p.reserved.size).toBe(0);
  });
});
