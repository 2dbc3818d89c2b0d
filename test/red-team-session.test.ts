/**
 * The central catalogue against what someone holding the store's keys can put, and what an uncleared
 * searcher can ask: a digest or metadata object holding text PostgreSQL cannot store (a NUL, half a
 * surrogate pair) is a finding for its key, not a failed index for every station; and how many secret
 * recordings a search left out does not depend on whose footage the search named.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary } from '../src/services/central-index.js';
import { centralWorkspace, type CentralWorkspace } from './support/central.js';
import { startObjectStore, type ObjectStore } from './support/object-store.js';
import { startPostgres, type Postgres } from './support/postgres.js';
import { createLockedBucket, putLocked, StationWriter, storeClient } from './support/station-objects.js';

const md5 = (text: string) => crypto.createHash('md5').update(text).digest('hex');
const pad = (n: number) => String(n).padStart(12, '0');

describe('central index and search against what the store and a searcher can be made to hold', () => {
  let store: ObjectStore;
  let db: Postgres;
  let ws: CentralWorkspace;
  let client: ReturnType<typeof storeClient>;
  const psql = (sql: string) => db.psql('central', sql);

  beforeAll(async () => {
    store = startObjectStore();
    db = startPostgres();
    db.createDatabase('central');
    ws = centralWorkspace(store, db, { bucket: 'evidence', database: 'central' });
    client = storeClient(store);
    await createLockedBucket(client, 'evidence');
  });

  afterAll(() => {
    ws?.cleanup();
    db?.stop();
    store?.stop();
  });

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
});
