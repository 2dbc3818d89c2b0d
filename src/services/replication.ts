/**
 * Replication to the object store (issue 17, docs/replication.md): the outbox the catalogue's triggers
 * fill is worked through here, by the dock service continuously and by `replicate run` on demand.
 *
 * A recording is marked replicated only once its bytes are in the store under a COMPLIANCE lock, read
 * back from the store and found equal, with its metadata object beside them; the mark, the outbox row's
 * removal and the trail entry are one transaction. A crash anywhere before leaves the row queued: the
 * next run finds the object already there (content-addressed) and reads it back instead of sending it
 * again. While the store cannot be reached the run stops and the rows wait, with a growing delay.
 */
import path from 'node:path';
import { UserError } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { replicationMessages as m } from '../core/i18n/replication-messages.js';
import { metadataBytes, retryDelayMs, STATION_FORMAT, stationKey } from '../core/replication.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { OutboxItem, ReplicationStore } from '../adapters/catalog/replication-store.js';
import type { Logger } from '../adapters/logger.js';
import type { ObjectStore } from '../adapters/object-store.js';
import { isUnreachable } from '../core/store-errors.js';
import type { AuditTrail } from './audit-trail.js';
import type { RecordingDescriber } from './replication-facts.js';
import type { TrailShipper } from './trail-shipping.js';
import { disposeFromStore, LockStillInForce } from './replication-disposal.js';
import { confirmLock } from './lock-check.js';

export interface ReplicationDeps {
  connect: () => Promise<ObjectStore>;
  outbox: ReplicationStore;
  describer: RecordingDescriber;
  hashForUpload: (file: string) => Promise<{ sha256: string; md5Base64: string; size: number }>;
  trail: TrailShipper;
  audit: AuditTrail;
  clock: UnitClock;
  log: Logger;
  /** This process's token, and whether another's is alive (a row a dead process held is free again). */
  owner: { token: string; alive: (token: string) => boolean };
}

export interface ReplicationSettings {
  vaultRoot: string;
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
  async runOnce(onProgress?: Progress, opts: { trail?: boolean } = {}): Promise<RunSummary> {
    const summary: RunSummary = { put: 0, bytes: 0, refreshed: 0, disposed: 0, failed: 0, waitingOnLocks: 0, trailSegments: 0, unreachable: null };
    let s3: ObjectStore;
    try {
      s3 = await this.connected();
    } catch (err) {
      if (err instanceof UserError || !isUnreachable(err)) throw err;
      summary.unreachable = this.unreachable(err);
      return summary;
    }
    let done = 0;
    const seen = new Set<number>();
    const { outbox, owner } = this.deps;
    try {
      await this.drain(s3, summary, seen, () => ++done, onProgress);
    } finally {
      outbox.release(owner.token);
    }
    if (summary.unreachable !== null) return summary;
    if (opts.trail === false) return summary;
    try {
      summary.trailSegments = (await this.deps.trail.ship(s3)).segments;
    } catch (err) {
      if (!isUnreachable(err)) throw err;
      summary.unreachable = this.unreachable(err);
    }
    return summary;
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
    const { outbox, clock, audit } = this.deps;
    try {
      if (item.kind === 'put') {
        const bytes = await this.put(s3, item);
        summary.put += bytes === null ? 0 : 1;
        summary.bytes += bytes ?? 0;
      } else if (item.kind === 'refresh') {
        if (await this.refresh(s3, item)) summary.refreshed++;
      } else {
        await disposeFromStore(s3, item, { ...this.deps, station: this.settings.station });
        summary.disposed++;
      }
    } catch (err) {
      const now = clock.now().getTime();
      if (err instanceof LockStillInForce) {
        summary.waitingOnLocks++;
        outbox.postpone(item, err.until.getTime(), said(m.lockedUntil, { until: clock.iso(err.until) }).en);
        return;
      }
      if (isUnreachable(err)) {
        outbox.postpone(item, now + retryDelayMs(item.attempts + 1), (err as Error).message);
        summary.unreachable = this.unreachable(err);
        return;
      }
      summary.failed++;
      const message = err instanceof UserError ? err.message : (err as Error).message;
      outbox.postpone(item, now + retryDelayMs(item.attempts + 1), message);
      audit.record({ action: `replicate.${item.kind}`, target: `recording ${item.recordingId}`, outcome: 'failed', details: { recordingId: item.recordingId, attempts: item.attempts + 1, error: message } });
      this.deps.log.error({ recording: item.recordingId, kind: item.kind, err: message }, 'replication failed; tried again later');
    }
  }

