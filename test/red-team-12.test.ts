/**
 * Red team for issue 12: holes found by attacking what was built, each kept as a test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVideo } from './support/media.js';
import { makeWorkspace, runCli, runJson, startCli, type RecordingJson } from './support/cli.js';
import { filesBelow } from './support/files.js';
import { exitOf } from './support/wait.js';

const FOOTAGE = '现场执法记录仪影像资料';

function collect(child: ReturnType<typeof startCli>): { text: () => string } {
  let text = '';
  child.stdout!.on('data', (d: Buffer) => (text += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (text += d.toString()));
  return { text: () => text };
}

describe('red team 12: recordings attribute', () => {
  const ws = makeWorkspace('ev-red12-attr-');
  const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
  const list = () => runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
  let ids: number[] = [];

  beforeAll(() => {
    const source = path.join(ws.dir, 'REC_LOST');
    fs.mkdirSync(source);
    const first = path.join(source, 'm01.MP4');
    makeVideo(first, 1, { creationTime: '2026-05-15T01:00:00Z' });
    // Thirty distinct files (one trailing byte apart) from one unknown recorder: thirty quarantined recordings.
    for (let i = 2; i <= 30; i++) fs.writeFileSync(path.join(source, `m${String(i).padStart(2, '0')}.MP4`), Buffer.concat([fs.readFileSync(first), Buffer.from([i])]));
    for (const n of ['0001234', '0005678']) expect(cli('device', 'add', '--number', n, '--brand', 'X', '--model', 'Y').status).toBe(0);
    expect(cli('ingest', source).status).toBe(0);
    ids = list().map((r) => r.id);
    expect(ids).toHaveLength(30);
  }, 120_000);
  afterAll(() => ws.cleanup());

  it('two attributions of the same recordings at once leave no second name behind and no unexpected failure', async () => {
    // Opposite orders: the two runs meet in the middle, both reading a row the other then moves.
    const a = startCli(['--config', ws.config, 'recordings', 'attribute', ...ids.map(String), '--device', '0001234', '--reason', 'a']);
    const b = startCli(['--config', ws.config, 'recordings', 'attribute', ...[...ids].reverse().map(String), '--device', '0005678', '--reason', 'b']);
    const [outA, outB] = [collect(a), collect(b)];
    const [codeA, codeB] = await Promise.all([exitOf(a), exitOf(b)]);
    for (const [code, out] of [[codeA, outA], [codeB, outB]] as const) {
      expect([0, 75], out.text()).toContain(code);
      expect(out.text()).not.toMatch(/unexpected failure|ENOENT/);
    }
    const catalogued = new Set(list().map((r) => r.vaultPath));
    const onDisk = filesBelow(ws.vault).filter((f) => f.startsWith(`${FOOTAGE}/`) && !f.includes('案件'));
    expect(onDisk.filter((f) => !catalogued.has(f))).toEqual([]);
    const v = cli('verify');
    expect(v.status, v.stdout + v.stderr).toBe(0);
  }, 120_000);

  it('a run killed after its commit leaves the old name; running the same attribution again removes it', () => {
    const r = list().find((x) => x.deviceNumber === '0001234') ?? list()[0]!;
    const shown = runJson<RecordingJson & { attributions: { oldVaultPath: string }[] }>(['--config', ws.config, 'recordings', 'show', String(r.id)]);
    const old = shown.attributions.at(-1)!.oldVaultPath;
    // What kill -9 between the catalogue commit and the unlink of the old name leaves: one file, two names.
    fs.mkdirSync(path.dirname(path.join(ws.vault, old)), { recursive: true });
    fs.linkSync(path.join(ws.vault, r.vaultPath), path.join(ws.vault, old));
    expect(cli('verify').status).toBe(1);
    const again = cli('recordings', 'attribute', String(r.id), '--device', r.deviceNumber!, '--reason', 'rerun after a crash');
    expect(again.status, again.stderr).toBe(0);
    expect(fs.existsSync(path.join(ws.vault, old))).toBe(false);
    expect(fs.existsSync(path.join(ws.vault, r.vaultPath))).toBe(true);
    const v = cli('verify');
    expect(v.status, v.stdout + v.stderr).toBe(0);
  });
});

describe('red team 12: recorder numbers the vault uses as folder names', () => {
  const ws = makeWorkspace('ev-red12-dev-');
  afterAll(() => ws.cleanup());

  it('refuses a recorder named like the quarantine or case-view folder (its footage would land in them)', () => {
    for (const n of ['未识别设备-quarantine', '案件-cases', '.incoming']) {
      const r = runCli(['--config', ws.config, 'device', 'add', '--number', n, '--brand', 'X', '--model', 'Y']);
      expect(r.status, r.stdout).toBe(2);
      expect(r.stderr).toContain('keeps for itself');
    }
    expect(runJson<unknown[]>(['--config', ws.config, 'device', 'list'])).toEqual([]);
  });
});

describe('red team 12: a source named like the case-view folder', () => {
  const ws = makeWorkspace('ev-red12-cases-');
  afterAll(() => ws.cleanup());

  it('its quarantine folder is footage: a file slipped in there is unexpected to verify', () => {
    const source = path.join(ws.dir, '案件-cases');
    fs.mkdirSync(source);
    makeVideo(path.join(source, 'clip.MP4'), 1, { creationTime: '2026-05-15T01:00:00Z' });
    expect(runCli(['--config', ws.config, 'ingest', source]).status).toBe(0);
    const [r] = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
    expect(r!.vaultPath).toBe(`${FOOTAGE}/2026/05/15/未识别设备-quarantine/案件-cases/clip.MP4`);
    const planted = path.join(ws.vault, path.dirname(r!.vaultPath), 'planted.MP4');
    fs.chmodSync(path.dirname(planted), 0o755);
    fs.writeFileSync(planted, 'not from any recorder');
    const v = runCli(['--config', ws.config, 'verify']);
    expect(v.status).toBe(1);
    expect(v.stdout).toContain('planted.MP4');
  }, 60_000);
});

describe('red team 12: a folder, then a folder inside it', () => {
  const ws = makeWorkspace('ev-red12-nest-');
  afterAll(() => ws.cleanup());

  it('ingest of /x then of /x/DCIM (or the other way) stores the unknown recorder\'s file once', () => {
    for (const [first, second] of [['CARD1', 'CARD1/DCIM'], ['CARD2/DCIM', 'CARD2']]) {
      const dcim = path.join(ws.dir, first!.split('/')[0]!, 'DCIM');
      fs.mkdirSync(dcim, { recursive: true });
      makeVideo(path.join(dcim, `现场_${first!.slice(0, 5)}.MP4`), 1, { creationTime: '2026-05-15T01:00:00Z' });
      expect(runCli(['--config', ws.config, 'ingest', path.join(ws.dir, first!)]).status).toBe(0);
      const again = runJson<{ stored: { files: number }; already: { files: number } }>(['--config', ws.config, 'ingest', path.join(ws.dir, second!)]);
      expect(again).toMatchObject({ stored: { files: 0 }, already: { files: 1 } });
    }
    expect(runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list'])).toHaveLength(2);
  }, 60_000);
});

describe('red team 12: a folder and a folder inside it at once', () => {
  const ws = makeWorkspace('ev-red12-nest2-');
  afterAll(() => ws.cleanup());

  it('two ingests, of /x and of /x/DCIM, at once store each file once (the second waits its turn or refuses)', async () => {
    const dcim = path.join(ws.dir, 'CARD', 'DCIM');
    fs.mkdirSync(dcim, { recursive: true });
    const first = path.join(dcim, 'n01.MP4');
    makeVideo(first, 1, { creationTime: '2026-05-15T01:00:00Z' });
    for (let i = 2; i <= 30; i++) fs.writeFileSync(path.join(dcim, `n${String(i).padStart(2, '0')}.MP4`), Buffer.concat([fs.readFileSync(first), Buffer.from([i])]));
    const a = startCli(['--config', ws.config, 'ingest', path.join(ws.dir, 'CARD')]);
    const b = startCli(['--config', ws.config, 'ingest', dcim]);
    const [outA, outB] = [collect(a), collect(b)];
    const codes = await Promise.all([exitOf(a), exitOf(b)]);
    expect(codes.every((c) => c === 0 || c === 75), outA.text() + outB.text()).toBe(true);
    const rows = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
    expect(new Set(rows.map((r) => r.sha256)).size).toBe(30);
    expect(rows).toHaveLength(30);
  }, 120_000);
});
