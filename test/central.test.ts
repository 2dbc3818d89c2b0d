/**
 * The central catalogue through the built CLI against a real Ceph object store and a real
 * PostgreSQL: two stations' objects (written as docs/replication.md says, Object Lock and all) indexed
 * once and again (nothing read twice), a new version picked up, a disposed recording, the report's
 * totals against each station's, search by each filter, and the trail check catching an altered entry
 * and a segment that never arrived.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CentralReport } from '../src/core/central-report.js';
import type { CentralRecordingHit } from '../src/core/central-search.js';
import type { IndexSummary } from '../src/services/central-index.js';
import { centralWorkspace, type CentralWorkspace } from './support/central.js';
import { runCli } from './support/cli.js';
import { startObjectStore, type ObjectStore } from './support/object-store.js';
import { startPostgres, type Postgres } from './support/postgres.js';
import { createLockedBucket, putLocked, segmentText, StationWriter, storeClient } from './support/station-objects.js';

type Search = { recordings: CentralRecordingHit[]; more: boolean; limit: number };

describe('central index, report and search', () => {
  let store: ObjectStore;
  let pg: Postgres;
  let ws: CentralWorkspace;
  let one: StationWriter;
  let two: StationWriter;
  const bucket = 'evidence';
  const psql = (sql: string) => pg.psql('central', sql);

  beforeAll(async () => {
    store = startObjectStore();
    pg = startPostgres();
    pg.createDatabase('central');
    ws = centralWorkspace(store, pg, { bucket, database: 'central' });
    const client = storeClient(store);
    await createLockedBucket(client, bucket);
    one = new StationWriter(client, bucket, 'st-01', '某某大队一所');
    two = new StationWriter(client, bucket, 'st-02', '某某大队二所');
    await one.descriptor();
    await two.descriptor();
    const zhang = { id: '110101', name: '张三', unit: '一中队' };
    const li = { id: '110102', name: '李四', unit: '二中队' };
    // st-01: 张三 three on DSJ-0001 over two days, 李四 two on DSJ-0002, one nobody is attributed to.
    await one.recording({ recordingId: 1, officer: zhang, localDate: '2026-05-10', durationSeconds: 600.4 });
    await one.recording({ recordingId: 2, officer: zhang, localDate: '2026-05-10', durationSeconds: 300.3 });
    await one.recording({ recordingId: 3, officer: zhang, localDate: '2026-05-11', durationSeconds: 1200, flags: ['clock-skew'] });
    await one.recording({ recordingId: 4, officer: li, recorder: 'DSJ-0002', localDate: '2026-05-11', durationSeconds: 60 });
    await one.recording({ recordingId: 5, officer: li, recorder: 'DSJ-0002', localDate: '2026-05-12', durationSeconds: null });
    await one.recording({ recordingId: 6, officer: null, recorder: null, localDate: '2026-05-12', durationSeconds: 30 });
    // st-02: one officer on one recorder, one recording linked to a case, one outside May.
    const wang = { id: '220201', name: '王五', unit: '三中队' };
    await two.recording({ recordingId: 1, officer: wang, recorder: 'DSJ-0100', localDate: '2026-05-10', durationSeconds: 100 });
    await two.recording({ recordingId: 2, officer: wang, recorder: 'DSJ-0100', localDate: '2026-05-11', durationSeconds: 200, cases: [{ number: 'CASE-17', category: 'penalty' }] });
    await two.recording({ recordingId: 3, officer: wang, recorder: 'DSJ-0100', localDate: '2026-05-11', durationSeconds: 300 });
    await two.recording({ recordingId: 4, officer: wang, recorder: 'DSJ-0100', localDate: '2026-06-02', durationSeconds: 400 });
    one.act(5);
    await one.sendSegment();
    one.act(5);
    await one.sendSegment();
    two.act(3);
    await two.sendSegment();
    two.act(4);
    await two.sendSegment();
  });

  afterAll(() => {
    ws?.cleanup();
    pg?.stop();
    store?.stop();
  });

  it('reads every station into PostgreSQL and checks each trail', () => {
    const r = ws.run('central', 'index', '--json');
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as IndexSummary;
    expect(s.totals).toMatchObject({ stations: 2, recordings: 10, recordingsRead: 10, segments: 4, invalid: 0, trailsBroken: 0 });
    // 10 metadata objects, 4 segments, 2 descriptors.
    expect(s.totals.objectsRead).toBe(16);
    expect(s.findings).toBe(false);
    const st1 = s.stations.find((x) => x.station === 'st-01')!;
    expect(st1.trail).toMatchObject({ ok: true, entries: 10, problems: 0 });
    expect(st1.trail.head!.seq).toBe(10);
    expect(psql('SELECT count(*) FROM trail_entries')).toBe('17');
    expect(psql("SELECT unit || '|' || timezone FROM stations WHERE station = 'st-02'")).toBe('某某大队二所|Asia/Shanghai');
  });

  it('a second run with nothing new reads nothing and counts the same; both runs are on the record', () => {
    const s = ws.json<IndexSummary>('central', 'index');
    expect(s.totals).toMatchObject({ stations: 2, objectsListed: 16, objectsRead: 0, recordingsRead: 0, recordings: 10, segments: 4 });
    const runs = psql("SELECT what || '|' || outcome || '|' || (os_account <> '') || '|' || (finished_at >= started_at) FROM index_runs ORDER BY id").split('\n');
    expect(runs).toEqual(['central index|ok|true|true', 'central index|ok|true|true']);
  });

  it('picks up a new version of a metadata object (a case linked) and reads nothing else', async () => {
    await one.recording({ recordingId: 2, officer: { id: '110101', name: '张三', unit: '一中队' }, localDate: '2026-05-10', durationSeconds: 300.3, cases: [{ number: 'CASE-17', category: 'penalty' }] });
    const s = ws.json<IndexSummary>('central', 'index');
    expect(s.totals).toMatchObject({ objectsRead: 1, recordingsRead: 1, recordings: 10 });
    const hits = ws.json<Search>('central', 'search', '--case', 'CASE-17');
    expect(hits.recordings.map((h) => `${h.station}/${h.recordingId}`).sort()).toEqual(['st-01/2', 'st-02/2']);
    const versions = psql("SELECT version_id IS NOT NULL FROM indexed_objects WHERE key = 'stations/st-01/recordings/2.json'");
    expect(versions).toBe('t');
  });

  it('keeps a disposed recording, counted as the station counts it and marked in search', async () => {
    await two.recording({ recordingId: 3, officer: { id: '220201', name: '王五', unit: '三中队' }, recorder: 'DSJ-0100', localDate: '2026-05-11', durationSeconds: 300, disposed: { at: '2026-11-12T02:30:00+08:00', approvedBy: '领导', reason: 'retention ended' } });
    expect(ws.json<IndexSummary>('central', 'index').totals.objectsRead).toBe(1);
    const [hit] = ws.json<Search>('central', 'search', '--station', 'st-02', '--from', '2026-05-11', '--to', '2026-05-11', '--officer', '220201').recordings.filter((h) => h.recordingId === 3);
    expect(hit!.disposedAt).toBe('2026-11-12T02:30:00+08:00');
    const r = ws.json<CentralReport>('central', 'report', '--from', '2026-05-01', '--to', '2026-05-31', '--station', 'st-02');
    expect(r.stations[0]).toMatchObject({ station: 'st-02', recordings: 3, seconds: 600, daysRecorded: 2, disposed: 1 });
  });

  it('reports per station, unit, officer and recorder, and its totals are the sum of the stations', () => {
    const all = ws.json<CentralReport>('central', 'report', '--from', '2026-05-01', '--to', '2026-05-31');
    const st1 = ws.json<CentralReport>('central', 'report', '--from', '2026-05-01', '--to', '2026-05-31', '--station', 'st-01');
    const st2 = ws.json<CentralReport>('central', 'report', '--from', '2026-05-01', '--to', '2026-05-31', '--station', 'st-02');
    for (const key of ['recordings', 'seconds', 'disposed'] as const) expect(all.totals[key]).toBe(st1.totals[key] + st2.totals[key]);
    expect(all.totals).toMatchObject({ stations: 2, recordings: 9, seconds: 2791, daysRecorded: 3 });
    // By hand: 600.4 + 300.3 + 1200 + 60 + 0 + 30 = 2190.7 at st-01.
    expect(st1.stations[0]).toMatchObject({ unit: '某某大队一所', recordings: 6, seconds: 2191, daysRecorded: 3, disposed: 0 });
    const o = Object.fromEntries(all.officers.map((l) => [`${l.station}/${l.officerId ?? 'none'}`, l]));
    expect(o['st-01/110101']).toMatchObject({ name: '张三', unit: '一中队', recordings: 3, seconds: 2101, daysRecorded: 2 });
    expect(o['st-01/110102']).toMatchObject({ recordings: 2, seconds: 60, daysRecorded: 2 });
    expect(o['st-01/none']).toMatchObject({ name: null, recordings: 1, seconds: 30 });
    expect(o['st-02/220201']).toMatchObject({ recordings: 3, seconds: 600, daysRecorded: 2 });
    const u = Object.fromEntries(all.units.map((l) => [`${l.station}/${l.unit ?? 'none'}`, l]));
    expect(u['st-01/一中队']).toMatchObject({ officers: 1, recordings: 3 });
    expect(u['st-01/none']).toMatchObject({ officers: 0, recordings: 1 });
    const d = Object.fromEntries(all.recorders.map((l) => [`${l.station}/${l.recorder ?? 'none'}`, l]));
    expect(d['st-01/DSJ-0001']).toMatchObject({ recordings: 3, clockFlagged: 1, daysRecorded: 2 });
    expect(d['st-01/none']).toMatchObject({ recordings: 1 });
    expect(all.stations.every((s) => s.trail?.ok)).toBe(true);
    expect(all.notAvailable).toContain('gaps');
    const text = ws.run('central', 'report', '--from', '2026-05-01', '--to', '2026-05-31');
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/Totals: 2 stations, 9 files, 0\.8 hours, 3 days recorded/);
  });

  it('searches by officer, recorder, dates, unit and station, newest first, with a limit', () => {
    const ids = (...args: string[]) => ws.json<Search>('central', 'search', ...args).recordings.map((h) => `${h.station}/${h.recordingId}`);
    expect(ids('--officer', '110102')).toEqual(['st-01/5', 'st-01/4']);
    expect(ids('--recorder', 'DSJ-0100', '--from', '2026-05-11')).toEqual(['st-02/4', 'st-02/3', 'st-02/2']);
    expect(ids('--from', '2026-05-12', '--to', '2026-05-12')).toEqual(['st-01/6', 'st-01/5']);
    expect(ids('--unit', '二中队')).toEqual(['st-01/5', 'st-01/4']);
    expect(ids('--unit', '某某大队二所').length).toBe(4);
    expect(ids('--station', 'st-02', '--to', '2026-05-10')).toEqual(['st-02/1']);
    const limited = ws.json<Search>('central', 'search', '--limit', '2');
    expect(limited).toMatchObject({ more: true, limit: 2 });
    expect(limited.recordings).toHaveLength(2);
    const text = ws.run('central', 'search', '--officer', '110102');
    expect(text.stdout).toMatch(/st-01\s+5\s+2026-05-12 09:05:00/);
    expect(text.stdout).toMatch(/2 recording\(s\)\./);
    const bad = ws.run('central', 'search', '--from', '2026-13-01');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--from "2026-13-01" is not a date\n {2}try: Give dates as YYYY-MM-DD/);
  });

  it('takes a segment the station sent again (after a crash, with later entries) as a retry, not a break', async () => {
    two.act(3);
    // Sent as 8–9, not recorded by the station before it stopped; sent again as 8–10 next time.
    await putLocked(two.client, bucket, two.segmentKey(8, 9), segmentText(two.entries(8, 9)));
    await two.sendSegment();
    const s = ws.json<IndexSummary>('central', 'index');
    expect(s.stations.find((x) => x.station === 'st-02')!.trail).toMatchObject({ ok: true, entries: 10, head: { seq: 10 } });
  });

  it('catches an entry altered in a rewritten segment, and a segment that never arrived, naming station and seq', async () => {
    // st-02 rewrites its first segment with entry 2 altered: the store keeps both versions.
    const altered = two.entries(1, 3).map((e) => (e.seq === 2 ? { ...e, target: 'recording 99' } : e));
    await putLocked(two.client, bucket, two.segmentKey(1, 3), segmentText(altered));
    // st-01 never sends entries 11–13; the next segment (14–15) arrives.
    one.act(3);
    one.skipSegment();
    one.act(2);
    await one.sendSegment();
    const r = ws.run('central', 'index', '--json');
    expect(r.status, r.stderr).toBe(1);
    const s = JSON.parse(r.stdout) as IndexSummary;
    expect(s.findings).toBe(true);
    const st1 = s.stations.find((x) => x.station === 'st-01')!;
    expect(st1.trail).toMatchObject({ ok: false, firstProblem: { kind: 'missing', seq: 11, segment: one.segmentKey(14, 15) } });
    const report = ws.json<CentralReport>('central', 'report', '--from', '2026-05-01', '--to', '2026-05-31');
    const trail2 = report.stations.find((x) => x.station === 'st-02')!.trail!;
    expect(trail2.ok).toBe(false);
    expect(trail2.problems.map((p) => `${p.kind}@${p.seq}`).sort()).toEqual(['bad-hash@2', 'rewritten@1']);
    expect(report.totals.trailsBroken).toBe(2);
    const text = ws.run('central', 'report', '--from', '2026-05-01', '--to', '2026-05-31');
    expect(text.stdout).toMatch(/st-02 .*BROKEN \(at 1\)/);
    expect(text.stdout).toMatch(/entry 2: altered after it was written \(its hash does not match\) \(stations\/st-02\/trail\/000000000001-000000000003\.jsonl\)/);
    expect(text.stdout).toMatch(/entry 11: missing \(in no segment\)/);
    // The rewrite stays a finding whatever the store shows later.
    expect(psql("SELECT count(*) FROM trail_rewrites WHERE station = 'st-02'")).toBe('1');
    expect(psql("SELECT outcome FROM index_runs ORDER BY id DESC LIMIT 1")).toBe('findings');
  });

  it('says what is wrong with an object that is not what its format says, and reads it again only when it changes', async () => {
    await putLocked(one.client, bucket, 'stations/st-01/recordings/7.json', JSON.stringify({ ...one.metadata({ recordingId: 7 }), localDate: '2026-02-30' }));
    const s = ws.json<IndexSummary>('central', 'index');
    expect(s.stations.find((x) => x.station === 'st-01')).toMatchObject({ invalid: 1, objectsRead: 1 });
    expect(psql("SELECT problem FROM indexed_objects WHERE key = 'stations/st-01/recordings/7.json'")).toBe('localDate: not a date YYYY-MM-DD');
    expect(ws.json<IndexSummary>('central', 'index').totals.objectsRead).toBe(0);
    await one.recording({ recordingId: 7, localDate: '2026-05-20' });
    const fixed = ws.json<IndexSummary>('central', 'index');
    expect(fixed.stations.find((x) => x.station === 'st-01')).toMatchObject({ invalid: 0, recordingsRead: 1, recordings: 7 });
  });

  it('refuses a credentials file others can read, a config key it does not know, and no config at all', () => {
    const creds = path.join(ws.dir, 's3-credentials.json');
    fs.chmodSync(creds, 0o644);
    try {
      const r = ws.run('central', 'index');
      expect(r.status).toBe(77);
      expect(r.stderr).toContain(`refused: the object store credentials file ${creds} has mode 0644`);
      expect(r.stderr).toContain(`try: Make it readable by its owner only: chmod 600 ${creds}`);
    } finally {
      fs.chmodSync(creds, 0o600);
    }
    const config = JSON.parse(fs.readFileSync(ws.config, 'utf8'));
    const other = path.join(ws.dir, 'other.json');
    fs.writeFileSync(other, JSON.stringify({ ...config, postgres: { ...config.postgres, sslmode: 'off' } }));
    const unknown = ws.run('--config', other, 'central', 'report', '--from', '2026-05-01', '--to', '2026-05-31');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown key "postgres.sslmode"');
    const none = runCli(['central', 'search']);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/the central catalogue runs with a config file of its own \(--config FILE\)\n {2}try: e\.g\. evidence-vault --config/);
  });
});
