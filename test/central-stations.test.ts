/**
 * End to end: two real stations (two vaults, each with a `replication` section naming the same bucket
 * and its own station name) ingest recordings and replicate them; the central catalogue indexes the
 * bucket, and its report's numbers for each station are that station's own `report inspection --json`,
 * its totals their sum. Each station's metadata goes up once more in a digest, and the index takes
 * it from there, and from nowhere a digest merely claims.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CentralReport } from '../src/core/central-report.js';
import type { InspectionReport } from '../src/core/inspection-types.js';
import type { IndexSummary } from '../src/services/central-index.js';
import { centralWorkspace, type CentralWorkspace } from './support/central.js';
import { makeWorkspace, runCli, runJson } from './support/cli.js';
import { recorderFileName, writeRecorderFiles } from './support/media.js';
import { startObjectStore, type ObjectStore } from './support/object-store.js';
import { startPostgres, type Postgres } from './support/postgres.js';
import { putLocked, storeClient as rawClient } from './support/station-objects.js';
import { storeClient, withReplication } from './support/store-client.js';

const md5 = (text: string) => crypto.createHash('md5').update(text).digest('hex');

const BUCKET = 'bureau-evidence';
const PERIOD = ['--from', '2026-11-01', '--to', '2026-11-28'];

interface Station {
  name: string;
  ws: ReturnType<typeof makeWorkspace>;
}

/** A station's officers, recorders and a day's recordings, as a custodian would enter and dock them. */
function stationWithRecordings(name: string, store: ObjectStore, plan: { officers: [string, string, string][]; device: string; files: { officer: string; stamp: string; seconds: number }[] }): Station {
  const ws = makeWorkspace(`ev-central-${name}-`);
  withReplication(ws.config, store, BUCKET, name);
  const cli = (...args: string[]) => {
    const r = runCli(['--config', ws.config, ...args]);
    expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
  };
  for (const [id, officerName, unit] of plan.officers) cli('officer', 'add', '--id', id, '--name', officerName, '--unit', unit);
  cli('device', 'add', '--number', plan.device, '--brand', '海康威视', '--model', 'DSJ-A8');
  const card = path.join(ws.dir, 'card');
  writeRecorderFiles(
    card,
    plan.files.map((f, i) => ({ name: recorderFileName({ device: plan.device, officer: f.officer, stamp: f.stamp, seq: i + 1 }), seconds: f.seconds })),
  );
  cli('ingest', card, '--device', plan.device);
  cli('replicate', 'run');
  return { name, ws };
}