  /** The bytes (unless already there), read back, then the metadata; null when there was nothing to send. */
  private async put(s3: ObjectStore, item: OutboxItem): Promise<number | null> {
    const { describer, outbox, audit, clock } = this.deps;
    const d = describer.describe(item.recordingId);
    if (!d || d.metadata.disposed) {
      // Disposed of before it was sent: the disposal's own row records the store's side.
      audit.runMany(() => outbox.finish(item));
      return null;
    }
    const r = d.recording;
    const key = d.metadata.objectKey;
    const there = await s3.head(key);
    let versionId: string;
    let md5: string;
    // Only a version this station put is taken as there: another station's may go at its own disposal.
    const reused = there !== null && there.versionId !== null && there.sha256 === r.sha256 && there.size === r.size && there.station === this.settings.station;
    if (reused) {
      versionId = there.versionId!;
      md5 = there.etag;
      if (!there.retainUntil || there.retainUntil < d.lockUntil) await s3.extendRetention(key, versionId, d.lockUntil);
    } else {
      const file = path.join(this.settings.vaultRoot, r.vaultPath);
      const local = await this.deps.hashForUpload(file);
      if (local.sha256 !== r.sha256 || local.size !== r.size) throw new UserError(said(m.vaultCopyDiffers, { path: r.vaultPath, expected: r.sha256, found: local.sha256 }));
      const sent = await s3.putFile(key, file, r.size, local.md5Base64, d.lockUntil, { sha256: r.sha256, station: this.settings.station, recording: String(r.id) });
      versionId = sent.versionId;
      md5 = Buffer.from(local.md5Base64, 'base64').toString('hex');
    }
    const back = await s3.readBack(key, versionId);
    if (back.sha256 !== r.sha256 || back.size !== r.size) throw new UserError(said(m.readBackDiffers, { key, expected: r.sha256, found: back.sha256 }));
    await confirmLock(s3, key, versionId, d.lockUntil);
    const meta = await s3.putBytes(d.metadataKey, metadataBytes(d.metadata), d.lockUntil, 'application/json');
    await confirmLock(s3, d.metadataKey, meta.versionId, d.lockUntil);
    const retainUntil = d.lockUntil.toISOString();
    audit.run(
      { action: 'replicate.put', target: r.vaultPath, details: { recordingId: r.id, key, versionId, retainUntil, bytes: r.size, alreadyInStore: reused } },
      () => {
        outbox.saveReplica({ recordingId: r.id, objectKey: key, versionId, md5, retainUntil, metadataVersionId: meta.versionId, replicatedAt: clock.nowIso() });
        outbox.finish(item);
      },
    );
    return reused ? 0 : r.size;
  }

  /** A change on the station: the lock extended if it must be longer now (never shortened), new metadata. */
  private async refresh(s3: ObjectStore, item: OutboxItem): Promise<boolean> {
    const { describer, outbox, audit } = this.deps;
    const rep = outbox.replica(item.recordingId);
    const d = rep && !rep.removedAt ? describer.describe(item.recordingId) : null;
    if (!rep || !d) {
      // Not in the store yet: its put sends the latest state.
      audit.runMany(() => outbox.finish(item));
      return false;
    }
    const current = new Date(rep.retainUntil);
    const extended = d.lockUntil > current;
    if (extended) await s3.extendRetention(rep.objectKey, rep.versionId, d.lockUntil);
    const until = extended ? d.lockUntil : current;
    await confirmLock(s3, rep.objectKey, rep.versionId, until);
    const meta = await s3.putBytes(d.metadataKey, metadataBytes({ ...d.metadata, retainUntil: this.deps.clock.iso(until) }), until, 'application/json');
    audit.run({ action: 'replicate.refresh', target: d.recording.vaultPath, details: { recordingId: item.recordingId, retainUntil: until.toISOString(), extended } }, () => {
      outbox.saveReplica({ ...rep, retainUntil: until.toISOString(), metadataVersionId: meta.versionId });
      outbox.finish(item);
    });
    return true;
  }

  private async connected(): Promise<ObjectStore> {
    if (this.s3) return this.s3;
    const s3 = await this.deps.connect();
    if (!(await s3.ensureBucket())) {
      s3.close();
      this.deps.audit.refuse({ action: 'replicate.bucket', target: s3.bucket, details: { endpoint: s3.endpoint } }, said(m.bucketWithoutLock, { bucket: s3.bucket }), m.bucketWithoutLockHint, 77);
    }
    const station = { format: STATION_FORMAT, station: this.settings.station, unit: this.settings.unit, timezone: this.deps.clock.zone, updatedAt: this.deps.clock.nowIso() };
    await s3.putBytes(stationKey(this.settings.station), Buffer.from(`${JSON.stringify(station)}\n`), null, 'application/json');
    this.s3 = s3;
    return s3;
  }

  /** Why the store could not be reached (the run's summary says it; the rows wait). */
  private unreachable(err: unknown): string {
    const what = (err as Error).message || (err as { code?: string }).code || String(err);
    this.deps.log.warn({ err: what }, 'the object store cannot be reached; replication waits');
    return what;
  }

  close(): void {
    this.s3?.close();
    this.s3 = null;
  }
}
