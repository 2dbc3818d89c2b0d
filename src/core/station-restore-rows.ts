/**
 * The catalogue rows a restored station gets, pure: each recording from its metadata object (its
 * original id, so metadata keys and trail references stay valid), and the registers as far as the
 * store carries them: officers, recorders and cases from the entries that added them in the restored
 * trail, overlaid with what the metadata says now; holds and case links from the metadata.
 */
import type { AuditEntry } from './audit-chain.js';
import type { RecordingMetadata } from './replication.js';
import type { HoldReason } from './retention-policy.js';
import type { Recording, RecordingFlag, StartTimeSource } from './types.js';

export interface OfficerRow {
  id: string;
  name: string;
  unit: string | null;
  createdAt: string;
}

export interface DeviceRow {
  number: string;
  brand: string;
  model: string;
  serial: string | null;
  assetNumber: string | null;
  purchasedOn: string | null;
  createdAt: string;
}

export interface CaseRow {
  /** The case's id on the station when the trail says it; null: a new one. */
  id: number | null;
  number: string;
  title: string;
  category: string;
  createdAt: string;
  createdBy: string;
  closedAt: string | null;
}

/** A recording's catalogue row as the metadata gives it: the catalogue's fields but ffprobe's details and the ingest session, which it does not carry. */
export type RecordingRow = Pick<
  Recording,
  'id' | 'sha256' | 'size' | 'vaultPath' | 'originalName' | 'sourcePath' | 'deviceNumber' | 'officerId' | 'startedAt' | 'startedAtSource' | 'localDate' | 'durationSeconds' | 'format' | 'ingestedAt' | 'flags'
> & { startedAtEpochMs: number };

const text = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const caseNumber = (target: string | null) => (target?.startsWith('case:') ? target.slice(5) : null);

/** What the restored trail tells about the registers and the recordings, gathered entry by entry. */
export class TrailFacts {
  /** ingest.file: where each recording was on its recorder, and which recordings the trail saw stored. */
  readonly sourcePath = new Map<number, string>();
  readonly ingested = new Map<number, { vaultPath: string; seq: number }>();
  readonly devices = new Map<string, DeviceRow>();
  readonly officers = new Map<string, OfficerRow>();
  readonly cases = new Map<string, CaseRow>();
  /** replicate.trail: when each segment was sent. */
  readonly segmentSent = new Map<string, string>();
  /** retention.dispose: recordings lawfully disposed of (not lost, whatever the store holds of them). */
  readonly disposed = new Set<number>();
  /**
   * replicate.put, .refresh, .dispose: the version of each recording's metadata object the station last
   * put. A restore reads that version, not the key's latest: anyone with the store's keys can add one.
   */
  readonly metadataVersion = new Map<number, string>();

  note(e: AuditEntry): void {
    if (e.outcome !== 'ok') return;
    const d = e.details;
    switch (e.action) {
      case 'ingest.file': {
        const id = d.recordingId;
        if (typeof id !== 'number' || e.target === null) return;
        if (typeof d.source === 'string') this.sourcePath.set(id, d.source);
        this.ingested.set(id, { vaultPath: e.target, seq: e.seq });
        return;
      }
      case 'device.add':
        if (e.target && text(d.brand) && text(d.model)) {
          this.devices.set(e.target, { number: e.target, brand: text(d.brand)!, model: text(d.model)!, serial: text(d.serial), assetNumber: text(d.assetNumber), purchasedOn: text(d.purchasedOn), createdAt: e.at });
        }
        return;
      case 'officer.add':
        if (e.target && text(d.name)) this.officers.set(e.target, { id: e.target, name: text(d.name)!, unit: text(d.unit), createdAt: e.at });
        return;
      case 'case.create': {
        const number = caseNumber(e.target);
        if (number && text(d.title) && text(d.category)) {
          this.cases.set(number, { id: typeof d.caseId === 'number' ? d.caseId : null, number, title: text(d.title)!, category: text(d.category)!, createdAt: e.at, createdBy: e.operator, closedAt: null });
        }
        return;
      }
      case 'case.close': {
        const c = this.cases.get(caseNumber(e.target) ?? '');
        if (c) c.closedAt = e.at;
        return;
      }
      case 'retention.dispose': {
        const id = Number(e.target?.startsWith('recording:') ? e.target.slice(10) : NaN);
        if (Number.isSafeInteger(id)) this.disposed.add(id);
        return;
      }
      case 'replicate.trail':
        if (e.target) this.segmentSent.set(e.target, e.at);
        return;
      case 'replicate.put':
      case 'replicate.refresh':
      case 'replicate.dispose':
        if (typeof d.recordingId === 'number' && typeof d.metadataVersionId === 'string' && d.metadataVersionId) this.metadataVersion.set(d.recordingId, d.metadataVersionId);
        return;
    }
  }
}

/** A recording's catalogue row from its metadata; what the metadata does not carry (ffprobe's codecs, sizes) stays empty. */
export function recordingRow(m: RecordingMetadata, facts: TrailFacts): RecordingRow {
  return {
    id: m.recordingId,
    sha256: m.sha256,
    size: m.size,
    vaultPath: m.vaultPath,
    originalName: m.originalName,
    sourcePath: facts.sourcePath.get(m.recordingId) ?? m.originalName,
    deviceNumber: m.recorder,
    officerId: m.officer?.id ?? null,
    startedAt: m.startedAt,
    startedAtEpochMs: Date.parse(m.startedAt),
    startedAtSource: m.startedAtSource as StartTimeSource,
    localDate: m.localDate,
    durationSeconds: m.durationSeconds,
    format: m.mediaFormat,
    ingestedAt: m.ingestedAt,
    flags: m.flags as RecordingFlag[],
  };
}

/** The officer as the metadata names it now (its name and unit win over the entry that added it). */
export function officerFrom(m: RecordingMetadata, facts: TrailFacts, now: string): OfficerRow | null {
  if (!m.officer) return null;
  const known = facts.officers.get(m.officer.id);
  if (!m.officer.name) return known ?? null;
  return { id: m.officer.id, name: m.officer.name, unit: m.officer.unit, createdAt: known?.createdAt ?? now };
}

/** A case the metadata links a recording to: as the trail created it, with the category the metadata says now. */
export function caseFrom(c: { number: string; category: string }, facts: TrailFacts, now: string, by: string): CaseRow {
  const known = facts.cases.get(c.number);
  return known ? { ...known, category: c.category } : { id: null, number: c.number, title: c.number, category: c.category, createdAt: now, createdBy: by, closedAt: null };
}

export interface HoldRow {
  recordingId: number;
  reason: HoldReason;
  permanent: boolean;
  note: string;
}

/**
 * The holds keeping a recording, each as a hold on the recording itself: the metadata does not say
 * whether a hold was placed on its case, and a hold on each recording keeps at least as much.
 */
export function holdRows(m: RecordingMetadata, station: string): HoldRow[] {
  const note = `restored from the object store: a hold the metadata of recording ${m.recordingId} (station ${station}) carried`;
  return m.holds.map((h) => ({ recordingId: m.recordingId, reason: h.reason, permanent: h.permanent === true, note }));
}
