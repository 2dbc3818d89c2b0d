/**
 * Replication to the object store (issue 17, docs/replication.md): the outbox the catalogue's triggers
 * fill is worked through here, by the dock service continuously and by `replicate run` on demand.
 *
 * A recording is marked replicated only once its bytes are in the store under a COMPLIANCE lock, read
 * back from the store and found equal, with its metadata object beside them; the mark, the outbox row's
 * removal and the trail entry are one transaction. A crash anywhere before leaves the row queued: the
 * next run finds this station's copy already there (content-addressed) and reads it back instead of
 * sending it again. While the store cannot be reached the run stops and the rows wait, with a growing
 * delay. A change while a recording's first upload is under way waits for it (replication-waits.ts).
 */
import { UserError } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { replicationMessages as m } from '../core/i18n/replication-messages.js';
import { CLAIM_RENEW_MS, MAX_CLOCK_SKEW_MS, payloadCheckKey, retryDelayMs, stationKey } from '../core/replication.js';
import { failureKind } from '../core/replication-failure.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { OutboxItem, ReplicationStore } from '../adapters/catalog/replication-store.js';
import type { Logger } from '../adapters/logger.js';
import type { ObjectStore } from '../adapters/object-store.js';
import { isUnreachable, keyRefusal } from '../core/store-errors.js';
import type { AuditTrail } from './audit-trail.js';
import type { RecordingDescriber } from './replication-facts.js';
import type { TrailShipper } from './trail-shipping.js';
import type { DigestShipper } from './digest-shipping.js';
import type { MetadataDigestStore } from '../adapters/catalog/metadata-digest-store.js';
import { disposeFromStore } from './replication-disposal.js';
import { noteReachable, noteUnreachable, recordFailure } from './replication-outage.js';
import { requeueUnqueued } from './replication-requeue.js';
import { putRecording, refreshRecording, type RecordingSendDeps } from './replication-recording.js';
import { LockStillInForce, PutStillPending, WAIT_FOR_PUT_MS } from './replication-waits.js';
import { claimStationName } from './station-name.js';

export interface ReplicationDeps {
  connect: () => Promise<ObjectStore>;
  outbox: ReplicationStore;
  describer: RecordingDescriber;
  hashVaultFile: (file: string, expectedSize: number) => Promise<{ sha256: string | null; size: number }>;
  trail: TrailShipper;
  /** Metadata versions noted for the next digest, and their sending beside the trail. */
  digests: MetadataDigestStore;
  digestShipper: DigestShipper;
  audit: AuditTrail;
  clock: UnitClock;
  log: Logger;
  /** This process's token, and whether another's is alive (a row a dead process held is free again). */
  owner: { token: string; alive: (token: string) => boolean };
  /** The hash of the trail's third entry (init's three, chained): this station's identity in the bucket. */
  trailOrigin: () => string;
}

export interface ReplicationSettings {
  vaultRoot: string;
  /** The store's endpoint as configured: the record says which store could not be reached, even before a connection. */
  endpoint: string;
  station: string;
  unit: string | null;
  concurrency: number;
}

export interface RunSummary {
  put: number;
  bytes: number;
  refreshed: number;
  disposed: number;
  failed: number;
  waitingOnLocks: number;
  trailSegments: number;
  metadataDigests: number;
  /** Live recordings neither in the store nor queued, queued again by this run. */
  requeued: number;
  unreachable: string | null;
}

type Progress = (done: number, item: OutboxItem) => void;

export class ReplicationService {
  private s3: ObjectStore | null = null;

  constructor(
    private readonly settings: ReplicationSettings,
    private readonly deps: ReplicationDeps,
  ) {}

  get endpoint(): Promise<ObjectStore> {
    return this.connected();
  }

