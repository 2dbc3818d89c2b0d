/**
 * Red team for issues 15 and 16 (the dock screen and `status --html`, the small-file path, the
 * findings stream, the run's language, the developer scripts): holes found by attacking what was
 * built, each kept as a test.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { filesBelow } from './support/files.js';
import { makeVideo } from './support/media.js';
import { makeWorkspace, PROJECT_ROOT, runCli } from './support/cli.js';
import { startDaemon, withDockConfig } from './support/daemon.js';
import { FileWorkers } from '../src/adapters/file-workers.js';
import { exitOf, waitFor } from './support/wait.js';

describe('red team 16: the service\'s dock screen never written into the vault', { timeout: 120_000 }, () => {
  const ws = makeWorkspace('ev-red16-screen-');
  afterAll(() => ws.cleanup());

  it("refuses a page folder swapped for a link into the vault (the config's check compares the names as written)", async () => {
    const screen = path.join(ws.dir, 'screen');
    fs.mkdirSync(screen);
    withDockConfig(ws.config, ws.dir, { dockScreen: path.join(screen, 'dock-screen.html') });
    const before = filesBelow(ws.vault).sort();
    const daemon = startDaemon(ws.config);
    try {
      await waitFor('the first page', () => fs.existsSync(path.join(screen, 'dock-screen.html')), 30_000, 50);
      // Someone who can write the page's folder swaps it for a link to the vault.
      fs.renameSync(screen, `${screen}.old`);
      fs.symlinkSync(ws.vault, screen);
      const inVault = path.join(ws.vault, 'dock-screen.html');
      await waitFor('the refusal in the log, or a page in the vault', () => fs.existsSync(inVault) || /dock screen[^\n]*lies in the protected folder/.test(daemon.stderr()), 30_000, 50);
      expect(fs.existsSync(inVault), 'a page written into the vault').toBe(false);
      expect(filesBelow(ws.vault).sort()).toEqual(before);
    } finally {
      daemon.child.kill('SIGTERM');
      await daemon.exited;
    }
    // The service's last page (written as it stops) went nowhere near the vault either.
    expect(filesBelow(ws.vault).sort()).toEqual(before);
  });
});

describe('red team 16: status --html as a careless person types it', { timeout: 60_000 }, () => {
  const ws = makeWorkspace('ev-red16-html-');
  afterAll(() => ws.cleanup());
  const status = (...args: string[]) => runCli(['--config', ws.config, 'status', ...args]);

  it('refuses a name that is not .html in one language at a time', () => {
    const en = status('--html', path.join(ws.dir, 'page.txt'), '--lang', 'en');
    expect(en.status).toBe(2);
    expect(en.stderr).toContain('the page is HTML; name the file .html');
    expect(en.stderr, 'no Chinese in the English').not.toMatch(/[\u4e00-\u9fff]/);
    const zh = status('--html', path.join(ws.dir, 'page.txt'), '--lang', 'zh');
    expect(zh.status).toBe(2);
    expect(zh.stderr).toContain('文件名须以 .html 结尾');
    expect(zh.stderr).not.toContain('the page is HTML');
  });

  it('writes Page.HTML under the name typed, and then refuses to overwrite it', () => {
    const page = path.join(ws.dir, 'out', 'Page.HTML');
    const first = status('--html', page, '--lang', 'en');
    expect(first.status, first.stderr).toBe(0);
    expect(fs.readdirSync(path.dirname(page))).toEqual(['Page.HTML']);
    const again = status('--html', page, '--lang', 'en');
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('never overwritten');
  });
});

/**
 * npm start / npm stop in a copy of the checkout whose CLI is a stand-in (the scripts are what is
 * tested): `daemon` writes the page and waits for SIGTERM, `init` makes the catalogue's file.
 */
