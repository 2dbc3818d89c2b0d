/**
 * The audit trail's new entries sent to the store as a locked segment (docs/replication.md): once a
 * day and on `replicate run`. Segments follow each other without a gap; each is read back and compared
 * before the catalogue records it, so the next one starts where the store's copy really ends. History
 * that left the machine can no longer be rewritten by the station's root.
 */
import crypto from 'node:crypto';
import { addMonths } from '../core/retention-policy.js';
import { capLockDate, segmentKey } from '../core/replication.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { AuditStore } from '../adapters/catalog/audit-store.js';
import type { ReplicationStore } from '../adapters/catalog/replication-store.js';
import type { ObjectStore } from '../adapters/object-store.js';
import type { AuditTrail } from './audit-trail.js';
import { confirmLock } from './lock-check.js';

/** At most this many entries in one object: a long trail sent the first time goes in pieces of a few MB. */
const SEGMENT_ENTRIES = 20_000;

export class TrailShipper {
  constructor(
    private readonly station: string,
    private readonly retainYears: number,
    private readonly deps: { auditStore: AuditStore; outbox: ReplicationStore; audit: AuditTrail; clock: UnitClock },
  ) {}

  /** Sends every entry written since the last segment; returns how many segments and entries went. */
  async ship(s3: ObjectStore): Promise<{ segments: number; entries: number }> {
    const { auditStore, outbox, audit, clock } = this.deps;
    let segments = 0;
    let entries = 0;
    // Up to the head as it is now: the entries recording these segments go in the next one, not in an endless chase.
    const through = auditStore.head()?.seq ?? 0;
    for (;;) {
      const after = outbox.lastSegment()?.lastSeq ?? 0;
      if (through <= after) return { segments, entries };
      const lines: string[] = [];
      let lastEntry: { seq: number; hash: string } | null = null;
      for (const e of auditStore.iterate({ afterSeq: after, limit: Math.min(SEGMENT_ENTRIES, through - after) })) {
        lines.push(JSON.stringify(e));
        lastEntry = e;
      }
      if (!lastEntry) return { segments, entries };
      const body = Buffer.from(lines.map((l) => `${l}\n`).join(''), 'utf8');
      const key = segmentKey(this.station, after + 1, lastEntry.seq);
      const until = new Date(`${capLockDate(addMonths(clock.today(), 12 * this.retainYears))}T00:00:00Z`);
      const put = await s3.putBytes(key, body, until, 'application/x-ndjson');
      const back = await s3.readBack(key, put.versionId);
      const sha = crypto.createHash('sha256').update(body).digest('hex');
      if (back.sha256 !== sha) throw new Error(`trail segment ${key} read back differs from what was sent`);
      await confirmLock(s3, key, put.versionId, until);
      const segment = { firstSeq: after + 1, lastSeq: lastEntry.seq, head: lastEntry.hash, objectKey: key, versionId: put.versionId, retainUntil: until.toISOString(), sentAt: clock.nowIso() };
      audit.run({ action: 'replicate.trail', target: key, details: { firstSeq: segment.firstSeq, lastSeq: segment.lastSeq, head: segment.head, versionId: put.versionId } }, () => outbox.saveSegment(segment));
      segments++;
      entries += lines.length;
    }
  }
}
