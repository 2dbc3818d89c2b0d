/**
 * Trail segments against a store that keeps what it is given, or not: a real catalogue and trail, a
 * store held in memory. A segment whose lock the store did not keep is not recorded as sent, its failure
 * is on the record (the dock service has no command to record it), and the next attempt sends the same
 * range under the same key, so segments in the store never overlap.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditFile } from '../adapters/audit-file.js';
import { AuditStore } from '../adapters/catalog/audit-store.js';
import { inTransaction, openCatalog } from '../adapters/catalog/database.js';
import { ReplicationStore } from '../adapters/catalog/replication-store.js';
import { silentLogger } from '../adapters/logger.js';
import type { ObjectHead, ObjectStore } from '../adapters/object-store.js';
import { systemClock } from '../core/types.js';
import { unitClock } from '../core/unit-clock.js';
import { AuditTrail } from './audit-trail.js';
import { TrailShipper } from './trail-shipping.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-trail-shipping-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A store in memory that keeps locks only while `keepsLocks` says so. */
function memoryStore() {
  const objects = new Map<string, { body: Buffer; until: Date | null }[]>();
  const state = { keepsLocks: true };
  const headOf = (key: string, versionId?: string): ObjectHead | null => {
    const versions = objects.get(key) ?? [];
    const i = versionId === undefined ? versions.length - 1 : Number(versionId);
    const v = versions[i];
    if (!v) return null;
    return { size: v.body.length, etag: '', versionId: String(i), sha256: null, station: null, lockMode: v.until ? 'COMPLIANCE' : null, retainUntil: v.until };
  };
  const s3 = {
    endpoint: 'memory',
    bucket: 'memory',
    async putBytes(key: string, body: Buffer, lockUntil: Date | null) {
      const versions = objects.get(key) ?? [];
      versions.push({ body, until: state.keepsLocks ? lockUntil : null });
      objects.set(key, versions);
      return { versionId: String(versions.length - 1), etag: '' };
    },
    async readBack(key: string, versionId: string) {
      const v = objects.get(key)![Number(versionId)]!;
      return { sha256: crypto.createHash('sha256').update(v.body).digest('hex'), size: v.body.length };
    },
    async head(key: string, versionId?: string) {
      return headOf(key, versionId);
    },
  } as unknown as ObjectStore;
  return { s3, objects, state };
}

describe('TrailShipper', () => {
  it('a segment whose lock the store did not keep is not recorded as sent; the failure is on the record, and the next attempt sends the same range under the same key', async () => {
    const db = openCatalog(path.join(dir, 'c.sqlite'), { create: true });
    const clock = unitClock(systemClock, 'Asia/Shanghai');
    const auditStore = new AuditStore(db);
    const audit = new AuditTrail({ transaction: (fn) => inTransaction(db, fn), store: auditStore, file: new AuditFile(path.join(dir, 'trail.jsonl')), clock, log: silentLogger() }, { operator: 'li', role: 'custodian' });
    for (let i = 0; i < 5; i++) audit.record({ action: 'status', target: 'vault' });
    const outbox = new ReplicationStore(db);
    const shipper = new TrailShipper('st-01', 100, { auditStore, outbox, audit, clock });
    const store = memoryStore();

    store.state.keepsLocks = false;
    await expect(shipper.ship(store.s3)).rejects.toThrow(/did not keep the lock/);
    expect(outbox.lastSegment()).toBeUndefined();
    const failed = audit.entries({ action: 'replicate.trail' });
    expect(failed.map((e) => [e.outcome, e.target])).toEqual([['failed', 'stations/st-01/trail/000000000001-000000000005.jsonl']]);

    // The trail has grown meanwhile; the range reserved first still goes first, under its key.
    audit.record({ action: 'status', target: 'vault' });
    store.state.keepsLocks = true;
    expect(await shipper.ship(store.s3)).toMatchObject({ segments: 2 });
    const keys = [...store.objects.keys()];
    expect(keys).toEqual(['stations/st-01/trail/000000000001-000000000005.jsonl', 'stations/st-01/trail/000000000006-000000000007.jsonl']);
    expect(outbox.lastSegment()).toMatchObject({ firstSeq: 6, lastSeq: 7 });
    db.close();
  });
});
