/**
 * Red team, issue 17, second round: what replication puts on the record and what it leaves out. A
 * recording failing the same way on every retry, a store gone and back (two runs at once), a live
 * recording whose outbox row was lost: each is on the record once, and `replicate status` says what
 * holds a recording up in words. A real Ceph RGW, the built CLI.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../src/core/audit-chain.js';
import { recordingObjectKey } from '../src/core/replication.js';
import { runCli, startCli, type RecordingJson } from './support/cli.js';
import type { Mounted } from './support/fat-volume.js';
import { startObjectStore, type ObjectStore, storeClient } from './support/object-store.js';
import { dockRecorder, ingestDocked, makeStation, type Workspace } from './support/station.js';
import { flipByte, tamperCatalogue } from './support/tamper.js';
import { exitOf } from './support/wait.js';

const parse = <T>(r: { status: number; stdout: string; stderr: string }): T => {
  if (!r.stdout.trim()) throw new Error(`no output (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
};

describe('red team: replication failures on the record (issue 17)', { timeout: 240_000 }, () => {
  let store: ObjectStore;
  let ws: Workspace;
  let volume: Mounted;
  let rec: RecordingJson;
  const cli = (...args: string[]) => runCli(['--config', ws.config, '--lang', 'en', ...args]);
  const entries = (action: string) => parse<AuditEntry[]>(cli('audit', 'log', '--action', action, '--json')).filter((e) => e.action === action);
  /** The back-off's next try made due now, as hours passing would. */
  const due = () => tamperCatalogue(ws.catalog, 'UPDATE replication_outbox SET next_try_ms = 0');

  beforeAll(() => {
    store = startObjectStore();
    ws = makeStation(store, 'ev-rt17b-fail-', 'st-rt17b-fail');
    volume = dockRecorder(ws, [{ stamp: '20260805090000', size: 200_000 }]);
    ingestDocked(ws, volume);
    rec = parse<RecordingJson[]>(cli('recordings', 'list', '--json'))[0]!;
  }, 240_000);

  afterAll(() => {
    volume?.unmount();
    ws?.cleanup();
    store?.stop();
  }, 120_000);

  it('a recording failing the same way on every retry is on the record once, again when the error changes; status keeps the current one', async () => {
    const file = path.join(ws.vault, rec.vaultPath);
    flipByte(file, 1000);
    for (let i = 0; i < 4; i++) {
      due();
      expect(cli('replicate', 'run').status).toBe(1);
    }
    const first = entries('replicate.put').filter((e) => e.outcome === 'failed');
    expect(first).toHaveLength(1);
    // The damaged bytes were sent signed with the catalogue's hash, and the store kept none of them.
    const s3 = await storeClient(store);
    try {
      expect(await s3.versions(recordingObjectKey(rec.sha256))).toEqual([]);
    } finally {
      s3.close();
    }
    expect(first[0]!.details).toMatchObject({ recordingId: rec.id, attempts: 1 });
    // Another fault of the same copy: a different error, recorded once more.
    flipByte(file, 1000);
    flipByte(file, 2000);
    for (let i = 0; i < 3; i++) {
      due();
      expect(cli('replicate', 'run').status).toBe(1);
    }
    const failed = entries('replicate.put').filter((e) => e.outcome === 'failed');
    expect(failed).toHaveLength(2);
    expect(failed[1]!.details.error).not.toBe(failed[0]!.details.error);
    const status = parse<{ failing: number; lastError: string; lastErrorKind: string; lastErrorRecording: number }>(cli('replicate', 'status', '--json'));
    expect(status).toMatchObject({ failing: 1, lastError: failed[1]!.details.error, lastErrorKind: 'vault-copy-differs', lastErrorRecording: rec.id });
    expect(status.lastError).toContain(rec.vaultPath);
    // The text a custodian reads says what failed and what to do, not the vault path, the hashes or the client's internals.
    const en = cli('replicate', 'status');
    expect(en.stdout).toContain(`the first (recording #${rec.id}): the vault's file no longer matches the catalogue's hash (damaged or changed): run evidence-vault verify, then evidence-vault repair`);
    const zh = runCli(['--config', ws.config, '--lang', 'zh', 'replicate', 'status']);
    expect(zh.stdout).toContain('证据库中的文件与目录库记录的哈希不符');
    for (const text of [en.stdout, zh.stdout]) {
      expect(text).not.toContain(rec.vaultPath);
      expect(text).not.toContain(rec.sha256);
    }
    // Put right: it goes, and a later failure of it would be news again.
    flipByte(file, 2000);
    due();
    expect(cli('replicate', 'run').status).toBe(0);
    expect(entries('replicate.put').filter((e) => e.outcome === 'ok')).toHaveLength(1);
  });

  it('a store that cannot be reached is one entry when first found so and one when it answers again, not one per retry', () => {
    store.stopGateway();
    try {
      for (let i = 0; i < 3; i++) {
        due();
        expect(cli('replicate', 'run').status).toBe(75);
      }
      const down = entries('replicate.unreachable');
      expect(down).toHaveLength(1);
      expect(down[0]).toMatchObject({ target: store.endpoint, outcome: 'failed' });
    } finally {
      store.startGateway();
    }
    for (let i = 0; i < 2; i++) expect(cli('replicate', 'run').status).toBe(0);
    const up = entries('replicate.reachable');
    expect(up).toHaveLength(1);
    expect(up[0]).toMatchObject({ target: store.endpoint, outcome: 'ok', details: { unreachableSince: expect.any(String), error: expect.any(String) } });
    expect(entries('replicate.unreachable')).toHaveLength(1);
  });

  it('two runs at once finding the store gone, then back, record each change once', async () => {
    // Something queued, so each run has work that finds the store gone.
    tamperCatalogue(ws.catalog, `INSERT INTO replication_outbox (kind, recording_id, queued_at) VALUES ('refresh', ${rec.id}, '2026-01-01T00:00:00Z')`);
    const both = async () => {
      due();
      const runs = [0, 1].map(() => startCli(['--config', ws.config, '--lang', 'en', 'replicate', 'run']));
      return Promise.all(runs.map((c) => exitOf(c)));
    };
    store.stopGateway();
    try {
      expect(await both()).toEqual([75, 75]);
    } finally {
      store.startGateway();
    }
    expect(entries('replicate.unreachable')).toHaveLength(2);
    expect((await both()).every((code) => code === 0)).toBe(true);
    expect(entries('replicate.reachable')).toHaveLength(2);
  });
});