  /** Works through everything due now, then (unless told not to) sends the trail's new entries. */
  /**
   * `trail` (default true): send the trail's new segment and the metadata digest after the outbox.
   * `requeue` (default: as `trail`): first look for live recordings neither replicated nor queued.
   */
  async runOnce(onProgress?: Progress, opts: { trail?: boolean; requeue?: boolean } = {}): Promise<RunSummary> {
    const summary: RunSummary = { put: 0, bytes: 0, refreshed: 0, disposed: 0, failed: 0, waitingOnLocks: 0, trailSegments: 0, metadataDigests: 0, requeued: 0, unreachable: null };
    let s3: ObjectStore;
    try {
      s3 = await this.connected();
    } catch (err) {
      if (err instanceof UserError || !isUnreachable(err)) throw err;
      summary.unreachable = this.unreachable(err);
      return summary;
    }
    // On a run asked for and the daily pass, not every poll: a scan of the catalogue, and rarely needed.
    if (opts.requeue ?? opts.trail !== false) summary.requeued = requeueUnqueued(this.deps);
    let done = 0;
    const seen = new Set<number>();
    const { outbox, owner } = this.deps;
    // The rows taken stay this process's while it works on them (an 8 GB upload takes minutes), and no longer.
    const renewing = setInterval(() => this.renewClaims(), CLAIM_RENEW_MS);
    try {
      await this.drain(s3, summary, seen, () => ++done, onProgress);
    } finally {
      clearInterval(renewing);
      outbox.release(owner.token);
    }
    if (summary.unreachable !== null) return summary;
    if (opts.trail !== false) {
      try {
        summary.trailSegments = (await this.deps.trail.ship(s3)).segments;
        summary.metadataDigests = (await this.deps.digestShipper.ship(s3)).digests;
      } catch (err) {
        if (!isUnreachable(err)) throw err;
        summary.unreachable = this.unreachable(err);
        return summary;
      }
    }
    await this.endOutage(s3, summary);
    return summary;
  }

  /** After an outage, the store answering again is on the record once: asked once (a pass with nothing due asks it nothing). */
  private async endOutage(s3: ObjectStore, summary: RunSummary): Promise<void> {
    if (!this.deps.outbox.unreachableSince()) return;
    try {
      await s3.head(stationKey(this.settings.station));
    } catch (err) {
      if (!isUnreachable(err)) throw err;
      summary.unreachable = this.unreachable(err);
      return;
    }
    noteReachable(this.deps, s3.endpoint);
  }

  private async drain(s3: ObjectStore, summary: RunSummary, seen: Set<number>, count: () => number, onProgress?: Progress): Promise<void> {
    const { outbox, owner } = this.deps;
    for (;;) {
      const due = outbox.claim(this.deps.clock.now().getTime(), 64, owner.token, owner.alive).filter((i) => !seen.has(i.id));
      if (due.length === 0) return;
      let next = 0;
      const worker = async () => {
        while (next < due.length && summary.unreachable === null) {
          const item = due[next++]!;
          seen.add(item.id);
          await this.attempt(s3, item, summary);
          onProgress?.(count(), item);
        }
      };
      await Promise.all(Array.from({ length: this.settings.concurrency }, worker));
      if (summary.unreachable !== null) return;
    }
  }

  private async attempt(s3: ObjectStore, item: OutboxItem, summary: RunSummary): Promise<void> {
    const { outbox, clock } = this.deps;
    try {
      if (item.kind === 'put') {
        const bytes = await putRecording(s3, item, this.sendDeps());
        summary.put += bytes === null ? 0 : 1;
        summary.bytes += bytes ?? 0;
      } else if (item.kind === 'refresh') {
        if (await refreshRecording(s3, item, this.sendDeps())) summary.refreshed++;
      } else {
        await disposeFromStore(s3, item, { ...this.deps, station: this.settings.station });
        summary.disposed++;
      }
    } catch (err) {
      const now = clock.now().getTime();
      if (err instanceof PutStillPending) {
        outbox.defer(item, now + WAIT_FOR_PUT_MS);
        return;
      }
      if (err instanceof LockStillInForce) {
        summary.waitingOnLocks++;
        outbox.postpone(item, err.until.getTime(), said(m.lockedUntil, { until: clock.iso(err.until) }).en, 'waiting-on-lock');
        return;
      }
      if (isUnreachable(err)) {
        outbox.postpone(item, now + retryDelayMs(item.attempts + 1), (err as Error).message, 'store-unreachable');
        summary.unreachable = this.unreachable(err);
        return;
      }
      summary.failed++;
      const message = err instanceof UserError ? err.message : (err as Error).message;
      const recorded = recordFailure(this.deps, item, now + retryDelayMs(item.attempts + 1), message, failureKind(err));
      this.deps.log[recorded ? 'error' : 'warn']({ recording: item.recordingId, kind: item.kind, err: message, attempts: item.attempts + 1 }, 'replication failed; tried again later');
    }
  }

  private renewClaims(): void {
    try {
      this.deps.outbox.renewClaims(this.deps.owner.token, this.deps.clock.now().getTime());
    } catch (err) {
      // A full disk or a busy catalogue: the claims lapse and another process may take the rows, which costs a second upload, never a loss.
      this.deps.log.warn({ err: (err as Error).message }, 'cannot renew the claims on the outbox rows being sent');
    }
  }