describe('two stations replicated, indexed centrally', () => {
  let store: ObjectStore;
  let db: Postgres;
  let central: CentralWorkspace;
  const stations: Station[] = [];

  beforeAll(() => {
    store = startObjectStore();
    db = startPostgres();
    db.createDatabase('central');
    central = centralWorkspace(store, db, { bucket: BUCKET, database: 'central' });
    stations.push(
      stationWithRecordings('st-a', store, {
        officers: [
          ['110101', '张三', '一中队'],
          ['110102', '李四', '二中队'],
        ],
        device: '0001234',
        files: [
          { officer: '110101', stamp: '20261120093000', seconds: 2 },
          { officer: '110101', stamp: '20261120100000', seconds: 3 },
          { officer: '110102', stamp: '20261121090000', seconds: 1 },
          // An officer the station's register does not know.
          { officer: '999999', stamp: '20261122090000', seconds: 2 },
        ],
      }),
      stationWithRecordings('st-b', store, {
        officers: [['220201', '王五', '三中队']],
        device: '0005678',
        files: [
          { officer: '220201', stamp: '20261120080000', seconds: 1 },
          { officer: '220201', stamp: '20261123080000', seconds: 2 },
        ],
      }),
    );
  });

  afterAll(() => {
    for (const s of stations) s.ws.cleanup();
    central?.cleanup();
    db?.stop();
    store?.stop();
  });

  it("sends each station's metadata versions as a digest: every line the metadata object's bytes, version and ETag", async () => {
    const c = storeClient(store, BUCKET);
    try {
      for (const [name, count] of [['st-a', 4], ['st-b', 2]] as const) {
        const digests = await c.versions(`stations/${name}/digests/`);
        expect(digests.map((d) => d.key), name).toEqual([expect.stringMatching(new RegExp(`^stations/${name}/digests/\\d{12}-000000000001-00000000000${count}\\.jsonl$`))]);
        expect((await c.retention(digests[0]!.key)).mode).toBe('COMPLIANCE');
        const lines = (await c.text(digests[0]!.key)).trimEnd().split('\n').map((l) => JSON.parse(l) as { key: string; versionId: string; etag: string; body: string });
        expect(lines.map((l) => l.key).sort()).toEqual(Array.from({ length: count }, (_, i) => `stations/${name}/recordings/${i + 1}.json`));
        for (const l of lines) {
          expect(await c.text(l.key)).toBe(l.body);
          expect(md5(l.body)).toBe(l.etag);
          expect((await c.versions(l.key)).map((v) => v.versionId)).toContain(l.versionId);
        }
      }
    } finally {
      c.close();
    }
  });

  it("indexes both stations' metadata and trails from the store, the metadata from the digests", () => {
    const r = central.run('central', 'index', '--json');
    expect(r.status, r.stderr).toBe(0);
    const s = JSON.parse(r.stdout) as IndexSummary;
    expect(s.totals).toMatchObject({ stations: 2, recordings: 6, recordingsRead: 6, recordingsFromDigests: 6, invalid: 0, trailsBroken: 0 });
    for (const st of s.stations) {
      expect(st.trail.ok, st.station).toBe(true);
      expect(st.trail.entries).toBeGreaterThan(0);
      // The descriptor, the digest and the trail's segments: no metadata object read one by one.
      expect(st.objectsRead, st.station).toBe(2 + st.segments);
    }
  });

  it("counts each station as its own report inspection does, and the totals are the sum of theirs", () => {
    const all = central.json<CentralReport>('central', 'report', ...PERIOD);
    const counts = (l: { recordings: number; seconds: number; daysRecorded: number }) => [l.recordings, l.seconds, l.daysRecorded];
    const byKey = (a: unknown[], b: unknown[]) => String(a[0]).localeCompare(String(b[0]));
    let recordings = 0;
    let seconds = 0;
    for (const { name, ws } of stations) {
      const own = runJson<InspectionReport>(['--config', ws.config, 'report', 'inspection', ...PERIOD]);
      const mine = central.json<CentralReport>('central', 'report', ...PERIOD, '--station', name);
      expect(mine.totals.recordings, name).toBe(own.totals.recordings);
      expect(mine.totals.seconds, name).toBe(own.totals.seconds);
      expect(mine.stations[0]).toMatchObject({ station: name, recordings: own.totals.recordings, seconds: own.totals.seconds });
      const used = <T extends { recordings: number }>(ls: T[]) => ls.filter((l) => l.recordings > 0);
      expect(mine.officers.map((o) => [o.officerId, o.name, o.unit, ...counts(o)]).sort(byKey), name).toEqual(used(own.officers).map((o) => [o.officerId, o.name, o.unit, ...counts(o)]).sort(byKey));
      expect(mine.recorders.map((d) => [d.recorder, ...counts(d)]).sort(byKey), name).toEqual(used(own.devices).map((d) => [d.deviceNumber, ...counts(d)]).sort(byKey));
      expect(mine.units.map((u) => [u.unit, ...counts(u)]).sort(byKey), name).toEqual(used(own.units).map((u) => [u.unit, ...counts(u)]).sort(byKey));
      // The whole report's lines for this station are the same as the station-only report's.
      expect(all.officers.filter((o) => o.station === name)).toEqual(mine.officers);
      recordings += own.totals.recordings;
      seconds += own.totals.seconds;
    }
    expect(all.totals).toMatchObject({ stations: 2, recordings, seconds, trailsBroken: 0 });
    expect(recordings).toBe(6);
  });

  it('passes over a digest line that is not the bytes the store lists (reading that object itself), and names a line that is not whole', async () => {
    // Someone with the store's keys puts a new version of a metadata object, and a digest claiming
    // its ETag with other bytes: the index must read what the store holds, never what a digest says.
    const c = storeClient(store, BUCKET);
    const raw = rawClient(store);
    const key = 'stations/st-a/recordings/2.json';
    try {
      const put = { ...(JSON.parse(await c.text(key)) as Record<string, unknown>), originalName: 'put-on-top.MP4' };
      const onTop = `${JSON.stringify(put, null, 1)}\n`;
      await putLocked(raw, BUCKET, key, onTop);
      const claimed = { key, versionId: 'forged', etag: md5(onTop), body: onTop.replace('put-on-top', 'claimed-by-digest') };
      await putLocked(raw, BUCKET, 'stations/st-a/digests/999999999999-999999999990-999999999999.jsonl', `${JSON.stringify(claimed)}\nnot a line\n`);
      // A "digest" far larger than any a station writes is a finding, not read into memory.
      await putLocked(raw, BUCKET, 'stations/st-b/digests/999999999999-000000000001-000000000002.jsonl', 'x'.repeat(64 * 1024 * 1024 + 1));
      // So is a metadata object far larger than any a station writes: read no further than its length.
      await putLocked(raw, BUCKET, 'stations/st-b/recordings/999.json', `{"format":"evidence-vault/recording@1","pad":"${'y'.repeat(5 * 1024 * 1024)}"}`);
    } finally {
      c.close();
      raw.destroy();
    }
    db.createDatabase('forged');
    const other = centralWorkspace(store, db, { bucket: BUCKET, database: 'forged' });
    try {
      const s = other.json<IndexSummary>('central', 'index');
      const a = s.stations.find((x) => x.station === 'st-a')!;
      expect(a).toMatchObject({ recordings: 4, recordingsRead: 4, recordingsFromDigests: 3, invalid: 1 });
      expect(s.stations.find((x) => x.station === 'st-b')).toMatchObject({ recordings: 2, recordingsFromDigests: 2, invalid: 2 });
      expect(db.psql('forged', "SELECT problem FROM indexed_objects WHERE station = 'st-b' AND kind = 'digest'")).toMatch(/larger than any metadata digest a station writes .*not read/);
      expect(db.psql('forged', "SELECT problem FROM indexed_objects WHERE key = 'stations/st-b/recordings/999.json'")).toMatch(/larger than any object of its kind a station writes .*not read/);
      expect(db.psql('forged', "SELECT original_name FROM recordings WHERE station = 'st-a' AND recording_id = 2")).toBe('put-on-top.MP4');
      expect(db.psql('forged', "SELECT problem FROM indexed_objects WHERE station = 'st-a' AND kind = 'digest' AND problem IS NOT NULL")).toMatch(/line 2: \(line\): not JSON/);
      expect(db.psql('forged', 'SELECT count(*) FROM digest_lines')).toBe('0');
    } finally {
      other.cleanup();
    }
  });

  it("sends each recording's R14 level with its metadata, and central search shows secret footage by station, id, level and date alone", () => {
    const b = stations.find((x) => x.name === 'st-b')!;
    const as = (user: string, ...args: string[]) => {
      const r = runCli(['--config', b.ws.config, ...args], { SUDO_USER: user });
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
      return r;
    };
    const admin = runJson<{ osUser: string; roles: string[] }[]>(['--config', b.ws.config, 'operator', 'list']).find((o) => o.roles.includes('admin'))!.osUser;
    as(admin, 'operator', 'add', 'lead', '--name', '领导', '--role', 'approver');
    as(admin, 'operator', 'clearance', 'lead', '--level', 'state-secret', '--reason', '分管保密工作');
    const [secret] = runJson<{ id: number; originalName: string }[]>(['--config', b.ws.config, 'recordings', 'list']).sort((x, y) => x.id - y.id);
    as('lead', 'recordings', 'classify', String(secret!.id), '--level', 'state-secret', '--reason', '涉及军事设施');
    // The level is a change to send: the refresh puts a new metadata version, and the digest carries it.
    as(admin, 'replicate', 'run');
    const s = central.json<IndexSummary>('central', 'index');
    expect(s.stations.find((x) => x.station === 'st-b')).toMatchObject({ recordingsRead: 1, recordingsFromDigests: 1 });

    type Found = { recordings: Record<string, unknown>[]; secretLeftOut: number };
    const all = central.json<Found>('central', 'search', '--station', 'st-b');
    expect(all.recordings).toHaveLength(2);
    expect(all.recordings.find((h) => h.recordingId === secret!.id)).toEqual({ station: 'st-b', recordingId: secret!.id, hidden: true, level: 'state-secret', localDate: expect.any(String) });
    expect(all.recordings.find((h) => h.recordingId !== secret!.id)).toMatchObject({ level: 'ordinary', officerId: '220201', originalName: expect.any(String) });
    const text = central.run('central', 'search', '--station', 'st-b', '--lang', 'zh');
    expect(text.stdout).toContain('国家秘密，不显示');
    expect(text.stdout).not.toContain(secret!.originalName);
    // A search that names whose footage it is leaves secret footage out altogether, and says how many.
    const byOfficer = central.json<Found>('central', 'search', '--officer', '220201');
    expect(byOfficer.recordings.map((h) => h.recordingId)).not.toContain(secret!.id);
    expect(byOfficer.secretLeftOut).toBe(1);
    expect(central.run('central', 'search', '--officer', '220201', '--lang', 'en').stdout).toMatch(/1 secret recording\(s\) \(R14\) of the stations and dates searched are not searched by officer, recorder, case or unit, nor listed/);
  });
});
