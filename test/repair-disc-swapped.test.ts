/**
 * `repair --from` a disc that is not the one it listed by the time it extracts (a custodian swapping
 * discs in the drive, an image rewritten meanwhile): what is at the path then (a FIFO, a read-only
 * folder with files in it) is refused and the next source tried, with nothing left in the staging
 * area and no wait for ever; and a disc written elsewhere does not give its owner to the restored copy.
 * The swap happens between the listing and the extraction through a stand-in for xorriso on PATH
 * that replaces the image once, at the first extraction, then runs the real one.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, runCli, startCli, type RecordingJson } from './support/cli.js';
import { flipByte } from './support/tamper.js';
import { waitFor } from './support/wait.js';

interface RepairJson {
  restored: { id: number; from: string }[];
  unresolved: { id: number; reason: string }[];
  sources: { path: string; kind: string | null; status: string; detail?: string }[];
}

describe('repair from a disc swapped after its listing', () => {
  const ws = makeWorkspace('ev-repair-swap-');
  const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
  const card = path.join(ws.dir, 'card', 'DCIM');
  const bag = path.join(ws.dir, 'archive', '2026Q3');
  const wrap = path.join(ws.dir, 'wrap');
  let rec: RecordingJson;
  let goodImage: string;

  /** An image of `tree` (a folder), written by the real xorriso with `extra` options before the commit. */
  const image = (name: string, tree: string, ...extra: string[]) => {
    const out = path.join(ws.dir, `${name}.iso`);
    execFileSync('xorriso', ['-outdev', out, '-rockridge', 'on', '-map', tree, '/', ...extra, '-commit'], { stdio: 'ignore' });
    return out;
  };

  /** Run repair with the stand-in xorriso that puts `swapTo` in place of `drive` at the first extraction. */
  const repairWithSwap = async (drive: string, swapTo: string): Promise<{ status: number | null; out: RepairJson }> => {
    const done = path.join(ws.dir, `swapped-${path.basename(swapTo)}`);
    const child = startCli(['--config', ws.config, 'repair', String(rec.id), '--from', drive, '--from', bag, '--json'], {
      PATH: `${wrap}:${process.env.PATH}`,
      SWAP_DRIVE: drive,
      SWAP_TO: swapTo,
      SWAP_DONE: done,
    });
    let stdout = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    // Before, a FIFO found at the path held the run for ever: a deadline, not a hang of the suite (nor
    // of the next test, which would wait for the recording's lock the hung run holds).
    try {
      await waitFor('the repair to end', () => child.exitCode !== null, 40_000, 50);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    await new Promise((r) => setImmediate(r));
    expect(fs.existsSync(done)).toBe(true); // the swap did happen between the listing and an extraction
    return { status: child.exitCode, out: JSON.parse(stdout) as RepairJson };
  };

  const staged = () => (fs.readdirSync(path.join(ws.vault, '.incoming'), { recursive: true }) as string[]).filter((f) => !f.endsWith('.lock'));

  beforeAll(() => {
    fs.mkdirSync(card, { recursive: true });
    fs.writeFileSync(path.join(card, '0001234_110101_20260801090000_0001.MP4'), randomBytes(300 * 1024));
    expect(cli('ingest', path.join(ws.dir, 'card'), '--device', '0001234').status).toBe(0);
    rec = (JSON.parse(cli('recordings', 'list', '--json').stdout) as RecordingJson[])[0]!;
    expect(cli('export', 'quarter', '2026Q3', '--out', path.join(ws.dir, 'archive')).status).toBe(0);
    // The good disc: the recording at its vault path, as disc build writes it.
    const good = path.join(ws.dir, 'good');
    fs.mkdirSync(path.dirname(path.join(good, rec.vaultPath)), { recursive: true });
    fs.copyFileSync(path.join(bag, 'data', rec.vaultPath), path.join(good, rec.vaultPath));
    goodImage = image('good', good);
    fs.mkdirSync(wrap);
    const real = execFileSync('sh', ['-c', 'command -v xorriso'], { encoding: 'utf8' }).trim();
    fs.writeFileSync(
      path.join(wrap, 'xorriso'),
      `#!/bin/sh\ncase "$*" in *-extract*) [ -e "$SWAP_DONE" ] || { cp "$SWAP_TO" "$SWAP_DRIVE"; touch "$SWAP_DONE"; };; esac\nexec ${real} "$@"\n`,
      { mode: 0o755 },
    );
  });

  afterAll(() => ws.cleanup());

  /** A disc whose file at the recording's path is made by `make` (given that path in a fresh tree). */
  const swappedDisc = (name: string, make: (at: string) => void, ...extra: string[]) => {
    const tree = path.join(ws.dir, name);
    const at = path.join(tree, rec.vaultPath);
    fs.mkdirSync(path.dirname(at), { recursive: true });
    make(at);
    return image(name, tree, ...extra);
  };

  for (const [what, make, extra] of [
    ['a FIFO', (at: string) => execFileSync('mkfifo', [at]), []],
    ['a read-only folder with files in it', (at: string) => {
      fs.mkdirSync(path.join(at, 'sub'), { recursive: true });
      fs.writeFileSync(path.join(at, 'sub', 'f'), 'x'.repeat(1000));
    }, ['-chmod_r', '0555', '/' + '%PATH%', '--']],
  ] as const) {
    it(`${what} at the path by the time it is extracted: refused, the next source used, nothing left behind`, async () => {
      const swapTo = swappedDisc(`swap-${what.length}`, make, ...extra.map((e) => e.replace('%PATH%', rec.vaultPath)));
      const drive = path.join(ws.dir, `drive-${what.length}.iso`);
      fs.copyFileSync(goodImage, drive);
      flipByte(path.join(ws.vault, rec.vaultPath), 100);
      const { status, out } = await repairWithSwap(drive, swapTo);
      expect(status).toBe(0);
      expect(out.restored).toEqual([expect.objectContaining({ id: rec.id, from: path.join(bag, 'data', rec.vaultPath) })]);
      expect(out.sources).toContainEqual(expect.objectContaining({ path: `${drive}:/${rec.vaultPath}`, status: 'unreadable', detail: expect.stringContaining('not a regular file') }));
      expect(staged()).toEqual([]);
      expect(cli('verify').status).toBe(0);
    });
  }

  it('a read-only folder left in the staging area by a killed run is removed by the next command, run as an account that is not root', () => {
    // Root removes anything; the service account could not remove a file from a folder of mode 0555,
    // and every command begins by clearing dead runs' staging folders.
    const vault = fs.mkdtempSync(path.join('/var/tmp', 'ev-staging-ro-'));
    try {
      const part = path.join(vault, '.incoming', '999999-dead', 'x.part');
      fs.mkdirSync(path.join(part, 'sub'), { recursive: true });
      fs.writeFileSync(path.join(part, 'sub', 'f'), 'x');
      fs.chmodSync(path.join(part, 'sub'), 0o555);
      fs.chmodSync(part, 0o555);
      fs.chmodSync(vault, 0o755);
      execFileSync('chown', ['-R', '65534:65534', vault]);
      const module = path.resolve('dist/src/adapters/staging-area.js');
      const script = `import(${JSON.stringify(module)}).then((m) => console.log(m.StagingArea.cleanLeftovers(${JSON.stringify(vault)})))`;
      const out = execFileSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, '-e', script], { encoding: 'utf8' });
      expect(out.trim()).toBe('1');
      expect(fs.readdirSync(path.join(vault, '.incoming'))).toEqual([]);
    } finally {
      fs.rmSync(vault, { recursive: true, force: true });
    }
  });

  it('a copy from a disc written elsewhere is this account\'s, not the disc\'s owner\'s', () => {
    const foreign = swappedDisc('foreign', (at) => fs.copyFileSync(path.join(bag, 'data', rec.vaultPath), at), '-chown_r', '1000', '/', '--', '-chgrp_r', '1000', '/', '--', '-chmod_r', '06777', '/', '--');
    flipByte(path.join(ws.vault, rec.vaultPath), 200);
    const r = cli('repair', String(rec.id), '--from', foreign, '--json');
    expect(r.status, r.stderr).toBe(0);
    expect((JSON.parse(r.stdout) as RepairJson).restored).toEqual([expect.objectContaining({ id: rec.id, from: `${foreign}:/${rec.vaultPath}` })]);
    const st = fs.statSync(path.join(ws.vault, rec.vaultPath));
    expect([st.uid, st.gid, st.mode & 0o7777]).toEqual([process.getuid!(), process.getgid!(), 0o444]);
  });
});
