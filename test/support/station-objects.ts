/**
 * A small station-side writer for the central catalogue's tests, following docs/replication.md to the
 * letter: a bucket created with Object Lock, each station's descriptor, one metadata object per
 * recording (`evidence-vault/recording@1`, a new version on every change) and its audit trail in
 * segments made with src/core/audit-chain.ts, all put in COMPLIANCE mode. It stands in for the
 * stations' own replication until that is there to run.
 */
import { createHash } from 'node:crypto';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { chainEntry, GENESIS_HASH, type AuditEntry } from '../../src/core/audit-chain.js';
import type { RecordingObject } from '../../src/core/recording-object.js';
import type { ObjectStore } from './object-store.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export function storeClient(store: ObjectStore): S3Client {
  return new S3Client({
    endpoint: store.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}

export async function createLockedBucket(client: S3Client, bucket: string): Promise<void> {
  await client.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: true }));
}

const DAY = 86_400_000;

/** Puts an object as a station does: COMPLIANCE-locked until `retainUntil` (a day ahead unless told). */
export async function putLocked(client: S3Client, bucket: string, key: string, body: string, retainUntil = new Date(Date.now() + DAY)): Promise<void> {
  await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body, ContentType: 'application/json', ObjectLockMode: 'COMPLIANCE', ObjectLockRetainUntilDate: retainUntil }));
}

export type RecordingInput = Partial<Omit<RecordingObject, 'station' | 'recordingId'>> & { recordingId: number };

export class StationWriter {
  private trail: AuditEntry[] = [];
  private sentUpTo = 0;

  constructor(
    readonly client: S3Client,
    readonly bucket: string,
    readonly station: string,
    readonly unit: string | null,
  ) {}

  async descriptor(): Promise<void> {
    const body = { format: 'evidence-vault/station@1', station: this.station, unit: this.unit, timezone: 'Asia/Shanghai', updatedAt: '2026-06-01T08:00:00+08:00' };
    await this.client.send(new PutObjectCommand({ Bucket: this.bucket, Key: `stations/${this.station}/station.json`, Body: JSON.stringify(body) }));
  }

  /** The metadata object of a recording as the station writes it (the fields not given made up plausibly). */
  metadata(r: RecordingInput): RecordingObject & { format: string } {
    const sha256 = r.sha256 ?? createHash('sha256').update(`${this.station}/${r.recordingId}`).digest('hex');
    const localDate = r.localDate ?? '2026-05-11';
    return {
      format: 'evidence-vault/recording@1',
      station: this.station,
      unit: this.unit,
      recordingId: r.recordingId,
      sha256,
      size: r.size ?? 1_000_000 + r.recordingId,
      objectKey: `recordings/sha256/${sha256.slice(0, 2)}/${sha256}`,
      recorder: r.recorder === undefined ? 'DSJ-0001' : r.recorder,
      officer: r.officer === undefined ? { id: '110101', name: '张三', unit: '一中队' } : r.officer,
      startedAt: r.startedAt ?? `${localDate}T09:${String(r.recordingId % 60).padStart(2, '0')}:00+08:00`,
      startedAtSource: r.startedAtSource ?? 'file-name',
      localDate,
      durationSeconds: r.durationSeconds === undefined ? 600 : r.durationSeconds,
      mediaFormat: r.mediaFormat ?? 'mov,mp4,m4a,3gp,3g2,mj2',
      originalName: r.originalName ?? `DSJ_${r.recordingId}.MP4`,
      vaultPath: r.vaultPath ?? `现场执法记录仪影像资料/${localDate.replace(/-/g, '/')}/DSJ-0001/DSJ_${r.recordingId}.MP4`,
      ingestedAt: r.ingestedAt ?? `${localDate}T18:00:00+08:00`,
      flags: r.flags ?? [],
      classification: r.classification === undefined ? 'ordinary' : r.classification,
      cases: r.cases ?? [],
      holds: r.holds ?? [],
      retainUntil: r.retainUntil ?? '2026-11-12T00:00:00+08:00',
      disposed: r.disposed ?? null,
      writtenAt: r.writtenAt ?? new Date().toISOString().replace('Z', '+00:00'),
    };
  }

  /** Puts (a new version of) a recording's metadata object. */
  async recording(r: RecordingInput): Promise<RecordingObject> {
    const m = this.metadata(r);
    await putLocked(this.client, this.bucket, `stations/${this.station}/recordings/${r.recordingId}.json`, JSON.stringify(m));
    return m;
  }

  /** Adds `n` entries to the station's trail (in memory, as the station's trail file grows). */
  act(n: number, action = 'ingest'): void {
    for (let i = 0; i < n; i++) {
      const seq = this.trail.length + 1;
      const prev = this.trail[this.trail.length - 1]?.hash ?? GENESIS_HASH;
      this.trail.push(chainEntry({ seq, at: `2026-05-11T18:${String(seq % 60).padStart(2, '0')}:00+08:00`, operator: 'custodian', role: 'custodian', action, target: `recording ${seq}`, outcome: 'ok', details: { seq } }, prev));
    }
  }

  segmentKey(first: number, last: number): string {
    return `stations/${this.station}/trail/${String(first).padStart(12, '0')}-${String(last).padStart(12, '0')}.jsonl`;
  }

  entries(first: number, last: number): AuditEntry[] {
    return this.trail.slice(first - 1, last);
  }

  /** Sends the entries written since the last segment as one segment, as a station does daily; its key. */
  async sendSegment(): Promise<string> {
    const first = this.sentUpTo + 1;
    const last = this.trail.length;
    const key = this.segmentKey(first, last);
    await putLocked(this.client, this.bucket, key, segmentText(this.entries(first, last)));
    this.sentUpTo = last;
    return key;
  }

  /** Leaves the entries written since the last segment out of the store (a segment that never arrives). */
  skipSegment(): void {
    this.sentUpTo = this.trail.length;
  }
}

export function segmentText(entries: readonly AuditEntry[]): string {
  return entries.map((e) => JSON.stringify(e)).join('\n') + '\n';
}
