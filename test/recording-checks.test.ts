/**
 * Gaps (R5, P16), late storage (P25) and recorder clocks through the built CLI: real videos made by
 * ffmpeg, ingested from folders with real file times, real SQLite; a disc register that shows the gaps.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makePhoto, makeVideo, recorderFileName } from './support/media.js';
import { makeWorkspace, runCli, runJson, type RecordingJson } from './support/cli.js';

interface GapJson {
  id: string;
  deviceNumber: string;
  officerId: string | null;
  beforeId: number;
  afterId: number;
  startedAt: string;
  endedAt: string;
  seconds: number;
  explanation: { reason: string; text: string; by: string; at: string } | null;
}
interface LateJson {
  recordingId: number;
  deviceNumber: string | null;
  officerId: string | null;
  endedAt: string;
  storedAt: string;
  hoursLate: number;
  unexplained: boolean;
  explanation: { reason: string; returnedAt: string | null } | null;
}
interface OffsetJson {
  deviceNumber: string;
  offsetSeconds: number;
  files: number;
  newestRecordingId: number;
}

const MIN = 60_000;
const HOUR = 3600_000;
/** YYYYMMDDhhmmss in Asia/Shanghai (UTC+8 all year), as a recorder names its files. */
const stamp = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 19).replace(/[-T:]/g, '');
/** "YYYY-MM-DD HH:MM" in the unit's zone, as a person types it. */
const typed = (ms: number) => new Date(ms + 8 * HOUR).toISOString().slice(0, 16).replace('T', ' ');