describe('red team 16: npm start and npm stop trust only their own service', { timeout: 60_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-red16-scripts-'));
  const others: ChildProcess[] = [];
  afterAll(async () => {
    for (const pid of daemons()) process.kill(pid, 'SIGKILL');
    for (const c of others) c.kill('SIGKILL');
    fs.rmSync(dir, { recursive: true, force: true });
  });
  fs.mkdirSync(path.join(dir, 'scripts'));
  for (const s of ['start.sh', 'stop.sh', 'daemon-pid.sh']) fs.copyFileSync(path.join(PROJECT_ROOT, 'scripts', s), path.join(dir, 'scripts', s));
  fs.mkdirSync(path.join(dir, 'dist', 'bundle'), { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'dist', 'bundle', 'evidence-vault.cjs'),
    `const fs = require('node:fs');
const cmd = process.argv[2];
fs.mkdirSync('data/catalogue', { recursive: true });
if (cmd === 'init') fs.writeFileSync('data/catalogue/catalog.sqlite', '');
if (cmd === 'daemon') {
  fs.writeFileSync('data/catalogue/dock-screen.html', '<p>page</p>');
  process.on('SIGTERM', () => process.exit(0));
  setInterval(() => {}, 1000);
}
`,
  );
  fs.writeFileSync(path.join(dir, 'package.json'), '{"type":"commonjs"}');
  const real = fs.realpathSync(dir);
  /** The stand-in services running in this copy. */
  const daemons = (): number[] =>
    fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n)).map(Number).filter((pid) => {
      try {
        return fs.readlinkSync(`/proc/${pid}/cwd`) === real && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('daemon');
      } catch {
        return false;
      }
    });
  const script = (name: string) => {
    const child = spawn('bash', [path.join(dir, 'scripts', name)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    child.stderr.on('data', (b: Buffer) => (out += b.toString()));
    return exitOf(child).then((code) => ({ code, out }));
  };

  it('npm stop leaves alone a process that took a dead service\'s pid', async () => {
    fs.mkdirSync(path.join(dir, 'data'), { recursive: true });
    const unrelated = spawn('sleep', ['600'], { stdio: 'ignore' });
    others.push(unrelated);
    fs.writeFileSync(path.join(dir, 'data', 'daemon.pid'), `${unrelated.pid}\n`);
    const stop = await script('stop.sh');
    expect(stop.code, stop.out).toBe(0);
    expect(stop.out).toContain('the dock service is not running');
    expect(unrelated.exitCode === null && unrelated.signalCode === null, 'the unrelated process still runs').toBe(true);
  });

  it('npm start run twice at once starts one service, npm start over a stale pid starts it, npm stop stops it', async () => {
    const unrelated = spawn('sleep', ['600'], { stdio: 'ignore' });
    others.push(unrelated);
    fs.writeFileSync(path.join(dir, 'data', 'daemon.pid'), `${unrelated.pid}\n`);
    const [a, b] = await Promise.all([script('start.sh'), script('start.sh')]);
    expect(a.code, a.out).toBe(0);
    expect(b.code, b.out).toBe(0);
    expect(daemons()).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, 'data', 'daemon.pid'), 'utf8').trim()).toBe(String(daemons()[0]));
    const stop = await script('stop.sh');
    expect(stop.out).toContain('dock service stopped');
    await waitFor('no service left', () => daemons().length === 0, 10_000, 50);
    expect(unrelated.exitCode === null && unrelated.signalCode === null).toBe(true);
  });
});

describe('red team 16: verify meets a vault folder it cannot read after findings went out', { timeout: 120_000 }, () => {
  const ws = makeWorkspace('ev-red16-verify-');
  afterAll(() => {
    // Deeper than PATH_MAX: removed by rm (openat), not by a path.
    spawnSync('rm', ['-rf', ws.vault]);
    ws.cleanup();
  });

  it('names the folder as unreadable, keeps every earlier finding, and puts them on the record', () => {
    const card = path.join(ws.dir, 'card', 'DCIM');
    fs.mkdirSync(card, { recursive: true });
    for (let i = 1; i <= 3; i++) makeVideo(path.join(card, `0001234_110101_2026051507${i}000_000${i}.MP4`), 1);
    const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
    expect(cli('device', 'add', '--number', '0001234', '--brand', 'B', '--model', 'M').status).toBe(0);
    expect(cli('ingest', path.join(ws.dir, 'card'), '--device', '0001234').status).toBe(0);
    const stored = filesBelow(ws.vault).filter((f) => f.endsWith('.MP4'));
    expect(stored).toHaveLength(3);
    for (const f of stored.slice(0, 2)) fs.rmSync(path.join(ws.vault, f));
    // A folder nested past PATH_MAX inside the footage tree (made a step at a time, as a careless copy would).
    const top = fs.readdirSync(ws.vault).find((n) => n !== 'README.txt' && fs.statSync(path.join(ws.vault, n)).isDirectory() && !n.startsWith('.'))!;
    const made = spawnSync('bash', ['-c', `cd "$1" && for i in $(seq 1 22); do mkdir "$2" && cd "$2"; done && touch x`, '-', path.join(ws.vault, top), 'd'.repeat(200)]);
    expect(made.status, made.stderr?.toString()).toBe(0);

    const r = cli('verify', '--json', '--lang', 'en');
    expect(r.status, r.stderr).toBe(1);
    const out = JSON.parse(r.stdout) as { problems: { kind: string; vaultPath: string }[]; problemCount: number; incomplete?: boolean };
    expect(out.incomplete).toBeUndefined();
    expect(out.problems.filter((p) => p.kind === 'missing').map((p) => p.vaultPath).sort()).toEqual(stored.slice(0, 2).sort());
    expect(out.problems.filter((p) => p.kind === 'unreadable')).toHaveLength(1);
    const trail = JSON.parse(cli('audit', 'log', '--json').stdout) as { action: string; outcome: string; details: { problems?: { kind: string }[] } }[];
    const entry = trail.filter((e) => e.action === 'verify').at(-1)!;
    expect(entry.details.problems?.map((p) => p.kind).sort()).toEqual(['missing', 'missing', 'unreadable']);
  });
});

describe('red team 16: a source swapped for a FIFO before its hash', { timeout: 30_000 }, () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-red16-fifo-'));
  const workers = new FileWorkers(1, 2);
  const fifo = path.join(dir, 'IMG_0001.JPG');
  afterAll(async () => {
    // Without the fix the worker waits in open(2): a writer lets it go, so the threads can close.
    fs.closeSync(fs.openSync(fifo, fs.constants.O_RDWR));
    await workers.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is refused at once, not waited on for ever (ingest hashes a source whose name and size were stored before)', async () => {
    spawnSync('mkfifo', [fifo]);
    const outcome = await workers.hash(fifo).then(() => 'read', (err: Error) => err.message);
    expect(outcome).toMatch(/not a regular file/);
  });
});
