/**
 * The central catalogue when things are not there or not free: a database no index has made yet, the
 * store not answering (try again, the failure on the record, the next run catching up), and a
 * second index while one holds the lock (refused, on the record).
 */
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IndexSummary } from '../src/services/central-index.js';
import { startCentralStack, type CentralStack, type CentralWorkspace } from './support/central.js';
import type { Postgres } from './support/postgres.js';
import { StationWriter } from './support/station-objects.js';

describe('central catalogue faults', () => {
  let stack: CentralStack;
  let db: Postgres;
  let ws: CentralWorkspace;
  let station: StationWriter;
  const psql = (sql: string) => stack.psql(sql);

  beforeAll(async () => {
    stack = await startCentralStack();
    ({ db, ws } = stack);
    station = new StationWriter(stack.client, 'evidence', 'st-01', '某某大队');
    await station.descriptor();
    for (let id = 1; id <= 3; id++) await station.recording({ recordingId: id });
  });

  afterAll(() => stack?.stop());

  it('a report or search before any index says to run the index first, and creates nothing', () => {
    for (const args of [['central', 'report', '--from', '2026-05-01', '--to', '2026-05-31'], ['central', 'search']]) {
      const r = ws.run(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('database central holds no central catalogue yet\n  try: Run evidence-vault central index first');
    }
    expect(psql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).toBe('0');
  });

  it('says try again when the store cannot be reached, records the failure, and catches up once it answers', () => {
    // A store that does not answer: nothing listens on its port.
    const config = JSON.parse(fs.readFileSync(ws.config, 'utf8'));
    const away = path.join(ws.dir, 'away.json');
    fs.writeFileSync(away, JSON.stringify({ ...config, store: { ...config.store, endpoint: 'http://127.0.0.1:1' } }));
    const r = ws.run('--config', away, 'central', 'index');
    expect(r.status).toBe(75);
    expect(r.stderr).toMatch(/cannot reach the object store at http:\/\/127\.0\.0\.1:1: .*\n {2}try: Try again once the store answers/);
    expect(psql("SELECT outcome || '|' || (error <> '') FROM index_runs")).toBe('failed|true');
    const s = ws.json<IndexSummary>('central', 'index');
    expect(s.totals).toMatchObject({ stations: 1, recordings: 3, objectsRead: 4 });
  });

  it('refuses a second index while one runs (try again), and puts the refusal on the record', async () => {
    const client = new pg.Client({ host: db.host, port: db.port, user: db.user, database: 'central' });
    await client.connect();
    try {
      // The lock every index takes, held as a running index holds it.
      await client.query('SELECT pg_advisory_lock($1)', [0x65766331]);
      const r = ws.run('central', 'index');
      expect(r.status).toBe(75);
      expect(r.stderr).toContain('another central index is running\n  try: Try again when it has finished');
    } finally {
      await client.end();
    }
    expect(psql("SELECT outcome FROM index_runs ORDER BY id DESC LIMIT 1")).toBe('refused');
    expect(ws.run('central', 'index').status).toBe(0);
  });
});