  private sendDeps(): RecordingSendDeps {
    return { ...this.deps, vaultRoot: this.settings.vaultRoot, station: this.settings.station };
  }

  private async connected(): Promise<ObjectStore> {
    if (this.s3) return this.s3;
    const s3 = await this.deps.connect();
    const { audit, clock } = this.deps;
    const { station } = this.settings;
    try {
      // A station that has sent copies before makes no bucket: a missing one is not where they went.
      const sentBefore = this.deps.outbox.sentAnything();
      const bucket = await this.checkingClock(s3, () => s3.ensureBucket(!sentBefore));
      if (bucket === 'no-lock') {
        audit.refuse({ action: 'replicate.bucket', target: s3.bucket, details: { endpoint: s3.endpoint } }, said(m.bucketWithoutLock, { bucket: s3.bucket }), m.bucketWithoutLockHint, 77);
      }
      // A bucket made here is an act on the record: a mistyped name shows in the trail as a new bucket.
      if (bucket === 'created') audit.record({ action: 'replicate.bucket', target: s3.bucket, details: { endpoint: s3.endpoint, created: true, objectLock: true } });
      const trailOrigin = this.deps.trailOrigin();
      const details = { bucket: s3.bucket, endpoint: s3.endpoint, trailOrigin };
      const name = bucket === 'missing' ? { kind: 'not-here' as const } : await claimStationName(s3, { station, unit: this.settings.unit, timezone: clock.zone, updatedAt: clock.nowIso(), trailOrigin }, sentBefore);
      if (name.kind === 'taken') {
        audit.refuse({ action: 'replicate.station', target: station, details: { ...details, theirs: name.theirs } }, said(m.stationNameTaken, { station, bucket: s3.bucket }), m.stationNameTakenHint, 77);
      }
      if (name.kind === 'not-here') {
        audit.refuse({ action: 'replicate.station', target: station, details }, said(m.storeNotTheSame, { station, bucket: s3.bucket, endpoint: s3.endpoint }), m.storeNotTheSameHint, 77);
      }
      // Uploads rely on the store refusing bytes that are not the catalogue's (store-signed-put.ts): one that takes anything is refused.
      const check = await this.checkingClock(s3, () => s3.checksPayloadHash(payloadCheckKey(station)));
      if (!check.checks) {
        audit.refuse({ action: 'replicate.store', target: s3.endpoint, details: { bucket: s3.bucket, checksPayloadHash: false, checkObjectDeleted: check.deleted } }, said(m.storeDoesNotCheck, { endpoint: s3.endpoint }), m.storeDoesNotCheckHint, 77);
      }
    } catch (err) {
      s3.close();
      throw err;
    }
    this.s3 = s3;
    return s3;
  }

  /** `first` (the run's first call to the store), then this PC's clock held against the store's: refused when they differ too much. */
  private async checkingClock<T>(s3: ObjectStore, first: () => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await first();
    } catch (err) {
      // A clock far off can be why the call failed (a request signed in the past): that is what to say.
      this.refuseSkewedClock(s3);
      const code = keyRefusal(err);
      if (code) this.deps.audit.refuse({ action: 'replicate.credentials', target: s3.endpoint, details: { bucket: s3.bucket, answer: code } }, said(m.keysRefused, { endpoint: s3.endpoint, bucket: s3.bucket, code }), m.keysRefusedHint, 77);
      throw err;
    }
    this.refuseSkewedClock(s3);
    return result;
  }

  private refuseSkewedClock(s3: ObjectStore): void {
    const offset = s3.clockOffsetMs();
    if (Math.abs(offset) <= MAX_CLOCK_SKEW_MS) return;
    const minutes = (Math.abs(offset) / 60_000).toFixed(0);
    this.deps.audit.refuse({ action: 'replicate.clock', target: s3.endpoint, details: { storeAheadMs: offset } }, said(m.clockSkewed, { minutes, endpoint: s3.endpoint }), m.clockSkewedHint, 77);
  }

  /** Why the store could not be reached (the run's summary says it; the rows wait). */
  private unreachable(err: unknown): string {
    const what = (err as Error).message || (err as { code?: string }).code || String(err);
    this.deps.log.warn({ err: what }, 'the object store cannot be reached; replication waits');
    noteUnreachable(this.deps, this.settings.endpoint, what);
    return what;
  }

  close(): void {
    this.s3?.close();
    this.s3 = null;
  }
}
