/**
 * What the store is told about a recording (its metadata object) and how long it must keep it, read
 * from the catalogue at the moment of sending: the latest state wins, as the outbox coalesces changes.
 */
import { lockedThrough, lockEndsOn, metadataKey, RECORDING_FORMAT, recordingObjectKey, type ActiveHold, type LockSettings, type RecordingMetadata } from '../core/replication.js';
import { isPermanentHold } from '../core/retention-policy.js';
import type { ClassificationLevel } from '../core/classification.js';
import type { Recording } from '../core/types.js';
import type { UnitClock } from '../core/unit-clock.js';

export interface ReplicationFacts {
  recording(id: number): Recording | undefined;
  officer(id: string): { name: string; unit: string | null } | undefined;
  cases(recordingId: number): { number: string; category: string }[];
  holds(recordingId: number): ActiveHold[];
  classification(recordingId: number): ClassificationLevel;
  /** The last day the station keeps it (retention period, case categories, a corrected hold's floor). */
  keptThrough(r: Recording): string;
  tombstone(recordingId: number): { disposedAt: string; approvedBy: string; reason: string } | undefined;
}

/** A store takes only a retain-until in the future. */
export const MIN_LOCK_MS = 10_000;

export interface Described {
  recording: Recording;
  metadata: RecordingMetadata;
  metadataKey: string;
  lockUntil: Date;
  /** The end of its retention as the rules set it (a hold that is not permanent extends the lock beyond, not this). */
  retentionEnd: Date;
}

export class RecordingDescriber {
  constructor(
    private readonly station: { name: string; unit: string | null; lock: LockSettings },
    private readonly facts: ReplicationFacts,
    private readonly clock: UnitClock,
  ) {}

  describe(id: number): Described | null {
    const r = this.facts.recording(id);
    if (!r) return null;
    const holds = this.facts.holds(id);
    const keptThrough = this.facts.keptThrough(r);
    const through = lockedThrough({ keptThrough }, r.localDate, holds, this.clock.today(), this.station.lock);
    const permanent = holds.some((h) => isPermanentHold(h.reason, h.permanent));
    const startOf = (date: string) => {
      const [y, m, d] = lockEndsOn(date).split('-').map(Number) as [number, number, number];
      return this.clock.instant({ year: y, month: m, day: d, hour: 0, minute: 0, second: 0 });
    };
    // Past its retention end the rules no longer require keeping it: the shortest lock the store takes.
    const lockUntil = new Date(Math.max(startOf(through).getTime(), this.clock.now().getTime() + MIN_LOCK_MS));
    const retentionEnd = permanent ? lockUntil : startOf(keptThrough);
    const officer = r.officerId === null ? null : { id: r.officerId, name: this.facts.officer(r.officerId)?.name ?? null, unit: this.facts.officer(r.officerId)?.unit ?? null };
    const t = this.facts.tombstone(id);
    const metadata: RecordingMetadata = {
      format: RECORDING_FORMAT,
      station: this.station.name,
      unit: this.station.unit,
      recordingId: r.id,
      sha256: r.sha256,
      size: r.size,
      objectKey: recordingObjectKey(r.sha256),
      recorder: r.deviceNumber,
      officer,
      startedAt: r.startedAt,
      startedAtSource: r.startedAtSource,
      localDate: r.localDate,
      durationSeconds: r.durationSeconds ?? null,
      mediaFormat: r.format ?? null,
      originalName: r.originalName,
      vaultPath: r.vaultPath,
      ingestedAt: r.ingestedAt,
      flags: [...r.flags],
      classification: this.facts.classification(id),
      cases: this.facts.cases(id),
      holds,
      retainUntil: this.clock.iso(lockUntil),
      disposed: t ? { at: t.disposedAt, approvedBy: t.approvedBy, reason: t.reason } : null,
      writtenAt: this.clock.nowIso(),
    };
    return { recording: r, metadata, metadataKey: metadataKey(this.station.name, id), lockUntil, retentionEnd };
  }
}
