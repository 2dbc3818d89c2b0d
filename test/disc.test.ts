/**
 * Evidence discs end to end: recordings ingested from a real FAT32 volume (FUSE), disc images made by
 * the built CLI with xorriso and Chromium, read back with xorriso and checked with sha256sum -c.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bytesOnDisc, DISC_RESERVE_BYTES } from '../src/core/disc-plan.js';
import { mountRecorder, sha256sum, type Mounted } from './support/fat-volume.js';
import { makeVideo } from './support/media.js';
import { makeWorkspace, runCli, runJson, type RecordingJson } from './support/cli.js';

interface RowJson {
  recordingId: number;
  discPath: string;
  officers: string[];
  cameraOperator: string | null;
  startedAt: string;
  endedAt: string | null;
  place: string | null;
  placeSource: string | null;
  deviceModel: string | null;
  format: string | null;
  durationSeconds: number | null;
  size: number;
  sha256: string;
}
interface DiscJson {
  number: string;
  registerNumber: string;
  volumeId: string;
  part: number;
  parts: number;
  image: string;
  imageSize: number;
  folder: string;
  files: { register: { html: string; pdf: string; csv: string; json: string }; sums: string };
  recordings: number[];
  missing: { recordingId: number | null; field: string }[];
  readBack: { md5: string; checked: number; problems: unknown[] };
}
interface BuildJson {
  discs: DiscJson[];
  holds: { placed: number; warning?: string };
}

function cli(ws: { config: string }, args: string[]) {
  return runCli(['--config', ws.config, ...args]);
}
function json<T>(r: { status: number; stdout: string; stderr: string }): T {
  if (!r.stdout.trim()) throw new Error(`no output (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

function extract(image: string, dir: string): void {
  execFileSync('xorriso', ['-osirrox', 'on', '-indev', image, '-extract', '/', dir], { stdio: 'ignore' });
}

function filesUnder(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true }) as string[]).filter((f) => fs.statSync(path.join(dir, f)).isFile()).map((f) => f.split(path.sep).join('/')).sort();
}

describe('evidence disc and register', () => {
  const ws = makeWorkspace('ev-disc-');
  const media = path.join(ws.dir, 'media');
  let volume: Mounted;
  let recs: RecordingJson[];
  let gpsId: number;
  let placeId: number;
  let noPlaceId: number;

  beforeAll(() => {
    const config = JSON.parse(fs.readFileSync(ws.config, 'utf8')) as Record<string, unknown>;
    fs.writeFileSync(ws.config, JSON.stringify({ ...config, unitName: '鞍山市自然资源局执法支队' }));
    fs.mkdirSync(media);
    makeVideo(path.join(media, 'gps.mp4'), 2);
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', path.join(media, 'gps.mp4'), '-c', 'copy', '-metadata', 'location=+41.1087+122.9946/', path.join(media, 'gps2.mp4')]);
    makeVideo(path.join(media, 'b.mp4'), 2);
    makeVideo(path.join(media, 'c.mp4'), 3);
    volume = mountRecorder(path.join(ws.dir, 'rec.img'), path.join(ws.dir, 'mnt'), [
      { path: 'DCIM/100MEDIA/0001234_110101_20260515073000_0001.MP4', from: path.join(media, 'gps2.mp4') },
      { path: 'DCIM/100MEDIA/0001234_110101_20260515080000_0002.MP4', from: path.join(media, 'b.mp4') },
      { path: 'DCIM/100MEDIA/0001234_110101_20260515090000_0003.MP4', from: path.join(media, 'c.mp4') },
    ]);
    expect(cli(ws, ['device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8']).status).toBe(0);
    expect(cli(ws, ['officer', 'add', '--id', '110101', '--name', '张三']).status).toBe(0);
    expect(cli(ws, ['ingest', volume.mountPoint, '--device', '0001234']).status).toBe(0);
    recs = json<RecordingJson[]>(cli(ws, ['recordings', 'list', '--json']));
    expect(recs).toHaveLength(3);
    [gpsId, placeId, noPlaceId] = recs.map((r) => r.id) as [number, number, number];
  });

  afterAll(() => {
    volume?.unmount();
    ws.cleanup();
  });

  let built: BuildJson;

  it('builds one disc whose register matches the catalogue, and lists the missing place', () => {
    const out = path.join(ws.dir, 'out');
    const r = cli(ws, [
      'disc', 'build', '--recording', ...recs.map((x) => String(x.id)),
      '--case-number', '鞍自然执〔2026〕17号', '--case-title', '某地块违法占地案',
      '--place', `${placeId}=鞍山市千山区某村东侧`, '--officers', '*=李四', '--out', out, '--json',
    ]);
    expect(r.status, r.stderr).toBe(3); // built, but the register is not complete
    built = json<BuildJson>(r);
    expect(built.discs).toHaveLength(1);
    const disc = built.discs[0]!;
    expect(disc.missing).toEqual([expect.objectContaining({ recordingId: noPlaceId, field: 'place' })]);
    expect(disc.readBack).toEqual({ md5: 'ok', checked: 7, problems: [] });
    // R12(3): footage on an evidence disc is kept for good.
    expect(built.holds).toEqual({ placed: 3 });
    const held = json<{ recordingId: number; reason: string; active?: boolean }[]>(cli(ws, ['hold', 'list', '--json']));
    expect(held.filter((h) => h.reason === 'evidence-use').map((h) => h.recordingId).sort()).toEqual(recs.map((x) => x.id).sort());

    const register = JSON.parse(fs.readFileSync(disc.files.register.json, 'utf8')) as { rows: RowJson[]; unitName: string; case: { number: string }; auditHead: { seq: number; hash: string } };
    expect(register.unitName).toBe('鞍山市自然资源局执法支队');
    expect(register.case.number).toBe('鞍自然执〔2026〕17号');
    expect(register.auditHead.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(register.rows.map((x) => x.recordingId)).toEqual(recs.map((x) => x.id));
    for (const row of register.rows) {
      const rec = recs.find((x) => x.id === row.recordingId)!;
      expect(row.sha256).toBe(rec.sha256);
      expect(row.size).toBe(rec.size);
      expect(row.discPath).toBe(rec.vaultPath);
      expect(row.startedAt).toBe(rec.startedAt);
      expect(Date.parse(row.endedAt!) - Date.parse(rec.startedAt)).toBe(Math.round(rec.durationSeconds! * 1000));
      expect(row.officers).toEqual(['张三', '李四']);
      expect(row.cameraOperator).toBe('张三');
      expect(row.deviceModel).toBe('海康威视 DSJ-A8');
      expect(row.format).toBe('MP4（H.264 / AAC）');
    }
    const byId = new Map(register.rows.map((x) => [x.recordingId, x]));
    expect([byId.get(gpsId)!.place, byId.get(gpsId)!.placeSource]).toEqual(['北纬41.10870° 东经122.99460°（GPS）', 'metadata']);
    expect([byId.get(placeId)!.place, byId.get(placeId)!.placeSource]).toEqual(['鞍山市千山区某村东侧', 'given']);
    expect(byId.get(noPlaceId)!.place).toBeNull();

    const html = fs.readFileSync(disc.files.register.html, 'utf8');
    for (const rec of recs) expect(html).toContain(rec.sha256);
    expect(html).toContain('地点缺失');
    const csv = fs.readFileSync(disc.files.register.csv, 'utf8').trim().split('\r\n');
    expect(csv).toHaveLength(4);
  });

  it('the image holds the recordings, register, note and sums; sha256sum -c and xorriso -check_md5_r pass', () => {
    const disc = built.discs[0]!;
    const dir = path.join(ws.dir, 'extracted');
    extract(disc.image, dir);
    expect(filesUnder(dir)).toEqual(
      [...recs.map((r) => r.vaultPath), 'README.txt', 'SHA256SUMS', '同步录音录像摄录情况记录表.html', '同步录音录像摄录情况记录表.pdf'].sort(),
    );
    for (const r of recs) expect(sha256sum(path.join(dir, r.vaultPath))).toBe(r.sha256);
    const check = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
    expect(check.status, check.stdout + check.stderr).toBe(0);
    expect(check.stdout.trim().split('\n')).toHaveLength(recs.length + 3);
    const md5 = spawnSync('xorriso', ['-md5', 'on', '-indev', disc.image, '-check_md5_r', 'sorry', '/', '--'], { encoding: 'utf8' });
    expect(md5.status).toBe(0);
    expect(md5.stdout + md5.stderr).toContain('File contents and their MD5 checksums match.');
    // Joliet carries the long Chinese names for Windows.
    // xorriso prints names in the locale's charset: a UTF-8 one that exists here.
    const joliet = spawnSync('xorriso', ['-read_fs', 'norock', '-indev', disc.image, '-find', '/', '-name', '*.pdf'], { encoding: 'utf8', env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' } });
    expect(joliet.stdout).toContain('同步录音录像摄录情况记录表.pdf');
    const pdf = spawnSync('pdfinfo', [disc.files.register.pdf], { encoding: 'utf8' });
    expect(pdf.status).toBe(0);
    expect(pdf.stdout).toMatch(/Pages:\s+[1-9]/);
    expect(pdf.stdout).toMatch(/Page size:\s+841\.\d+ x 59[45]\.\d+ pts \(A4\)/);
  });

  it('is catalogued and audited', () => {
    const list = json<{ number: string; registerNumber: string; imageSize: number; missingCount: number }[]>(cli(ws, ['disc', 'list', '--json']));
    expect(list.map((d) => [d.number, d.registerNumber, d.missingCount])).toEqual([[built.discs[0]!.number, built.discs[0]!.registerNumber, 1]]);
    const db = new Database(ws.catalog, { readonly: true });
    try {
      const files = db.prepare('SELECT path, sha256, recording_id FROM disc_files ORDER BY path').all() as { path: string; sha256: string; recording_id: number | null }[];
      for (const r of recs) expect(files).toContainEqual({ path: r.vaultPath, sha256: r.sha256, recording_id: r.id });
      const audit = db.prepare("SELECT target, outcome FROM audit_log WHERE action = 'disc.build'").all();
      expect(audit).toEqual([{ target: built.discs[0]!.number, outcome: 'ok' }]);
    } finally {
      db.close();
    }
  });

  it('disc verify confirms the image, and names a file whose bytes changed', () => {
    const disc = built.discs[0]!;
    const good = cli(ws, ['disc', 'verify', disc.image, '--json']);
    expect(good.status, good.stderr).toBe(0);
    expect(json<{ ok: boolean; checked: number; md5: string }>(good)).toMatchObject({ ok: true, checked: 7, md5: 'ok' });

    const bad = path.join(ws.dir, 'damaged.iso');
    fs.copyFileSync(disc.image, bad);
    const victim = recs[1]!.vaultPath;
    const lba = spawnSync('xorriso', ['-indev', bad, '-find', '/' + victim, '-exec', 'report_lba', '--'], { encoding: 'utf8' }).stdout;
    const start = Number(/File data lba:\s*\d+\s*,\s*(\d+)/.exec(lba)![1]);
    const fd = fs.openSync(bad, 'r+');
    fs.writeSync(fd, Buffer.from('XXXX'), 0, 4, start * 2048 + 100);
    fs.closeSync(fd);
    const r = cli(ws, ['disc', 'verify', bad, '--json']);
    expect(r.status).toBe(1);
    const report = json<{ ok: boolean; md5: string; problems: { path: string; kind: string }[] }>(r);
    expect(report.ok).toBe(false);
    expect(report.md5).toBe('mismatch');
    expect(report.problems).toEqual(expect.arrayContaining([{ path: victim, kind: 'md5', detail: expect.any(String) }, expect.objectContaining({ path: victim, kind: 'mismatch' })]));
    expect(report.problems).toHaveLength(2);
  });

  it('disc verify says what a wrong path is: nothing there, not a disc image, or a disc made elsewhere', () => {
    const other = path.join(ws.dir, 'other.iso');
    expect(spawnSync('xorriso', ['-outdev', other, '-volid', 'ELSEWHERE', '-map', ws.config, '/config.json', '-commit'], { encoding: 'utf8' }).status).toBe(0);
    for (const [source, said] of [
      [path.join(ws.dir, 'nosuch.iso'), /nosuch\.iso does not exist\n/],
      [path.join(ws.dir, 'gone', 'x.iso'), /x\.iso does not exist\n/],
      [ws.config, /config\.json is not a disc image \(no ISO 9660 signature\)/],
      [ws.dir, /is not a disc image/],
      [other, /other\.iso is not a disc this vault made \(volume id ELSEWHERE\)/],
    ] as const) {
      const r = cli(ws, ['disc', 'verify', source]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toMatch(said);
      // Not the empty image xorriso starts from, nor its own messages.
      expect(r.stderr).not.toMatch(/ISOIMAGE|libburn|xorriso :/);
    }
    // Each refusal is on the record, with what was given.
    const refused = runJson<{ target: string; outcome: string }[]>(['--config', ws.config, 'audit', 'log', '--action', 'disc.verify', '--outcome', 'refused']);
    expect(refused.slice(-5).map((e) => e.target)).toEqual([path.join(ws.dir, 'nosuch.iso'), path.join(ws.dir, 'gone', 'x.iso'), ws.config, ws.dir, other]);
  });

  it('splits a set too large for the medium, each disc with its own register and sums', () => {
    const biggest = Math.max(...recs.map((r) => r.size));
    // Room for the largest recording (3 s) but never for two (2 s + 2 s at least).
    const capacity = DISC_RESERVE_BYTES + bytesOnDisc(biggest);
    const out = path.join(ws.dir, 'split');
    const r = cli(ws, ['disc', 'build', '--recording', ...recs.map((x) => String(x.id)), '--case-number', 'X', '--case-title', 'Y', '--place', `${noPlaceId}=某处`, '--place', `${placeId}=某地`, '--out', out, '--capacity', String(capacity), '--json']);
    expect(r.status, r.stderr).toBe(0);
    const b = json<BuildJson>(r);
    expect(b.discs).toHaveLength(3);
    expect(b.discs.map((d) => [d.part, d.parts])).toEqual([[1, 3], [2, 3], [3, 3]]);
    expect(new Set(b.discs.map((d) => d.number)).size).toBe(3);
    expect(b.discs.flatMap((d) => d.recordings).sort()).toEqual(recs.map((x) => x.id).sort());
    for (const d of b.discs) {
      expect(d.imageSize).toBeLessThanOrEqual(capacity);
      const dir = path.join(ws.dir, `x-${d.number}`);
      extract(d.image, dir);
      const check = spawnSync('sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8' });
      expect(check.status).toBe(0);
      const reg = JSON.parse(fs.readFileSync(d.files.register.json, 'utf8')) as { rows: RowJson[]; part: number; parts: number };
      expect(reg.rows.map((x) => x.recordingId)).toEqual(d.recordings);
      expect([reg.part, reg.parts]).toEqual([d.part, 3]);
    }
  });

  it('refuses a capacity too small for a recording, making nothing', () => {
    const out = path.join(ws.dir, 'toosmall');
    const r = cli(ws, ['disc', 'build', '--recording', String(gpsId), '--out', out, '--capacity', String(DISC_RESERVE_BYTES + 4096)]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/do not fit on one dvd disc/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('--case takes the case\'s recordings, title and place in one command', () => {
    expect(cli(ws, ['case', 'create', '鞍自然执〔2026〕18号', '--title', '非法采矿案', '--place', '鞍山市千山区某矿区']).status).toBe(0);
    expect(cli(ws, ['case', 'link', '鞍自然执〔2026〕18号', '--recording', String(gpsId), String(noPlaceId)]).status).toBe(0);
    const out = path.join(ws.dir, 'case18');
    const r = cli(ws, ['disc', 'build', '--case', '鞍自然执〔2026〕18号', '--out', out, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const b = json<BuildJson>(r);
    expect(b.discs).toHaveLength(1);
    expect(b.discs[0]!.recordings.sort()).toEqual([gpsId, noPlaceId].sort());
    expect(b.discs[0]!.missing).toEqual([]);
    const reg = JSON.parse(fs.readFileSync(b.discs[0]!.files.register.json, 'utf8')) as { rows: RowJson[]; case: { number: string; title: string } };
    expect(reg.case).toMatchObject({ number: '鞍自然执〔2026〕18号', title: '非法采矿案' });
    const noPlace = reg.rows.find((x) => x.recordingId === noPlaceId)!;
    expect([noPlace.place, noPlace.placeSource]).toEqual(['鞍山市千山区某矿区', 'case']);
    // The text ends with the burn command for the disc just made, its number filled in.
    const text = cli(ws, ['--lang', 'zh', 'disc', 'build', '--case', '鞍自然执〔2026〕18号', '--out', path.join(ws.dir, 'case18-text')]);
    expect(text.status, text.stderr).toBe(0);
    const number = /^(\S+)/m.exec(text.stdout.split('\n')[1]!.trim())![1]!;
    expect(text.stdout).toContain(`evidence-vault disc burn --device /dev/sr0 --disc ${number}；`);
    expect(text.stdout).not.toContain('NUMBER');
    const missing = cli(ws, ['disc', 'build', '--case', '鞍自然执〔2026〕99号', '--out', path.join(ws.dir, 'c99')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toMatch(/no case numbered 鞍自然执〔2026〕99号/);
  });

  it('refuses a bad --place, and every refusal is on the record', () => {
    const bad = cli(ws, ['disc', 'build', '--recording', String(gpsId), '--place', 'nowhere', '--out', path.join(ws.dir, 'c')]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--place "nowhere" is not ID=TEXT');
    const db = new Database(ws.catalog, { readonly: true });
    try {
      // too small a capacity, an unknown case, a bad --place: each refused, each on the record
      expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'disc.build' AND outcome = 'refused'").get()).toEqual({ n: 3 });
    } finally {
      db.close();
    }
  });

  it('burn fails clearly where there is no burner, and is audited', () => {
    const r = cli(ws, ['disc', 'burn', '--device', '/dev/sr9', '--disc', built.discs[0]!.number]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('no optical drive at /dev/sr9');
    const db = new Database(ws.catalog, { readonly: true });
    try {
      expect(db.prepare("SELECT outcome FROM audit_log WHERE action = 'disc.burn'").all()).toEqual([{ outcome: 'refused' }]);
      expect(db.prepare("SELECT count(*) AS n FROM audit_log WHERE action = 'disc.verify' AND outcome = 'ok'").get()).toEqual({ n: 2 });
    } finally {
      db.close();
    }
  });
});
