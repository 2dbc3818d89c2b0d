/**
 * The central catalogue against what someone holding the store's keys can put, and what an uncleared
 * searcher can ask: a digest or metadata object holding text PostgreSQL cannot store (a NUL, half a
 * surrogate pair) is a finding for its key, not a failed index for every station; and how many secret
 * recordings a search left out does not depend on whose footage the search named. And restore-station
 * against a station lost between the dock service sending a level and its daily trail segment, and a
 * metadata object naming a level no station has.
 */
import crypto from 'node:crypto';
import path from 'node:path';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary } from '../src/services/central-index.js';
import { startCentralStack, type CentralStack, type CentralWorkspace } from './support/central.js';
import type { ObjectStore } from './support/object-store.js';
import { putLocked, StationWriter } from './support/station-objects.js';
import { runCli, runJson } from './support/cli.js';
import { startDaemon, withDockConfig } from './support/daemon.js';
import { recorderFileName, writeRecorderFiles } from './support/media.js';
import { makeStation, type Workspace } from './support/station.js';
import { waitFor } from './support/wait.js';

const md5 = (text: string) => crypto.createHash('md5').update(text).digest('hex');
const pad = (n: number) => String(n).padStart(12, '0');

describe('central index and search against what the store and a searcher can be made to hold', () => {
  let stack: CentralStack;
  let store: ObjectStore;
  let ws: CentralWorkspace;
  let client: CentralStack['client'];
  const psql = (sql: string) => stack.psql(sql);

  beforeAll(async () => {
    stack = await startCentralStack();
    ({ store, ws, client } = stack);
  });

  afterAll(() => stack?.stop());

  it('a digest line or a metadata object holding a NUL or half a surrogate pair is a finding for its key; every other station is still indexed', async () => {
    const good = new StationWriter(client, 'evidence', 'st-good', '一大队');
    await good.descriptor();
    await good.recording({ recordingId: 1 });
    const bad = new StationWriter(client, 'evidence', 'st-bad', '二大队');
    await bad.descriptor();
    const m = await bad.recording({ recordingId: 1 });
    const body = JSON.stringify(m);
    const key = 'stations/st-bad/recordings/1.json';
    // Lines JSON allows and PostgreSQL's text cannot hold: a NUL in the body, the version id or the key, a lone surrogate.
    const lines = [
      { key, versionId: 'v1', etag: md5(body), body: `${body}\u0000` },
      { key, versionId: 'v\u0000', etag: md5(body), body },
      { key: `${key}\u0000`, versionId: 'v1', etag: md5(body), body },
      { key, versionId: '\ud800', etag: md5(body), body },
    ];
    await putLocked(client, 'evidence', `stations/st-bad/digests/${pad(1)}-${pad(1)}-${pad(1)}.jsonl`, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    // A metadata object whose level (new with R14) is a NUL: its problem text names the value.
    await putLocked(client, 'evidence', 'stations/st-bad/recordings/2.json', JSON.stringify({ ...bad.metadata({ recordingId: 2 }), classification: '\u0000' }));
    await putLocked(client, 'evidence', 'stations/st-bad/recordings/3.json', JSON.stringify({ ...bad.metadata({ recordingId: 3 }), originalName: 'a\ud800b' }));

    const r = ws.run('central', 'index', '--json');
    expect(r.status, r.stderr).toBe(1);
    const s = JSON.parse(r.stdout) as IndexSummary;
    expect(s.stations.find((x) => x.station === 'st-good')).toMatchObject({ recordings: 1 });
    // The recording the digest's lines claim is read from the store itself.
    expect(s.stations.find((x) => x.station === 'st-bad')).toMatchObject({ recordings: 1, recordingsFromDigests: 0, invalid: 3 });
    expect(psql("SELECT original_name FROM recordings WHERE station = 'st-bad'")).toBe(m.originalName);
    const problems = psql("SELECT key || ': ' || problem FROM indexed_objects WHERE station = 'st-bad' AND problem IS NOT NULL ORDER BY key");
    expect(problems).toMatch(/digests\/.*: 4 line\(s\) not whole: line 1: body: holds a NUL or half a surrogate pair, which PostgreSQL cannot store; line 2: versionId: holds/);
    expect(problems).toMatch(/recordings\/2\.json: .*holds a NUL or half a surrogate pair/);
    expect(problems).toMatch(/recordings\/3\.json: .*holds a NUL or half a surrogate pair/);
    // A second run reads none of them again.
    expect(ws.json<IndexSummary>('central', 'index').totals.objectsRead).toBe(0);
  });

  it("how many secret recordings a search left out does not say whose they are: the count is of the stations and dates searched, whatever officer, recorder, case or unit was named", async () => {
    const st = new StationWriter(client, 'evidence', 'st-sec', '三大队');
    await st.descriptor();
    const officer = (id: string) => ({ id, name: `警员${id}`, unit: '三中队' });
    await st.recording({ recordingId: 1, localDate: '2026-06-01', officer: officer('330001'), recorder: 'DSJ-A', cases: [{ number: '鞍公（刑）立字〔2026〕1号', category: 'criminal' }] });
    await st.recording({ recordingId: 2, localDate: '2026-06-01', officer: officer('330002'), recorder: 'DSJ-B', classification: 'state-secret', cases: [{ number: '鞍公（刑）立字〔2026〕9号', category: 'criminal' }] });
    await st.recording({ recordingId: 3, localDate: '2026-06-02', officer: officer('330001'), recorder: 'DSJ-A', classification: 'commercial-secret' });
    expect(ws.run('central', 'index').status).toBeLessThan(2);

    type Found = { recordings: { recordingId: number; hidden?: true }[]; secretLeftOut: number };
    const search = (...args: string[]) => ws.json<Found>('central', 'search', '--station', 'st-sec', '--from', '2026-06-01', '--to', '2026-06-01', ...args);
    // Unnamed, the day's secret recording is a hidden row: its station, id, level and date, as designed.
    expect(search().recordings.filter((h) => h.hidden).map((h) => h.recordingId)).toEqual([2]);
    // Named, the count must not tell which officer, recorder or case the hidden row is: the same for the right name and the wrong one.
    const asked = [
      ['--officer', '330002'], ['--officer', '330001'], ['--officer', '999999'],
      ['--recorder', 'DSJ-B'], ['--recorder', 'DSJ-A'],
      ['--case', '鞍公（刑）立字〔2026〕9号'], ['--case', '鞍公（刑）立字〔2026〕1号'],
      ['--unit', '三中队'], ['--unit', '无此单位'],
    ];
    for (const a of asked) {
      const found = search(...a);
      expect(found.recordings.map((h) => h.recordingId), a.join(' ')).not.toContain(2);
      expect(found.secretLeftOut, a.join(' ')).toBe(1);
    }
    // Over both days: both secret recordings of the station, named or not.
    expect(ws.json<Found>('central', 'search', '--station', 'st-sec', '--officer', '999999').secretLeftOut).toBe(2);
  });

  it('a recording classified after the last trail segment went comes back at that level: the trail names the version before, and a later version raising the level is taken for the level alone', async () => {
    const old = makeStation(store, 'ev-level-old-', 'st-level');
    const fresh = makeStation(store, 'ev-level-new-', 'st-level');
    try {
      const on = (ws: Workspace, user?: string) => (...args: string[]) => {
        const r = runCli(['--config', ws.config, '--lang', 'en', ...args], user ? { SUDO_USER: user } : {});
        expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
        return r;
      };
      const card = path.join(old.dir, 'card');
      writeRecorderFiles(card, [1, 2].map((seq) => ({ name: recorderFileName({ stamp: `2026112${seq}093000`, seq }) })));
      on(old)('officer', 'add', '--id', '110101', '--name', '张三', '--unit', '一中队');
      on(old)('device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8');
      on(old)('ingest', card, '--device', '0001234');
      const admin = runJson<{ osUser: string; roles: string[] }[]>(['--config', old.config, 'operator', 'list']).find((o) => o.roles.includes('admin'))!.osUser;
      on(old, admin)('operator', 'add', 'lead', '--name', '领导', '--role', 'approver');
      on(old, admin)('operator', 'clearance', 'lead', '--level', 'state-secret', '--reason', '分管保密工作');
      on(old)('replicate', 'run');
      const [secret] = runJson<{ id: number }[]>(['--config', old.config, 'recordings', 'list']).map((r) => r.id).sort((a, b) => a - b);
      // The dock service: its first pass is the day's (the trail goes); its later passes send changes at once, and the trail with the next day's.
      withDockConfig(old.config, old.dir);
      const daemon = startDaemon(old.config);
      const entries = (action: string) => runJson<unknown[]>(['--config', old.config, 'audit', 'log', '--action', action]).length;
      await waitFor("the dock service's daily pass", () => entries('replicate.trail') > 1, 120_000, 200);
      on(old, 'lead')('recordings', 'classify', String(secret), '--level', 'state-secret', '--reason', '涉及军事设施');
      // Sent; the disk is lost before the next daily pass sends the trail naming it.
      await waitFor('the level sent to the store', () => entries('replicate.refresh') > 0, 120_000, 200);
      daemon.child.kill('SIGTERM');
      expect(await daemon.exited).toBe(0);

      const restored = runJson<{ registers: { levels: number }; laterVersions: unknown[] }>(['--config', fresh.config, 'restore-station']);
      expect(restored.registers.levels).toBe(1);
      // Nobody without clearance sees it on the rebuilt station, as on the old one.
      const listed = runJson<{ id: number; hidden?: true; level?: string }[]>(['--config', fresh.config, 'recordings', 'list']);
      expect(listed.find((r) => r.id === secret)).toMatchObject({ hidden: true, level: 'state-secret' });
    } finally {
      old.cleanup();
      fresh.cleanup();
    }
  }, 300_000);

  it('a metadata object whose level is none of the four is not restored, and the rest of the station is', async () => {
    const old = makeStation(store, 'ev-badlevel-old-', 'st-badlevel');
    const fresh = makeStation(store, 'ev-badlevel-new-', 'st-badlevel');
    try {
      const card = path.join(old.dir, 'card');
      writeRecorderFiles(card, [{ name: recorderFileName({ stamp: '20261121093000', seq: 1 }) }]);
      for (const args of [
        ['officer', 'add', '--id', '110101', '--name', '张三', '--unit', '一中队'],
        ['device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8'],
        ['ingest', card, '--device', '0001234'],
        ['replicate', 'run'],
      ]) expect(runCli(['--config', old.config, ...args]).status, args.join(' ')).toBe(0);
      // Whoever holds the store's keys puts a recording of their own beside it, at a level the station has not.
      const got = await client.send(new GetObjectCommand({ Bucket: 'evidence', Key: 'stations/st-badlevel/recordings/1.json' }));
      const m = JSON.parse(await got.Body!.transformToString()) as Record<string, unknown>;
      const forged = { ...m, recordingId: 99, vaultPath: String(m.vaultPath).replace(/\.MP4$/, '-2.MP4'), classification: 'top-secret' };
      await putLocked(client, 'evidence', 'stations/st-badlevel/recordings/99.json', JSON.stringify(forged));

      const r = runCli(['--config', fresh.config, 'restore-station', '--json']);
      expect(r.status, r.stderr).toBe(1);
      const restored = JSON.parse(r.stdout) as { recordings: { catalogued: number }; notRestored: { id: number; reason: string }[] };
      expect(restored.recordings.catalogued).toBe(1);
      expect(restored.notRestored).toEqual([expect.objectContaining({ id: 99, reason: expect.stringContaining('level "top-secret" is none of') })]);
    } finally {
      old.cleanup();
      fresh.cleanup();
    }
  }, 300_000);
});
