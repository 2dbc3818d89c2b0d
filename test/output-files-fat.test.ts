/**
 * Outputs (archive sets, disc images, registers) on a disk that keeps no owners or modes: a FAT32
 * volume, mounted through FUSE as an archivist's removable disk. Its chown and chmod answer ENOSYS,
 * and every file is what the mount gives it (here root's, 0700). Until now the first output there
 * failed as "unexpected failure: ENOSYS … fchown" (exit 70), leaving an empty `.partial` folder; now
 * an output goes there when the mount lets nobody but the service, root and the role's group in, and
 * is refused, before anything is left, when it would not (output-access.test.ts: `strangersIn`).
 * Runs as root (FUSE mounts).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutputFiles } from '../src/adapters/output-files.js';
import { buildFatImage, mountFat } from './support/fat-volume.js';

describe('outputs on a FAT32 disk (no owners, no modes)', () => {
  const dir = fs.mkdtempSync(path.join('/var/tmp', 'ev-output-fat-'));
  let disk: ReturnType<typeof mountFat>;
  const warnings: Record<string, unknown>[] = [];
  const log = { warn: (o: Record<string, unknown>) => warnings.push(o), info: () => undefined } as unknown as ConstructorParameters<typeof OutputFiles>[1];
  beforeAll(() => {
    // Others may pass through to the mounts (as to a disk under /media): what they may read there is the mount's to say.
    fs.chmodSync(dir, 0o711);
    const image = path.join(dir, 'archive.img');
    buildFatImage(image, [], 64, 'ARCHIVE');
    disk = mountFat(image, path.join(dir, 'disk'), 'rw+');
  });
  afterAll(() => {
    disk?.unmount();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('are written as the mount keeps them, when that lets nobody else in, and said so once in the log', async () => {
    // The archivists' group (any group but root's): the disk cannot take it.
    const out = new OutputFiles(4242, log);
    const folder = await out.mkdirp(path.join(disk.mountPoint, '2026Q2.partial', 'data'));
    await out.writeFile(path.join(folder, 'manifest-sha256.txt'), 'abc  data/x\n', { durable: true });
    fs.writeFileSync(path.join(folder, 'made-by-a-worker'), 'bytes');
    await out.adopt(path.join(folder, 'made-by-a-worker'), { sealed: true });
    expect(fs.readFileSync(path.join(folder, 'manifest-sha256.txt'), 'utf8')).toBe('abc  data/x\n');
    const st = fs.statSync(path.join(folder, 'made-by-a-worker'));
    expect([st.mode & 0o777, st.uid, st.gid]).toEqual([0o700, 0, 0]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ fsType: 'fuse.fusefat', mode: '700', uid: 0, gid: 0 });
  });

  it('are refused, and what was just made removed, on a FUSE mount open to every account whose modes nobody checks', async () => {
    const image = path.join(dir, 'open.img');
    buildFatImage(image, [], 64, 'OPEN');
    const open = mountFat(image, path.join(dir, 'open'), 'rw+,allow_other');
    try {
      const out = new OutputFiles(4242);
      const err = await out.mkdirp(path.join(open.mountPoint, '2026Q2.partial')).catch((e: Error) => e);
      expect(String(err)).toMatch(/allow_other and without default_permissions.*every account on this PC could read or change what is written there: nothing is written/);
      expect(fs.readdirSync(open.mountPoint).filter((n) => n !== 'OPEN')).toEqual([]);
      const file = path.join(open.mountPoint, 'register.csv');
      await expect(out.writeFile(file, 'footage facts')).rejects.toThrow(/every account on this PC/);
      expect(fs.existsSync(file)).toBe(false);
      // What everyone could read there is exactly what the refusal is about: any account reads a file put there.
      fs.writeFileSync(file, 'x');
      expect(spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'cat', file]).status).toBe(0);
    } finally {
      open.unmount();
    }
  });
});
