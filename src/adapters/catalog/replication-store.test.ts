/**
 * The outbox's claims (real SQLite, real migrations): a row one process works on is not taken by
 * another, yet a holder that stops renewing its claim (a `replicate run` suspended with Ctrl-Z through
 * sudo: alive, doing nothing) does not hold the row for ever.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLAIM_LEASE_MS } from '../../core/replication.js';
import { openCatalog } from './database.js';
import { RecordingStore } from './recording-store.js';
import { ReplicationStore } from './replication-store.js';
import { bareRecording } from '../../../test/support/seed-recordings.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-outbox-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('the replication outbox', () => {
  it('a claim lasts while its holder renews it; a live holder that stops renewing loses it after the lease', () => {
    const db = openCatalog(path.join(dir, 'c.sqlite'), { create: true });
    const id = new RecordingStore(db).insert(bareRecording('1.MP4', { sha256: 'a'.repeat(64), vaultPath: 'v/1.MP4' }));
    const outbox = new ReplicationStore(db);
    const alive = () => true;
    const t0 = Date.parse('2026-11-29T00:00:00Z');
    expect(outbox.claim(t0, 64, 'run-a', alive).map((i) => i.recordingId)).toEqual([id]);
    expect(outbox.claim(t0 + 1_000, 64, 'daemon', alive)).toEqual([]);
    // Renewed while its upload goes on: still the holder's past the first lease.
    outbox.renewClaims('run-a', t0 + CLAIM_LEASE_MS - 1_000);
    expect(outbox.claim(t0 + CLAIM_LEASE_MS + 1_000, 64, 'daemon', alive)).toEqual([]);
    // Then it stops renewing (suspended): a lease on, the row is free for another.
    expect(outbox.claim(t0 + 2 * CLAIM_LEASE_MS, 64, 'daemon', alive).map((i) => i.recordingId)).toEqual([id]);
    // Its own holder may go on with it too; release frees only the releasing owner's rows.
    outbox.release('run-a');
    expect(outbox.claim(t0 + 2 * CLAIM_LEASE_MS + 1_000, 64, 'run-a', alive)).toEqual([]);
    outbox.release('daemon');
    expect(outbox.claim(t0 + 2 * CLAIM_LEASE_MS + 2_000, 64, 'run-a', alive).map((i) => i.recordingId)).toEqual([id]);
    db.close();
  });
});
