/**
 * `restore-station` end to end through the built CLI against a real Ceph RADOS Gateway. A station
 * ingests a FAT32 volume, links recordings to a case, places holds, disposes of an old recording and
 * replicates; its disk is then "replaced": a second vault made with init under the same station name is
 * rebuilt from the store, killed midway and run again. Every recording comes back with its id and
 * SHA-256, verify and audit verify pass, the restore is on the record, and nothing is sent again.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../src/core/audit-chain.js';
import { runCli, startCli, type RecordingJson } from './support/cli.js';
import type { Mounted } from './support/fat-volume.js';
import { startObjectStore, type ObjectStore, storeClient } from './support/object-store.js';
import { dockRecorder, ingestDocked, makeStation, type Workspace } from './support/station.js';
import { startDaemon, withDockConfig } from './support/daemon.js';
import { killWhen, waitFor } from './support/wait.js';

interface RestoreJson {
  resumed: boolean;
  trail: { segments: number; entries: number; head: { seq: number; hash: string } | null; replacedEntries: number };
  recordings: { catalogued: number; disposed: number; placed: number; alreadyPlaced: number; bytes: number };
  registers: { officers: number; devices: number; cases: number; caseLinks: number; holds: number; levels: number };
  notRestored: unknown[];
  onlyInTrail: { id: number; vaultPath: string; seq: number }[];
  notCarried: string[];
  storeUnreachable: string | null;
}

const STATION = 'st-restore';
const LIVE = 10;
const sha256 = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');
const parse = <T>(r: { status: number; stdout: string; stderr: string }): T => {
  if (!r.stdout.trim()) throw new Error(`no output (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
};
/** ffprobe's findings and the clock-skew measure: not in the store's metadata. Every other field comes back as it was. */
const NOT_IN_METADATA = new Set(['probeError', 'clockSkewSeconds', 'videoCodec', 'audioCodec', 'width', 'height']);
const kept = (r: RecordingJson) => Object.fromEntries(Object.entries(r).filter(([k]) => !NOT_IN_METADATA.has(k)));
const footage = (ws: Workspace) => {
  const root = path.join(ws.vault, '现场执法记录仪影像资料');
  return fs.existsSync(root) ? (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('.MP4')) : [];
};

