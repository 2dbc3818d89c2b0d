/**
 * The audit trail's new entries sent to the store as a locked segment (docs/replication.md): once a
 * day and on `replicate run`. Segments follow each other without a gap or an overlap: each range is
 * reserved in the catalogue before it is sent, so a run that crashed after the upload, or one running
 * beside this, sends the same range under the same key again (identical bytes) instead of a longer
 * one overlapping it. Each is read back and compared before the catalogue records it as sent. History
 * that left the machine can no longer be rewritten by the station's root.
 */
import crypto from 'node:crypto';
import { addMonths } from '../core/retention-policy.js';
import { capLockDate, segmentKey } from '../core/replication.js';
import { isUnreachable } from '../core/store-errors.js';
import { errorMessage, isRecorded, markRecorded } from '../core/errors.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { AuditStore } from '../adapters/catalog/audit-store.js';
import type { ReplicationStore, TrailSegment } from '../adapters/catalog/replication-store.js';
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
    const { auditStore, outbox, clock } = this.deps;
    let segments = 0;
    let entries = 0;
    // Up to the head as it is now: the entries recording these segments go in the next one, not in an endless chase.
    const through = auditStore.head()?.seq ?? 0;
    for (;;) {
      const until = `${capLockDate(addMonths(clock.today(), 12 * this.retainYears))}T00:00:00.000Z`;
      const segment = outbox.nextSegment(through, SEGMENT_ENTRIES, (first, last) => segmentKey(this.station, first, last), until);
      if (!segment) return { segments, entries };
      entries += await this.send(s3, segment);
      segments++;
    }
  }

  /** One reserved segment: put, read back, its lock confirmed, then recorded as sent. A failure is on the record. */
  private async send(s3: ObjectStore, segment: TrailSegment): Promise<number> {
    const { auditStore, outbox, audit, clock } = this.deps;
    const input = { action: 'replicate.trail', target: segment.objectKey, details: { firstSeq: segment.firstSeq, lastSeq: segment.lastSeq, head: segment.head } };
    try {
      const lines = [...auditStore.iterate({ afterSeq: segment.firstSeq - 1, limit: segment.lastSeq - segment.firstSeq + 1 })];
      const last = lines[lines.length - 1];
      if (lines.length !== segment.lastSeq - segment.firstSeq + 1 || last?.hash !== segment.head) {
        throw new Error(`the trail no longer holds entries ${segment.firstSeq}–${segment.lastSeq} ending with ${segment.head} as when they were reserved for the store`);
      }
      const body = Buffer.from(lines.map((e) => `${JSON.stringify(e)}\n`).join(''), 'utf8');
      const until = new Date(segment.retainUntil);
      const put = await s3.putBytes(segment.objectKey, body, until, 'application/x-ndjson');
      const back = await s3.readBack(segment.objectKey, put.versionId);
      if (back.sha256 !== crypto.createHash('sha256').update(body).digest('hex')) throw new Error(`trail segment ${segment.objectKey} read back differs from what was sent`);
      await confirmLock(s3, segment.objectKey, put.versionId, until);
      audit.run({ ...input, details: { ...input.details, versionId: put.versionId } }, () => outbox.markSegmentSent(segment.firstSeq, put.versionId, clock.nowIso()));
      return lines.length;
    } catch (err) {
      // The store out of reach is waited out, as for recordings; anything else is a failure on the record.
      if (!isUnreachable(err) && !isRecorded(err)) {
        audit.record({ ...input, outcome: 'failed', details: { ...input.details, error: errorMessage(err) } });
        markRecorded(err);
      }
      throw err;
    }
  }
}
