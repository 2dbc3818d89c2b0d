/**
 * Metadata digests to the store (docs/replication.md "Metadata digests"), sent beside the trail's
 * segments once a day and on `replicate run`: the metadata versions put since the last digest, a few
 * thousand to an object, put under a COMPLIANCE lock as long as the latest of theirs, read back and
 * compared, and only then taken off the catalogue's pending list, with the act on the record. A run
 * killed after the put sends the same versions again (under a key of its own); two runs at once may each
 * send one (the store keeps both, the central reader takes either): a digest only shortens the way to
 * bytes the store already holds, so a spare one costs a few KB, never a wrong row.
 */
import crypto from 'node:crypto';
import { digestBytes, digestKey, DIGEST_ENTRIES } from '../core/metadata-digest.js';
import { isUnreachable } from '../core/store-errors.js';
import { errorMessage, isRecorded, markRecorded } from '../core/errors.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { AuditStore } from '../adapters/catalog/audit-store.js';
import type { MetadataDigestStore, PendingDigest } from '../adapters/catalog/metadata-digest-store.js';
import type { ObjectStore } from '../adapters/object-store.js';
import type { AuditTrail } from './audit-trail.js';
import { confirmLock } from './lock-check.js';

export class DigestShipper {
  constructor(
    private readonly station: string,
    private readonly deps: { digests: MetadataDigestStore; auditStore: AuditStore; audit: AuditTrail; clock: UnitClock },
  ) {}

  /** Sends every metadata version noted since the last digest; returns how many digests and versions went. */
  async ship(s3: ObjectStore): Promise<{ digests: number; entries: number }> {
    let digests = 0;
    let entries = 0;
    for (;;) {
      const pending = this.deps.digests.next(DIGEST_ENTRIES);
      if (!pending) return { digests, entries };
      await this.send(s3, pending);
      digests++;
      entries += pending.entries.length;
    }
  }

  private async send(s3: ObjectStore, d: PendingDigest): Promise<void> {
    const { digests, audit, clock } = this.deps;
    const objectKey = digestKey(this.station, this.deps.auditStore.head()?.seq ?? 0, d.firstSeq, d.lastSeq);
    const input = { action: 'replicate.digest', target: objectKey, details: { firstSeq: d.firstSeq, lastSeq: d.lastSeq, entries: d.entries.length } };
    try {
      const body = digestBytes(d.entries);
      const until = new Date(d.retainUntil);
      const put = await s3.putBytes(objectKey, body, until, 'application/x-ndjson');
      const back = await s3.readBack(objectKey, put.versionId);
      if (back.sha256 !== crypto.createHash('sha256').update(body).digest('hex')) throw new Error(`metadata digest ${objectKey} read back differs from what was sent`);
      await confirmLock(s3, objectKey, put.versionId, until);
      audit.run({ ...input, details: { ...input.details, versionId: put.versionId } }, () =>
        digests.markSent({ firstSeq: d.firstSeq, lastSeq: d.lastSeq, entries: d.entries.length, objectKey, versionId: put.versionId, sentAt: clock.nowIso() }),
      );
    } catch (err) {
      // The store out of reach is waited out, as for the trail; anything else is a failure on the record.
      if (!isUnreachable(err) && !isRecorded(err)) {
        audit.record({ ...input, outcome: 'failed', details: { ...input.details, error: errorMessage(err) } });
        markRecorded(err);
      }
      throw err;
    }
  }
}
