/**
 * Out of quarantine (issue 12, case 11): a keeper files a quarantined recording under its recorder
 * with a reason. The file moves without a copy, the catalogue keeps the history, `verify` stays
 * clean, and the case view and a disc's register show the correction.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeVideo } from './support/media.js';
import { makeWorkspace, runCli, runJson, type RecordingJson } from './support/cli.js';
import { filesBelow } from './support/files.js';

type Shown = RecordingJson & { attributions: { by: string; reason: string; oldDeviceNumber: string | null; newDeviceNumber: string; oldVaultPath: string; newVaultPath: string }[] };

describe('recordings attribute', () => {
  const ws = makeWorkspace('ev-attr-');
  const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
  const source = path.join(ws.dir, 'REC_LOST');
  let quarantined: RecordingJson;

  beforeAll(() => {
    fs.mkdirSync(source);
    makeVideo(path.join(source, '现场_补录说明.MP4'), 1, { creationTime: '2026-05-15T01:00:00Z' });
    expect(cli('device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8').status).toBe(0);
    expect(cli('officer', 'add', '--id', '110101', '--name', '张三').status).toBe(0);
    expect(cli('ingest', source).status).toBe(0);
    quarantined = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list', '--flag', 'quarantined'])[0]!;
    expect(quarantined.vaultPath).toBe('现场执法记录仪影像资料/2026/05/15/未识别设备-quarantine/REC_LOST/现场_补录说明.MP4');
    expect(cli('case', 'create', '鞍自然执〔2026〕21号', '--title', '占地案').status).toBe(0);
    expect(cli('case', 'link', '鞍自然执〔2026〕21号', '--recording', String(quarantined.id)).status).toBe(0);
  }, 120_000);
  afterAll(() => ws.cleanup());

  it('refuses a typo\'d recorder, an unknown officer or no reason, and changes nothing', () => {
    const id = String(quarantined.id);
    for (const args of [
      ['--device', '0009999', '--reason', 'x'],
      ['--device', '0001234', '--officer', '999999', '--reason', 'x'],
      ['--device', '0001234', '--reason', '  '],
    ]) {
      const r = cli('recordings', 'attribute', id, ...args);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    expect(runJson<RecordingJson>(['--config', ws.config, 'recordings', 'show', id]).vaultPath).toBe(quarantined.vaultPath);
    // A typed id that is no number is said to be none, not looked for.
    for (const typo of ['abc', '4x', '1.5']) expect(cli('recordings', 'show', typo).stderr).toContain(`"${typo}" is not a recording id`);
    expect(cli('recordings', 'show', '99999').stderr).toContain('no recording with id 99999');
  });

  it('moves it to its day and recorder folder, same bytes, history kept, verify clean', () => {
    const before = fs.statSync(path.join(ws.vault, quarantined.vaultPath));
    const r = runJson<{ attributed: { id: number; to: { vaultPath: string } }[] }>([
      '--config', ws.config, 'recordings', 'attribute', String(quarantined.id), '--device', '0001234', '--officer', '110101', '--reason', '卷标丢失，经保管员核对为 0001234',
    ]);
    const target = '现场执法记录仪影像资料/2026/05/15/0001234/现场_补录说明.MP4';
    expect(r.attributed).toEqual([expect.objectContaining({ id: quarantined.id, to: expect.objectContaining({ vaultPath: target }) })]);
    const after = fs.statSync(path.join(ws.vault, target));
    expect(after.ino).toBe(before.ino); // re-linked, never copied
    expect(after.mode & 0o222).toBe(0);
    expect(fs.existsSync(path.join(ws.vault, quarantined.vaultPath))).toBe(false);

    const shown = runJson<Shown>(['--config', ws.config, 'recordings', 'show', String(quarantined.id)]);
    expect(shown).toMatchObject({ vaultPath: target, deviceNumber: '0001234', officerId: '110101', sha256: quarantined.sha256 });
    expect(shown.flags).not.toContain('quarantined');
    expect(shown.flags).toContain('attributed');
    expect(shown.attributions).toEqual([expect.objectContaining({ oldDeviceNumber: null, newDeviceNumber: '0001234', oldVaultPath: quarantined.vaultPath, newVaultPath: target, reason: '卷标丢失，经保管员核对为 0001234' })]);
    expect(runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list', '--flag', 'quarantined'])).toEqual([]);
    expect(runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list', '--flag', 'attributed'])).toHaveLength(1);
    expect(cli('verify').status).toBe(0);
    const [entry] = runJson<{ outcome: string; details: { reason: string } }[]>(['--config', ws.config, 'audit', 'log', '--action', 'recordings.attribute', '--outcome', 'ok']);
    expect(entry!.details.reason).toBe('卷标丢失，经保管员核对为 0001234');
  });

  it('shows the correction in the case view and in a disc\'s register', () => {
    const views = filesBelow(path.join(ws.vault, '现场执法记录仪影像资料')).filter((f) => f.includes('案件'));
    const text = views.map((f) => fs.readFileSync(path.join(ws.vault, '现场执法记录仪影像资料', f), 'utf8')).join('\n');
    expect(text).toContain('0001234/现场_补录说明.MP4');
    expect(text).not.toContain('quarantine');

    const out = path.join(ws.dir, 'disc');
    const r = cli('disc', 'build', '--recording', String(quarantined.id), '--case-number', '鞍自然执〔2026〕21号', '--case-title', '占地案', '--place', `${quarantined.id}=某地`, '--out', out, '--json');
    expect([0, 3], r.stderr).toContain(r.status);
    const built = JSON.parse(r.stdout) as { discs: { files: { register: { json: string } } }[] };
    const reg = JSON.parse(fs.readFileSync(built.discs[0]!.files.register.json, 'utf8')) as { rows: { deviceNumber: string | null; cameraOperator: string | null; discPath: string }[] };
    expect(reg.rows[0]).toMatchObject({ deviceNumber: '0001234', cameraOperator: '张三' });
  }, 180_000);

  it('a lesser role may not attribute, and the refusal is recorded', () => {
    const r = runCli(['--config', ws.config, 'recordings', 'attribute', String(quarantined.id), '--device', '0001234', '--reason', 'x'], { SUDO_USER: 'ev-nobody' });
    expect(r.status).toBe(77);
    const refused = runJson<{ operator: string }[]>(['--config', ws.config, 'audit', 'log', '--action', 'recordings.attribute', '--outcome', 'refused']);
    expect(refused.map((e) => e.operator)).toContain('ev-nobody');
  });

  it('audit verify finds a moved recording stored by its ingest, through each move; a file stored since under the name it left is its own', () => {
    // The ingest entry names where it was stored, the attribution where it went: not a row added behind the trail's back.
    const first = cli('audit', 'verify');
    expect(first.status, first.stdout + first.stderr).toBe(0);
    // Another file of the same name from a folder of the same name: it takes the quarantine name the first one left.
    const again = path.join(ws.dir, 'again', 'REC_LOST');
    fs.mkdirSync(again, { recursive: true });
    makeVideo(path.join(again, '现场_补录说明.MP4'), 2, { creationTime: '2026-05-15T01:00:00Z' });
    expect(cli('ingest', again).status).toBe(0);
    const second = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list', '--flag', 'quarantined'])[0]!;
    expect(second.vaultPath).toBe(quarantined.vaultPath);
    expect(second.sha256).not.toBe(quarantined.sha256);
    // The first moved once more, to the recorder it really came from.
    expect(cli('device', 'add', '--number', '0005678', '--brand', '海康威视', '--model', 'DSJ-A8').status).toBe(0);
    expect(cli('recordings', 'attribute', String(quarantined.id), '--device', '0005678', '--reason', '再次核对：实为 0005678').status).toBe(0);
    const verified = cli('audit', 'verify', '--json');
    expect(verified.status, verified.stdout + verified.stderr).toBe(0);
    expect(verified.stdout).not.toMatch(/no-ingest-entry|hash-differs-from-trail|size-differs-from-trail/);
  });
});