describe('red team: a recording neither replicated nor queued (issue 17)', { timeout: 240_000 }, () => {
  let store: ObjectStore;
  let ws: Workspace;
  const cli = (...args: string[]) => runCli(['--config', ws.config, '--lang', 'en', ...args]);

  beforeAll(() => {
    store = startObjectStore();
    ws = makeStation(store, 'ev-rt17b-lost-', 'st-rt17b-lost');
    const media = path.join(ws.dir, 'media', 'DCIM');
    fs.mkdirSync(media, { recursive: true });
    fs.writeFileSync(path.join(media, '0001234_110101_20260806090000_0001.MP4'), crypto.randomBytes(150_000));
    for (const args of [
      ['officer', 'add', '--id', '110101', '--name', '张三', '--unit', '执法一队'],
      ['device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8', '--serial', 'HK0001234'],
      ['ingest', path.dirname(media), '--device', '0001234'],
      ['replicate', 'run'],
    ]) {
      const r = cli(...args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    fs.writeFileSync(path.join(media, '0001234_110101_20260807090000_0002.MP4'), crypto.randomBytes(160_000));
    expect(cli('ingest', path.dirname(media), '--device', '0001234').status).toBe(0);
  }, 240_000);

  afterAll(() => {
    ws?.cleanup();
    store?.stop();
  }, 120_000);

  it('verify --remote reports it (not silently missing), and replicate run queues it again, on the record', () => {
    const late = parse<RecordingJson[]>(cli('recordings', 'list', '--json')).find((r) => r.originalName.endsWith('_0002.MP4'))!;
    // Its outbox row lost, as a catalogue put back from a backup loses it.
    tamperCatalogue(ws.catalog, `DELETE FROM replication_outbox WHERE recording_id = ${late.id}`);
    const r = cli('verify', '--remote', '--json');
    expect(r.status).toBe(1);
    const out = parse<{ problems: { recordingId: number; kind: string; key: string }[]; notQueued: number; checked: number }>(r);
    expect(out.problems).toEqual([expect.objectContaining({ recordingId: late.id, kind: 'not-replicated', key: recordingObjectKey(late.sha256) })]);
    expect(out).toMatchObject({ notQueued: 1, checked: 1 });
    const en = cli('verify', '--remote');
    expect(en.stdout).toContain(`not-replicated #${late.id} ${late.vaultPath}`);
    expect(en.stdout).toContain('run evidence-vault replicate run');
    const zh = runCli(['--config', ws.config, '--lang', 'zh', 'verify', '--remote']);
    expect(zh.stdout).toContain(`未复制        #${late.id}`);
    expect(zh.stdout).toContain('evidence-vault replicate run');

    const run = cli('replicate', 'run', '--json');
    expect(run.status, run.stderr).toBe(0);
    expect(parse<{ put: number; requeued: number }>(run)).toMatchObject({ put: 1, requeued: 1 });
    const requeue = parse<AuditEntry[]>(cli('audit', 'log', '--action', 'replicate.requeue', '--json'));
    expect(requeue).toHaveLength(1);
    expect(requeue[0]!.details).toMatchObject({ recordingIds: { count: 1, first: [late.id] } });
    const clean = cli('verify', '--remote', '--json');
    expect(clean.status).toBe(0);
    expect(parse<{ notQueued: number; checked: number }>(clean)).toMatchObject({ notQueued: 0, checked: 2 });
    // Nothing left to queue: a second run records nothing more.
    expect(cli('replicate', 'run').status).toBe(0);
    expect(parse<AuditEntry[]>(cli('audit', 'log', '--action', 'replicate.requeue', '--json'))).toHaveLength(1);
  });
});
