/**
 * The dock screen as the custodian sees it: a real daemon ingests two recorders (FAT32 images mounted
 * with FUSE) and keeps its page up to date; the page, read while they copy, shows both with progress,
 * then both done; rendered by the real headless Chromium it has no console error, fetches nothing and
 * draws its Chinese in a CJK font (no tofu). The page's file is 0640 with the custodians' group.
 * `status --html FILE` writes the same page once. No file name ever reaches it, a classified one least.
 * The screenshot is kept at test-results/dock-screen.png.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChromiumPrinter } from '../src/adapters/chromium-print.js';
import { fusePid, mountRecorder, stopCardWhen, type Mounted } from './support/fat-volume.js';
import { makeVideo, recorderFileName, todayStamp } from './support/media.js';
import { makeWorkspace, runCli, runJson, type RecordingJson } from './support/cli.js';
import { startDaemon, withDockConfig, type RunningDaemon } from './support/daemon.js';
import { decodePng } from './support/png.js';
import { waitFor } from './support/wait.js';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--force-device-scale-factor=1', '--hide-scrollbars'];
const ARTIFACTS = path.join(import.meta.dirname, '..', 'test-results');
const today = todayStamp();
const name = (device: string, officer: string, hhmmss: string, seq: number) => recorderFileName({ device, officer, stamp: `${today}${hhmmss}`, seq });

interface Card {
  recorder: string;
  state: string;
  percent: number;
  filesDone: number;
  filesTotal: number;
}

/** The recorder cards of a page, from its language-neutral data attributes. */
function cards(html: string): Card[] {
  return [...html.matchAll(/<div class="card[^"]*" data-recorder="([^"]*)" data-state="(\w+)" data-files-done="(\d+)" data-files-total="(\d+)" data-percent="(\d+)">/g)].map((m) => ({
    recorder: m[1]!,
    state: m[2]!,
    filesDone: Number(m[3]),
    filesTotal: Number(m[4]),
    percent: Number(m[5]),
  }));
}

describe('the dock screen', () => {
  const ws = makeWorkspace('ev-screen-');
  const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
  const page = path.join(path.dirname(ws.catalog), 'dock-screen.html');
  const read = () => {
    try {
      return fs.readFileSync(page, 'utf8');
    } catch {
      return null;
    }
  };
  const mounts: Mounted[] = [];
  const seen: Card[][] = [];
  let daemon: RunningDaemon;
  let mediaRoot: string;
  let finalPage = '';
  let names: string[] = [];
  let stoppedCard = 0;
  const chromium = (args: string[]) => {
    const profile = fs.mkdtempSync(path.join(ws.dir, 'profile-'));
    return spawnSync('chromium', [...FLAGS, `--user-data-dir=${profile}`, ...args], { encoding: 'utf8', timeout: 90_000 });
  };

  beforeAll(async () => {
    mediaRoot = withDockConfig(ws.config, ws.dir);
    const clip = path.join(ws.dir, 'clip.mp4');
    makeVideo(clip, 1);
    const big = path.join(ws.dir, 'big.bin');
    // Large enough to stop recorder A's card in the middle of it (below): on a quiet machine a whole
    // recorder could be copied between two of the page's rewrites (every ~2 s), and no page showed it part-way.
    execFileSync('head', ['-c', String(160 * 1024 * 1024), '/dev/urandom'], { stdio: ['ignore', fs.openSync(big, 'w'), 'inherit'] });
    for (const [o, n] of [['110102', '李四'], ['110103', '王五'], ['110104', '赵六']]) expect(cli('officer', 'add', '--id', o!, '--name', n!).status).toBe(0);
    for (const d of ['0002001', '0002002', '0005678']) {
      expect(cli('device', 'add', '--number', d, '--brand', '海康威视', '--model', 'DSJ-A8').status).toBe(0);
      expect(cli('device', 'identify', d, '--volume', 'file-names').status).toBe(0);
    }
    expect(cli('device', 'assign', '0002001', '110102', '--from', '2020-01-01').status).toBe(0);
    expect(cli('device', 'assign', '0002002', '110103', '--from', '2020-01-01').status).toBe(0);
    expect(cli('device', 'assign', '0005678', '110104', '--from', '2020-01-01').status).toBe(0);
    daemon = startDaemon(ws.config);
    await waitFor('the first page', () => read()?.includes('接入服务运行中'), 30_000, 50);

    // Two recorders docked at once, each with a large file so the copy takes a while.
    const files = (device: string, officer: string) => [
      { path: `DCIM/${name(device, officer, '080000', 1)}`, from: clip },
      { path: `DCIM/${name(device, officer, '081000', 2)}`, from: big },
      { path: `DCIM/${name(device, officer, '090000', 3)}`, from: clip },
    ];
    const one = files('0002001', '110102');
    const two = files('0002002', '110103');
    names = [...one, ...two].map((f) => path.basename(f.path));
    mounts.push(mountRecorder(path.join(ws.dir, 'a.img'), path.join(mediaRoot, 'rec-a'), one));
    mounts.push(mountRecorder(path.join(ws.dir, 'b.img'), path.join(mediaRoot, 'rec-b'), two));
    const pageCards = () => {
      const c = cards(read() ?? '');
      if (c.length) seen.push(c);
      return c;
    };
    // Recorder A's card stopped in the middle of its large file (its FUSE process has read 60 MiB of
    // the image), as a slow card would be: a page then shows it part-way whatever the machine's speed.
    // Found while nothing is stopped (a process listing would hang on a stopped mount).
    const cardA = fusePid(path.join(mediaRoot, 'rec-a'));
    stoppedCard = cardA;
    await stopCardWhen(cardA, 'recorder 0002001 in its large file', (read) => read > 60 * 1024 * 1024 && read < 120 * 1024 * 1024);
    await waitFor('a page with recorder 0002001 part-way', () => pageCards().some((x) => x.recorder === '0002001' && x.state === 'ingesting' && x.percent > 0 && x.percent < 100), 60_000, 25);
    process.kill(cardA, 'SIGCONT');
    stoppedCard = 0;
    // Every page the screen shows until both are done, read as the browser would.
    finalPage = await waitFor(
      'both recorders done on the screen',
      () => {
        const html = read();
        if (!html) return null;
        const c = cards(html);
        if (c.length) seen.push(c);
        return c.filter((x) => x.state === 'done').length === 2 && html.includes('data-outcome="done"') ? html : null;
      },
      120_000,
      25,
    );
  }, 240_000);

  afterAll(async () => {
    // A stopped card is continued before anything else, so nothing waits on it.
    if (stoppedCard) process.kill(stoppedCard, 'SIGCONT');
    daemon?.child.kill('SIGTERM');
    await daemon?.exited;
    for (const m of mounts) m.unmount();
    ws.cleanup();
  });

  it('shows both recorders with progress while they copy, then both done with everything stored', () => {
    const both = seen.find((c) => c.some((x) => x.recorder === '0002001') && c.some((x) => x.recorder === '0002002'));
    expect(both, 'a page with both recorders').toBeDefined();
    // Mid-copy: a recorder ingesting, part of its bytes done.
    const moving = seen.flat().filter((x) => x.state === 'ingesting' && x.percent > 0 && x.percent < 100);
    expect(moving.length, 'a page with a recorder part-way').toBeGreaterThan(0);
    const done = cards(finalPage);
    expect(done.map((c) => [c.recorder, c.state, c.filesDone, c.filesTotal, c.percent]).sort()).toEqual([
      ['0002001', 'done', 3, 3, 100],
      ['0002002', 'done', 3, 3, 100],
    ]);
    for (const words of ['记录仪 0002001', '李四（110102）', '记录仪 0002002', '王五（110103）', '今日已导入', '全部存储', '存储 3 个文件']) expect(finalPage).toContain(words);
    // Assigned, not docked today: the third recorder and its officer.
    expect(finalPage).toMatch(/data-recorder="0005678">0005678 · 赵六/);
  });

  it('keeps its file readable by the service user and the custodians\' group only, written whole', () => {
    const st = fs.statSync(page);
    expect(st.mode & 0o777).toBe(0o640);
    const custodians = spawnSync('getent', ['group', 'evidence-custodian'], { encoding: 'utf8' });
    const gid = custodians.status === 0 ? Number(custodians.stdout.split(':')[2]) : process.getegid!();
    // The daemon (root here) may give the file to the custodians' group when it exists; else its own.
    expect(st.gid).toBe(gid);
    // No temporary name left beside it.
    expect(fs.readdirSync(path.dirname(page)).filter((n) => n.includes('dock-screen') && n !== 'dock-screen.html')).toEqual([]);
  });

  it('never shows a file name, not even of a classified recording', async () => {
    const rows = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
    expect(rows).toHaveLength(6);
    const secret = rows.find((r) => r.deviceNumber === '0002001')!;
    expect(cli('recordings', 'classify', String(secret.id), '--level', 'internal', '--reason', '内部资料').status).toBe(0);
    const before = read()!;
    const after = await waitFor('a newer page', () => (read() !== before ? read() : null), 30_000, 50);
    for (const html of [before, after, finalPage]) {
      for (const n of [...names, ...rows.map((r) => r.originalName), ...rows.map((r) => path.basename(r.vaultPath))]) expect(html).not.toContain(n);
      expect(html).not.toContain(mediaRoot);
      expect(html).not.toContain('DCIM');
    }
  });

  it('renders in headless Chromium with no console error, nothing fetched, CJK glyphs (no tofu); screenshot kept', async () => {
    const copy = path.join(ws.dir, 'page.html');
    fs.copyFileSync(page, copy);
    // A probe: errors and console.error calls, resources fetched, and each Chinese character drawn
    // on a canvas in the page's font: a missing glyph (tofu) draws the same box for every character.
    const probe = path.join(ws.dir, 'probe.html');
    const catcher = `<script>window.__errors=[];addEventListener('error',e=>__errors.push(String(e.message||'error')),true);
      const ce=console.error;console.error=(...a)=>{__errors.push(a.join(' '));ce(...a)};
      addEventListener('load',()=>{const font=getComputedStyle(document.body).fontFamily;
        const draw=ch=>{const c=document.createElement('canvas');c.width=c.height=64;const g=c.getContext('2d');g.fillStyle='#fff';g.fillRect(0,0,64,64);g.fillStyle='#000';g.font='48px '+font;g.textBaseline='top';g.fillText(ch,4,4);
          const d=g.getImageData(0,0,64,64).data;let s='',ink=0;for(let i=0;i<d.length;i+=4){const b=d[i]<128?1:0;ink+=b;s+=b};return {s,ink}};
        const chars=[...'执法记录仪接入'].map(draw);const tofu=draw(String.fromCodePoint(0x10FFFD));
        document.documentElement.setAttribute('data-probe',JSON.stringify({errors:__errors,resources:performance.getEntriesByType('resource').map(r=>r.name),
          distinct:new Set(chars.map(c=>c.s)).size,likeTofu:chars.filter(c=>c.s===tofu.s).length,ink:chars.map(c=>c.ink)}))});</script>`;
    fs.writeFileSync(probe, fs.readFileSync(copy, 'utf8').replace('<head>', `<head>${catcher}`).replace(/<meta http-equiv="refresh"[^>]*>/, ''));
    const r = chromium(['--virtual-time-budget=2000', '--dump-dom', `file://${probe}`]);
    const found = /data-probe="([^"]*)"/.exec(r.stdout);
    expect(found, r.stderr).not.toBeNull();
    const result = JSON.parse(found![1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as { errors: string[]; resources: string[]; distinct: number; likeTofu: number; ink: number[] };
    expect(result.errors).toEqual([]);
    expect(result.resources).toEqual([]);
    expect(result.distinct).toBe(7);
    expect(result.likeTofu).toBe(0);
    expect(Math.min(...result.ink)).toBeGreaterThan(40);
    // Chromium's own log of the page itself: no console error, no failed load.
    const plain = chromium(['--enable-logging=stderr', '--v=0', '--dump-dom', `file://${copy}`]);
    expect(plain.status).toBe(0);
    expect(plain.stderr).not.toMatch(/CONSOLE.*(Uncaught|Error)|Failed to load resource|ERR_/);
    // The words come from a CJK font, which the printed page embeds.
    // Printed without its refresh: a page that reloads itself every 3 s while a slow machine prints it
    // leaves Chromium nothing to print ("wrote no PDF", seen under load).
    const printable = path.join(ws.dir, 'printable.html');
    fs.writeFileSync(printable, fs.readFileSync(copy, 'utf8').replace(/<meta http-equiv="refresh"[^>]*>/, ''));
    const pdf = path.join(ws.dir, 'page.pdf');
    await new ChromiumPrinter().pdf(printable, pdf);
    expect(spawnSync('pdffonts', [pdf], { encoding: 'utf8' }).stdout).toMatch(/(Noto\w*CJK|WenQuanYi|SourceHan)/i);
    expect(spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout).toContain('执法记录仪接入情况');
    // The screenshot, at a kiosk screen's size, kept for a person to look at.
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const png = path.join(ARTIFACTS, 'dock-screen.png');
    const shot = chromium(['--window-size=1920,1080', `--screenshot=${png}`, `file://${copy}`]);
    expect(fs.existsSync(png), shot.stderr).toBe(true);
    const pic = decodePng(fs.readFileSync(png));
    expect(pic.width).toBe(1920);
    let dark = 0;
    for (let y = 0; y < pic.height; y += 4) for (let x = 0; x < pic.width; x += 4) if (pic.rgb(x, y).every((v) => v < 100)) dark++;
    expect(dark).toBeGreaterThan(500);
  });

  it('status --html FILE writes the same page once (no refresh), 0640, never over an earlier one', () => {
    const out = path.join(ws.dir, 'printout', 'screen.html');
    // A person's page speaks their locale (no `language` in this config): Chinese here, English below.
    const zh = { LANGUAGE: '', LC_ALL: '', LC_MESSAGES: '', LANG: 'zh_CN.UTF-8' };
    const r = runJson<{ path: string; sha256: string }>(['--config', ws.config, 'status', '--html', out], zh);
    expect(r.path).toBe(out);
    const html = fs.readFileSync(out, 'utf8');
    expect(cards(html).map((c) => [c.recorder, c.state]).sort()).toEqual([
      ['0002001', 'done'],
      ['0002002', 'done'],
    ]);
    expect(html).not.toContain('http-equiv="refresh"');
    expect(html).toContain('一次性生成');
    expect(fs.statSync(out).mode & 0o777).toBe(0o640);
    const again = cli('status', '--html', out);
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('never overwritten');
    expect(fs.readFileSync(out, 'utf8')).toBe(html);
    // Not into the vault, not through a planted link, not a file that is not HTML.
    const inVault = cli('status', '--html', path.join(ws.vault, 'screen.html'));
    expect(inVault.status).toBe(77);
    expect(inVault.stderr).toContain(`--html ${ws.vault}`);
    const link = path.join(ws.dir, 'printout', 'link.html');
    fs.symlinkSync(path.join(ws.dir, 'elsewhere.html'), link);
    expect(cli('status', '--html', link).status).toBe(2);
    expect(fs.existsSync(path.join(ws.dir, 'elsewhere.html'))).toBe(false);
    expect(cli('status', '--html', path.join(ws.dir, 'printout', 'screen.json')).status).toBe(2);
    for (const n of names) expect(html).not.toContain(n);
    const en = path.join(ws.dir, 'printout', 'screen-en.html');
    expect(runCli(['--config', ws.config, 'status', '--html', en], { LC_ALL: '', LC_MESSAGES: '', LANG: 'en_GB.UTF-8' }).status).toBe(0);
    const english = fs.readFileSync(en, 'utf8');
    expect(english).toContain('<html lang="en">');
    expect(english).toContain('Recorder 0002001');
    // The service's own page stays Chinese whatever the locale it runs in (config `language` unset).
    expect(read()).toContain('<html lang="zh-CN">');
  });
});