describe('gaps, late storage and recorder clocks', () => {
  const ws = makeWorkspace('ev-checks-');
  const cli = (args: string[], user?: string) => runCli(['--config', ws.config, ...args], { SUDO_USER: user ?? '' });
  const json = <T>(args: string[], user?: string) => runJson<T>(['--config', ws.config, ...args], { SUDO_USER: user ?? '' });
  // Whole minutes, so names (to the second) and times agree exactly.
  const now = Math.floor(Date.now() / MIN) * MIN;
  const B = now - 3 * 24 * HOUR; // three days ago: everything from then is stored late
  const T = now - 2 * HOUR; // today's footage, stored on time
  const ids = new Map<string, number>();

  /** A recorder's folder with 2-second videos named at `starts`, mtimes as a recorder writes them (its end), unless given. */
  function recorder(device: string, officer: string, files: { at: number; mtime?: number; photo?: boolean }[]): string {
    const dir = path.join(ws.dir, `rec-${device}`, 'DCIM');
    fs.mkdirSync(dir, { recursive: true });
    files.forEach((f, i) => {
      const file = path.join(dir, recorderFileName({ device, officer, stamp: stamp(f.at), seq: i + 1, ext: f.photo ? 'JPG' : 'MP4' }));
      if (f.photo) makePhoto(file);
      else makeVideo(file, 2);
      const m = new Date(f.mtime ?? f.at + (f.photo ? 0 : 2000));
      fs.utimesSync(file, m, m);
    });
    return path.dirname(dir);
  }

  beforeAll(() => {
    for (const [n, o] of [['0001234', '110101'], ['0005678', '110102'], ['0009999', '110103']]) {
      expect(cli(['device', 'add', '--number', n!, '--brand', '海康威视', '--model', 'DSJ-A8']).status).toBe(0);
      expect(cli(['officer', 'add', '--id', o!, '--name', `警员${o}`]).status).toBe(0);
    }
    for (const [user, role] of [['li', 'custodian'], ['wang', 'approver'], ['zhao', 'archivist']]) {
      expect(cli(['operator', 'add', user!, '--name', user!, '--role', role!]).status).toBe(0);
    }
    const a = recorder('0001234', '110101', [
      { at: B }, // s1
      { at: B + 2000 }, // s2: continuous with s1
      { at: B + 304_000, mtime: B + 306_000 + 10 * MIN }, // s3: 5 minutes after s2 ends; its mtime 10 minutes off
      { at: B + 306_000 + HOUR }, // s4: an hour later, a new session
    ]);
    // A one-minute gap, today, with a photo taken in it: a photo is a moment, not a segment.
    const b = recorder('0005678', '110102', [{ at: T }, { at: T + 62_000 }, { at: T + 30_000, photo: true }]);
    // Clock an hour ahead: it names its file an hour after the moment it is docked.
    const c = recorder('0009999', '110103', [{ at: now + HOUR }]);
    for (const [dir, n] of [[a, '0001234'], [b, '0005678'], [c, '0009999']]) {
      const r = cli(['ingest', dir!, '--device', n!, '--json']);
      expect(r.status, r.stderr).toBe(0);
    }
    for (const r of json<RecordingJson[]>(['recordings', 'list'])) ids.set(r.originalName.split('_')[0] + ':' + r.originalName.split('_')[3]!.slice(0, 4), r.id);
  }, 120_000);

  afterAll(() => ws.cleanup());

  const id = (device: string, seq: number) => ids.get(`${device}:${String(seq).padStart(4, '0')}`)!;

  it('finds the 5-minute hole and the 1-minute one; continuous segments and a new session are no gaps', () => {
    const gaps = json<GapJson[]>(['gap', 'list']);
    expect(gaps.map((g) => g.id).sort()).toEqual([`${id('0001234', 2)}-${id('0001234', 3)}`, `${id('0005678', 1)}-${id('0005678', 2)}`].sort());
    const five = gaps.find((g) => g.deviceNumber === '0001234')!;
    expect(five).toMatchObject({ officerId: '110101', beforeId: id('0001234', 2), afterId: id('0001234', 3), explanation: null });
    expect(Math.abs(five.seconds - 300)).toBeLessThanOrEqual(1);
    expect(Date.parse(five.endedAt)).toBe(B + 304_000);
    expect(json<GapJson[]>(['gap', 'list', '--device', '0005678']).map((g) => g.seconds)).toEqual([60]);
    expect(json<GapJson[]>(['gap', 'list', '--from', typed(now - 24 * HOUR)]).map((g) => g.deviceNumber)).toEqual(['0005678']);
    expect(cli(['gap', 'list', '--from', 'yesterday']).stderr).toContain('is not a date');
    const text = cli(['gap', 'list']);
    expect(text.stdout).toContain('2 gaps, 2 unexplained');
  });

  it('a gap is explained by a custodian or approver, with a P16(3) reason, on the record; others are refused', () => {
    const gapId = `${id('0001234', 2)}-${id('0001234', 3)}`;
    const archivist = cli(['gap', 'explain', gapId, '--reason', 'battery', '--text', '电量耗尽'], 'zhao');
    expect(archivist.status).toBe(77);
    const badReason = cli(['gap', 'explain', gapId, '--reason', 'lunch', '--text', 'x'], 'li');
    expect(badReason.status).not.toBe(0);
    expect(badReason.stderr).toContain('obstruction, weather, device-fault, storage-full, battery, other');
    const noGap = cli(['gap', 'explain', `${id('0001234', 1)}-${id('0001234', 2)}`, '--reason', 'battery', '--text', 'x'], 'li');
    expect(noGap.status).not.toBe(0);
    expect(noGap.stderr).toContain('there is no gap');
    expect(cli(['gap', 'explain', 'abc', '--reason', 'battery', '--text', 'x'], 'li').stderr).toContain('is not a gap id');
    // Reversed, or across two recorders: no such gap.
    expect(cli(['gap', 'explain', `${id('0001234', 3)}-${id('0001234', 2)}`, '--reason', 'battery', '--text', 'x'], 'li').stderr).toContain('there is no gap');
    expect(cli(['gap', 'explain', `${id('0001234', 4)}-${id('0005678', 1)}`, '--reason', 'battery', '--text', 'x'], 'li').stderr).toContain('there is no gap');
    const ok = json<GapJson>(['gap', 'explain', gapId, '--reason', 'device-fault', '--text', '记录仪死机，重启后继续录制'], 'li');
    expect(ok.explanation).toMatchObject({ reason: 'device-fault', by: 'li' });
    const open = json<GapJson[]>(['gap', 'list', '--unexplained']);
    expect(open.map((g) => g.deviceNumber)).toEqual(['0005678']);
    expect(json<GapJson[]>(['gap', 'list']).find((g) => g.id === gapId)!.explanation!.text).toBe('记录仪死机，重启后继续录制');
    const entries = json<{ action: string; outcome: string; operator: string }[]>(['audit', 'log', '--action', 'gap.explain']);
    expect(entries.filter((e) => e.outcome === 'ok').map((e) => e.operator)).toEqual(['li']);
    expect(entries.filter((e) => e.outcome === 'refused').length).toBeGreaterThanOrEqual(4);
  });

  it('lists recordings stored more than 24 hours after they ended; remote work counts from the return', () => {
    const late = json<LateJson[]>(['late', 'list']);
    expect(late.map((l) => l.recordingId)).toEqual([1, 2, 3, 4].map((s) => id('0001234', s)));
    for (const l of late) {
      expect(l.hoursLate).toBeGreaterThan(70);
      expect(l.hoursLate).toBeLessThan(73);
      expect(l).toMatchObject({ deviceNumber: '0001234', officerId: '110101', unexplained: true, explanation: null });
    }
    const s1 = id('0001234', 1);
    const noReturn = cli(['late', 'explain', String(s1), '--reason', 'remote-work', '--text', '异地执法'], 'wang');
    expect(noReturn.status).not.toBe(0);
    expect(noReturn.stderr).toContain('--returned-at');
    // Back 10 hours before it was stored: within 24 hours, excused.
    const excused = json<LateJson>(['late', 'explain', String(s1), '--reason', 'remote-work', '--returned-at', typed(now - 10 * HOUR), '--text', '异地执法，返回当日导入'], 'wang');
    expect(excused).toMatchObject({ unexplained: false, explanation: { reason: 'remote-work' } });
    // Back 30 hours before: still late, explanation kept.
    const still = json<LateJson>(['late', 'explain', String(id('0001234', 2)), '--reason', 'remote-work', '--returned-at', typed(now - 30 * HOUR), '--text', '异地执法'], 'li');
    expect(still.unexplained).toBe(true);
    expect(json<LateJson>(['late', 'explain', String(id('0001234', 3)), '--reason', 'device-fault', '--text', '数据线损坏'], 'li').unexplained).toBe(false);
    // Careless input: a mistyped time, a return after the recording was stored, an empty text.
    expect(cli(['late', 'explain', String(id('0001234', 4)), '--reason', 'remote-work', '--returned-at', '2026-13-40', '--text', 'x'], 'li').stderr).toContain('is not a time');
    expect(cli(['late', 'explain', String(id('0001234', 4)), '--reason', 'remote-work', '--returned-at', typed(now + 2 * HOUR), '--text', 'x'], 'li').stderr).toContain('is not between');
    expect(cli(['late', 'explain', String(id('0001234', 4)), '--reason', 'other', '--text', '  '], 'li').stderr).toContain('needs its text');
    expect(cli(['late', 'explain', '99999', '--reason', 'other', '--text', 'x'], 'li').stderr).toContain('no recording with id 99999');
    const onTime = cli(['late', 'explain', String(id('0005678', 1)), '--reason', 'other', '--text', 'x'], 'li');
    expect(onTime.status).not.toBe(0);
    expect(onTime.stderr).toContain('not late');
    expect(cli(['late', 'explain', String(id('0001234', 4)), '--reason', 'other', '--text', 'x'], 'zhao').status).toBe(77);
    expect(json<LateJson[]>(['late', 'list', '--unexplained']).map((l) => l.recordingId)).toEqual([id('0001234', 2), id('0001234', 4)]);
    expect(json<LateJson[]>(['late', 'list', '--device', '0005678'])).toEqual([]);
  });

  it('flags a recorder whose clock is an hour ahead, and a file whose own times disagree', () => {
    const rows = json<RecordingJson[]>(['recordings', 'list']);
    const ahead = rows.find((r) => r.id === id('0009999', 1))!;
    expect(ahead.flags).toContain('clock-ahead');
    const skewed = rows.find((r) => r.id === id('0001234', 3))!;
    expect(skewed.flags).toContain('clock-skew');
    expect(Math.abs(skewed.clockSkewSeconds! - 600)).toBeLessThanOrEqual(1);
    for (const r of rows.filter((x) => x.id !== ahead.id && x.id !== skewed.id)) {
      expect(r.flags).toEqual([]);
      expect(r.clockSkewSeconds).toBeNull();
    }
    expect(json<RecordingJson[]>(['recordings', 'list', '--flag', 'clock-ahead']).map((r) => r.id)).toEqual([ahead.id]);
  });

  it('keeps each recorder\'s apparent offset at each dock', () => {
    const drift = json<OffsetJson[]>(['device', 'drift', '0009999']);
    expect(drift).toHaveLength(1);
    // Its newest file ends an hour and two seconds after the dock, give or take the ingest's start-up.
    expect(drift[0]!.offsetSeconds).toBeGreaterThan(3600 - 120);
    expect(drift[0]!.offsetSeconds).toBeLessThanOrEqual(3602);
    const old = json<OffsetJson[]>(['device', 'drift', '0001234']);
    expect(old[0]).toMatchObject({ files: 4, newestRecordingId: id('0001234', 4) });
    expect(old[0]!.offsetSeconds).toBeLessThan(-(3 * 24 * 3600 - 2 * 3600));
    expect(json<OffsetJson[]>(['device', 'drift']).map((o) => o.deviceNumber)).toEqual(['0001234', '0005678', '0009999']);
    const unknown = cli(['device', 'drift', '7777777']);
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toContain('not registered');
  });

  it('a disc register shows the gaps around its recordings: explained ones with their reason, unexplained ones marked', () => {
    const out = path.join(ws.dir, 'disc');
    const recs = [id('0001234', 2), id('0001234', 3), id('0005678', 1), id('0005678', 2)];
    const r = cli(['disc', 'build', '--recording', ...recs.map(String), '--case-number', '鞍自然执〔2026〕17号', '--case-title', '违法占地案', '--medium', 'cd', '--out', out, '--json']);
    expect([0, 3]).toContain(r.status);
    const built = JSON.parse(r.stdout) as { discs: { files: { register: { json: string; html: string; csv: string } } }[] };
    const reg = JSON.parse(fs.readFileSync(built.discs[0]!.files.register.json, 'utf8')) as { rows: { recordingId: number; gaps: { id: string; position: string; explanation: { reason: string; text: string } | null }[] }[] };
    const gapsOf = (rid: number) => reg.rows.find((x) => x.recordingId === rid)!.gaps;
    const explainedId = `${id('0001234', 2)}-${id('0001234', 3)}`;
    expect(gapsOf(id('0001234', 2))).toEqual([expect.objectContaining({ id: explainedId, position: 'after', explanation: { reason: 'device-fault', text: '记录仪死机，重启后继续录制' } })]);
    expect(gapsOf(id('0001234', 3))).toEqual([expect.objectContaining({ id: explainedId, position: 'before' })]);
    expect(gapsOf(id('0005678', 1))).toEqual([expect.objectContaining({ position: 'after', explanation: null })]);
    const html = fs.readFileSync(built.discs[0]!.files.register.html, 'utf8');
    expect(html).toContain('录像中断情况（共 2 处，未说明 1 处）');
    expect(html).toContain('设备故障，记录仪死机，重启后继续录制');
    expect(html).toContain('（须书面说明）');
    expect(fs.readFileSync(built.discs[0]!.files.register.csv, 'utf8')).toContain('此后中断');
  }, 120_000);
});