describe('restore-station', () => {
  let store: ObjectStore;
  let old: Workspace;
  let fresh: Workspace;
  let volume: Mounted;
  let before: RecordingJson[];
  let disposedId: number;
  /** The two recordings of the case (held through it) and the one held on its own. */
  let held: number[];
  /** Classified commercial-secret before the disk was lost. */
  let secret: number;
  /** Ingested, then gone before it was replicated. */
  let lost: RecordingJson;
  const on = (ws: Workspace, env: Record<string, string> = {}) => (...args: string[]) => runCli(['--config', ws.config, '--lang', 'en', ...args], env);

  beforeAll(async () => {
    store = startObjectStore();
    old = makeStation(store, 'ev-restore-old-', STATION);
    const days = Array.from({ length: LIVE }, (_, i) => ({ stamp: `202608${String(i + 1).padStart(2, '0')}090000`, size: 8 * 1024 * 1024 + i * 1000 }));
    volume = dockRecorder(old, [...days, { stamp: '20200301090000', size: 200_000 }]);
    ingestDocked(old, volume);
    const cli = on(old);
    // By start time: the ten of August 2026, then the one of 2020 (ids follow the order the copies finished in).
    const ids = parse<RecordingJson[]>(cli('recordings', 'list', '--json')).sort((a, b) => b.startedAt.localeCompare(a.startedAt)).map((r) => r.id);
    disposedId = ids[LIVE]!;
    for (const args of [
      ['case', 'create', '鞍自然执〔2026〕17号', '--title', '违法占地案', '--place', '千山区某村'],
      ['case', 'link', '鞍自然执〔2026〕17号', '--recording', String(ids[0]), String(ids[1])],
      ['hold', 'add', '--case', '鞍自然执〔2026〕17号', '--reason', 'complaint'],
      ['hold', 'add', '--recording', String(ids[2]), '--reason', 'other', '--permanent', '--note', '纪检监察调取，永久保存'],
      ['operator', 'add', 'zhao', '--name', '赵六', '--role', 'approver'],
      ['operator', 'clearance', 'zhao', '--level', 'commercial-secret', '--reason', '承办涉企案件'],
      ['replicate', 'run'],
    ]) {
      const r = cli(...args);
      expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    // One recording is secret footage (R14): its level goes with its metadata, and must come back with it.
    const classified = on(old, { SUDO_USER: 'zhao' })('recordings', 'classify', String(ids[3]), '--level', 'commercial-secret', '--reason', '拍摄到企业生产工艺');
    expect(classified.status, classified.stderr).toBe(0);
    expect(cli('replicate', 'run').status).toBe(0);
    secret = ids[3]!;
    // The 2020 recording is past its retention: disposed of on the station, then in the store once its short lock runs out.
    const disposal = on(old, { SUDO_USER: 'zhao' })('retention', 'run', '--execute', '--reason', '保存期满清理', '--json');
    expect(parse<{ disposed: { id: number }[] }>(disposal).disposed.map((d) => d.id)).toEqual([disposedId]);
    await waitFor('the disposal to reach the store', () => {
      cli('replicate', 'run');
      return parse<{ disposals: number }>(cli('replicate', 'status', '--json')).disposals === 0;
    }, 120_000, 1000);
    expect(cli('replicate', 'run').status).toBe(0);
    before = parse<RecordingJson[]>(cli('recordings', 'list', '--json')).sort((a, b) => a.id - b.id);
    expect(before.map((r) => r.id).sort((a, b) => a - b)).toEqual([...ids].sort((a, b) => a - b));
    held = ids.slice(0, 3);
    // One more recording, lost from the vault before it reached the store: only its ingest entry, in the trail, leaves the machine.
    const late = path.join(old.dir, 'late', 'DCIM');
    fs.mkdirSync(late, { recursive: true });
    fs.writeFileSync(path.join(late, '0001234_110101_20260820090000_0020.MP4'), Buffer.alloc(100_000, 7));
    expect(cli('ingest', path.dirname(late), '--device', '0001234').status).toBe(0);
    lost = parse<RecordingJson[]>(cli('recordings', 'list', '--json')).find((r) => r.originalName?.endsWith('_0020.MP4'))!;
    fs.rmSync(path.join(old.vault, lost.vaultPath));
    expect(cli('replicate', 'run').status).toBe(1); // its upload fails; the trail segment still goes
    fresh = makeStation(store, 'ev-restore-new-', STATION, { concurrency: 1 });
  }, 300_000);

  afterAll(() => {
    volume?.unmount();
    old?.cleanup();
    fresh?.cleanup();
    store?.stop();
  }, 120_000);

  it('refuses a vault that already holds recordings', () => {
    const r = on(old)('restore-station');
    expect(r.status).toBe(77);
    expect(r.stderr).toContain("refused: this vault's catalogue already holds");
  });

  it('refuses a new vault used since init (exit 77, naming the act), and the trail read is not cut short by its own refusal', () => {
    const used = makeStation(store, 'ev-restore-used-', STATION);
    try {
      expect(on(used)('officer', 'add', '--id', '110109', '--name', '钱七').status).toBe(0);
      const r = on(used)('restore-station');
      expect(r.status, r.stderr).toBe(77);
      expect(r.stderr).toMatch(/refused: .*officer\.add/);
      expect(r.stderr).not.toMatch(/busy|unexpected/i);
    } finally {
      used.cleanup();
    }
  });

  it('takes a new vault whose dock service has started and stopped, as the installer leaves a PC set up anew', async () => {
    // The service starts as soon as init has made the vault; with the old station's name it is refused
    // by the store (another trail holds the name) and sends nothing; it is then stopped for the restore.
    withDockConfig(fresh.config, fresh.dir);
    const daemon = startDaemon(fresh.config);
    const started = () => parse<{ action: string }[]>(on(fresh)('audit', 'log', '--action', 'daemon.start', '--json')).length > 0;
    await waitFor('the dock service to start', started, 60_000, 200);
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    expect(parse<{ action: string }[]>(on(fresh)('audit', 'log', '--action', 'daemon.stop', '--json')).length).toBe(1);
  });

  it('rebuilds the station on a new disk, killed midway and run again, with every recording, its trail and the restore on the record', async () => {
    const cli = on(fresh);
    const child = startCli(['--config', fresh.config, '--lang', 'en', 'restore-station', '--json'], {}, { ownGroup: true });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    // 'close' comes once its output is all read, after 'exit'.
    const closed = new Promise((resolve) => child.once('close', resolve));
    await killWhen(child, 'some recordings placed, not all', () => footage(fresh).length > 0 && footage(fresh).length < LIVE, 120_000);
    await closed;
    const placedBefore = footage(fresh).length;
    expect(stderr).toContain('restore-station: catalogue rebuilt: 11 recordings (1 disposed)');
    expect(placedBefore).toBeGreaterThan(0);
    expect(placedBefore).toBeLessThan(LIVE);

    const again = cli('restore-station', '--json');
    expect(again.status, again.stderr).toBe(1); // everything the store holds is back; one recording it never had is lost
    expect(again.stderr).toContain('restore-station: carrying on the rebuild begun at');
    const report = parse<RestoreJson>(again);
    expect(report).toMatchObject({ resumed: true, notRestored: [], storeUnreachable: null });
    expect(report.onlyInTrail).toEqual([{ id: lost.id, vaultPath: lost.vaultPath, seq: expect.any(Number) }]);
    expect(report.recordings).toMatchObject({ catalogued: LIVE + 1, disposed: 1 });
    expect(report.recordings.alreadyPlaced).toBeGreaterThanOrEqual(placedBefore);
    expect(report.recordings.placed + report.recordings.alreadyPlaced).toBe(LIVE);
    expect(report.notCarried).toEqual(expect.arrayContaining(['operators-and-roles', 'access-requests-and-grants', 'inspections', 'register-history']));

    // Every recording back, byte for byte, read-only, under its own id; the catalogue as the station had it.
    expect(parse<{ ok: boolean; problems: unknown[] }>(cli('verify', '--json'))).toMatchObject({ ok: true, problems: [] });
    const after = parse<RecordingJson[]>(cli('recordings', 'list', '--json')).sort((a, b) => a.id - b.id);
    expect(after.map(kept)).toEqual(before.map(kept));
    // The secret recording is hidden from the administrator (no clearance) on the rebuilt station as on the old one.
    expect(after.find((x) => x.id === secret)).toMatchObject({ hidden: true, level: 'commercial-secret' });
    expect(report.registers.levels).toBe(1);
    for (const r of after.filter((x) => x.id !== disposedId && x.id !== secret)) {
      expect(sha256(path.join(fresh.vault, r.vaultPath))).toBe(r.sha256);
      expect(fs.statSync(path.join(fresh.vault, r.vaultPath)).mode & 0o777).toBe(0o444);
    }
    const audit = cli('audit', 'verify', '--json');
    expect(audit.status, audit.stderr).toBe(0);
    expect(parse<{ ok: boolean }>(audit).ok).toBe(true);

    // Holds and the case as far as the metadata carries them; the disposed recording as its tombstone.
    const holds = parse<{ recordingId: number | null; reason: string; permanent: boolean }[]>(cli('hold', 'list', '--json'));
    expect(holds.map((h) => [h.recordingId, h.reason, h.permanent]).sort()).toEqual([[held[0], 'complaint', false], [held[1], 'complaint', false], [held[2], 'other', true]].sort());
    const shown = parse<{ case: { id: number; title: string }; recordings: { recordingId: number }[] }>(cli('case', 'show', '鞍自然执〔2026〕17号', '--json'));
    expect(shown.case).toMatchObject({ id: 1, title: '违法占地案' });
    expect(shown.recordings.map((r) => r.recordingId).sort()).toEqual([held[0], held[1]].sort());
    const tombstone = parse<{ state: string }>(cli('retention', 'show', String(disposedId), '--json'));
    expect(tombstone.state).toBe('disposed');
    expect(fs.existsSync(path.join(fresh.vault, after.find((x) => x.id === disposedId)!.vaultPath))).toBe(false);

    // On the record: the station's own trail first, verbatim, then the restore.
    const trail = parse<AuditEntry[]>(cli('audit', 'log', '--json'));
    expect(trail[0]).toMatchObject({ seq: 1, action: 'operator.bootstrap', prevHash: '0'.repeat(64) });
    const catalogue = trail.find((e) => e.action === 'restore-station.catalogue')!;
    expect(catalogue.seq).toBe(report.trail.head!.seq + LIVE + 2);
    expect(catalogue.details).toMatchObject({ endpoint: store.endpoint, bucket: 'evidence', station: STATION, recordings: LIVE + 1, disposed: 1 });
    // init's three, then what the new vault did before the restore (its service started and stopped, looks): kept in the entry.
    const replaced = (catalogue.details.replacedEntries as AuditEntry[]).map((e) => e.action);
    expect(replaced.slice(0, 3)).toEqual(['operator.bootstrap', 'vault.init', 'config.loaded']);
    expect(replaced).toEqual(expect.arrayContaining(['daemon.start', 'daemon.stop']));
    const places = trail.filter((e) => e.action === 'restore-station.place' && e.outcome === 'ok').map((e) => e.details.recordingId);
    expect(new Set(places).size).toBe(places.length);
    expect(places.length).toBeLessThanOrEqual(LIVE);
    expect(trail.filter((e) => e.action === 'restore-station.recording')).toHaveLength(LIVE + 1);
    expect(trail.filter((e) => e.action === 'restore-station').at(-1)).toMatchObject({ outcome: 'ok', operator: expect.any(String), details: { resumed: true, station: STATION, recordings: report.recordings } });
    expect(fs.readdirSync(path.join(fresh.vault, '.audit')).some((f) => f.startsWith('audit-trail.before-restore-'))).toBe(true);

    // Nothing sent again; the trail goes on from the station's last segment.
    const sent = parse<{ put: number; trailSegments: number; failed: number }>(cli('replicate', 'run', '--json'));
    expect(sent).toMatchObject({ put: 0, failed: 0, trailSegments: 1 });

    const twice = cli('restore-station');
    expect(twice.status).toBe(77);
    expect(twice.stderr).toContain('already rebuilt from the object store');
  }, 300_000);

  it('stops with exit 75 when the store cannot be reached, changing nothing, on the record', () => {
    const fourth = makeStation(store, 'ev-restore-fourth-', STATION);
    try {
      const cli = on(fourth);
      store.stopGateway();
      let r;
      try {
        r = cli('restore-station');
      } finally {
        store.startGateway();
      }
      expect(r.status, r.stderr).toBe(75);
      expect(r.stderr).toContain(`cannot reach the object store at ${store.endpoint}`);
      expect(parse<RecordingJson[]>(cli('recordings', 'list', '--json'))).toEqual([]);
      expect(parse<AuditEntry[]>(cli('audit', 'log', '--action', 'restore-station', '--json')).at(-1)).toMatchObject({ outcome: 'failed', details: { endpoint: store.endpoint } });
    } finally {
      fourth.cleanup();
    }
  }, 120_000);

  it('refuses a trail whose segment was rewritten in the store, naming the entry, and restores nothing', async () => {
    const third = makeStation(store, 'ev-restore-third-', STATION);
    try {
      const s3 = await storeClient(store);
      try {
        const [first] = (await s3.versions(`stations/${STATION}/trail/`)).map((v) => v.key).sort();
        const lines = (await s3.getBytes(first!)).toString('utf8').trimEnd().split('\n');
        const entry = JSON.parse(lines[3]!) as AuditEntry;
        lines[3] = JSON.stringify({ ...entry, target: 'someone else' });
        // A new version over the locked one: the lock keeps the old version, it cannot stop a newer one.
        await s3.putBytes(first!, Buffer.from(`${lines.join('\n')}\n`), null, 'application/x-ndjson');
      } finally {
        s3.close();
      }
      const cli = on(third);
      const r = cli('restore-station');
      expect(r.status).toBe(77);
      expect(r.stderr).toContain(`station ${STATION}'s audit trail in the object store breaks at entry 4`);
      expect(parse<RecordingJson[]>(cli('recordings', 'list', '--json'))).toEqual([]);
      expect(footage(third)).toEqual([]);
      const refused = parse<AuditEntry[]>(cli('audit', 'log', '--action', 'restore-station', '--json'));
      expect(refused.at(-1)).toMatchObject({ outcome: 'refused', details: { brokenAt: 4 } });
    } finally {
      third.cleanup();
    }
  }, 120_000);
});
