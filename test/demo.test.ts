/**
 * The README's first steps, in a copy of the checkout (its own ./data): `npm start` starts the dock
 * service on the built-in default, `npm run demo` docks two pretend recorders (FAT32 images mounted
 * with fusefat, scripts/simulate-dock) which the service stores, and `npm stop` stops it and undocks
 * them. What a new user sees on their terminal is checked too: no tool's debugging lines.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT, type RecordingJson } from './support/cli.js';
import { exitOf, waitFor } from './support/wait.js';

describe('npm start, npm run demo, npm stop', { timeout: 120_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-demo-'));
  // The program, its scripts and its default config copied (the default's data folder is beside the
  // config that names it), the packages linked.
  for (const part of ['dist', 'config', 'scripts', 'package.json']) fs.cpSync(path.join(PROJECT_ROOT, part), path.join(dir, part), { recursive: true });
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const media = path.join(dir, 'data', 'media');
  const mounted = () => fs.readFileSync('/proc/self/mountinfo', 'utf8').split('\n').filter((l) => l.includes(` ${media}/`));
  afterAll(() => {
    spawnSync('bash', [path.join(dir, 'scripts', 'stop.sh')], { stdio: 'ignore' });
    for (const line of mounted()) spawnSync('fusermount', ['-u', '-z', line.split(' ')[4]!]);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const script = async (name: string) => {
    const child = spawn('bash', [path.join(dir, 'scripts', name)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    const code = await exitOf(child);
    return { code, out };
  };
  const cli = <T>(...args: string[]): T => {
    const r = spawnSync(process.execPath, [path.join(dir, 'dist/bundle/evidence-vault.cjs'), ...args, '--json'], { cwd: dir, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as T;
  };

  it('docks two pretend recorders into the service, which stores their six clips; stop undocks them', async () => {
    const start = await script('start.sh');
    expect(start.code, start.out).toBe(0);
    expect(start.out).toContain(`file://${path.join(fs.realpathSync(dir), 'data/catalogue/dock-screen.html')}`);

    const demo = await script('demo.sh');
    expect(demo.code, demo.out).toBe(0);
    expect(demo.out).toContain('docked pretend recorder 0001234');
    expect(demo.out).toContain('docked pretend recorder 0005678');
    // fusefat's reading of the FAT (fat type, offsets, free clusters) is not the person's to read.
    expect(demo.out).not.toMatch(/fat type|Fsioff|freecnt|dataclusters/);
    expect(mounted()).toHaveLength(2);

    const stored = await waitFor('both pretend recorders stored', () => {
      const list = cli<RecordingJson[]>('recordings', 'list');
      return list.length === 6 && list;
    }, 60_000, 250);
    expect(stored.map((r) => r.deviceNumber).sort()).toEqual(['0001234', '0001234', '0001234', '0005678', '0005678', '0005678']);
    expect(new Set(stored.map((r) => r.officerId))).toEqual(new Set(['110101', '110102']));

    const stop = await script('stop.sh');
    expect(stop.code, stop.out).toBe(0);
    expect(stop.out).toContain('dock service stopped');
    expect(mounted()).toEqual([]);
  });
});
