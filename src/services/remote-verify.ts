/**
 * `verify --remote`: the catalogue against the store (issue 17). For every recording the station marked
 * replicated: its object version is there, with the same size, the same SHA-256 (the metadata the upload
 * carried and the MD5 the store computed on receipt; with `read`, the bytes read back and hashed), under a
 * COMPLIANCE lock lasting at least to the end of its retention; its metadata object is there too. A
 * live recording neither replicated nor queued (its outbox row lost) is a finding of its own.
 * Findings stream out as found; the check is on the record with its counts.
 */
import { recordingObjectKey } from '../core/replication.js';
import type { ReplicationStore } from '../adapters/catalog/replication-store.js';
import type { ObjectStore } from '../adapters/object-store.js';
import type { AuditTrail } from './audit-trail.js';
import type { RecordingDescriber } from './replication-facts.js';
import { explainedStoreError } from './store-refusal.js';

export type RemoteFindingKind = 'missing' | 'size-differs' | 'hash-differs' | 'not-locked' | 'lock-too-short' | 'metadata-missing' | 'not-replicated';

export interface RemoteFinding {
  recordingId: number;
  vaultPath: string | null;
  key: string;
  kind: RemoteFindingKind;
  detail: string;
}

export interface RemoteReport {
  checked: number;
  ok: number;
  bytesRead: number;
  findingCount: number;
  notYetReplicated: number;
  /** Live recordings neither in the store nor queued to go there. */
  notQueued: number;
  seconds: number;
}

const PAGE = 500;

export class RemoteVerify {
  constructor(
    private readonly deps: { connect: () => Promise<ObjectStore>; outbox: ReplicationStore; describer: RecordingDescriber; audit: AuditTrail },
  ) {}

  async verifyOnRecord(opts: { read: boolean }, onFinding: (f: RemoteFinding) => Promise<void> | void): Promise<RemoteReport> {
    const { outbox, describer, audit } = this.deps;
    const input = { action: 'verify.remote', target: 'store', details: { read: opts.read } };
    return audit.act(input, async () => {
      const started = Date.now();
      const s3 = await this.deps.connect();
      const report: RemoteReport = { checked: 0, ok: 0, bytesRead: 0, findingCount: 0, notYetReplicated: outbox.lag().waiting, notQueued: 0, seconds: 0 };
      const kinds: Record<string, number> = {};
      try {
        for (let after = 0; ; ) {
          const page = outbox.replicasAfter(after, PAGE);
          if (page.length === 0) break;
          for (const rep of page) {
            after = rep.recordingId;
            const d = describer.describe(rep.recordingId);
            if (!d || d.metadata.disposed) continue;
            report.checked++;
            const found: RemoteFinding[] = [];
            const finding = (kind: RemoteFindingKind, detail: string) => found.push({ recordingId: rep.recordingId, vaultPath: d.recording.vaultPath, key: rep.objectKey, kind, detail });
            const head = await s3.head(rep.objectKey, rep.versionId);
            if (!head) finding('missing', `version ${rep.versionId} is not in the store`);
            else {
              if (head.size !== d.recording.size) finding('size-differs', `${head.size} bytes in the store, ${d.recording.size} in the catalogue`);
              if (head.sha256 !== d.recording.sha256 || head.etag !== rep.md5) finding('hash-differs', `the store's object is not the bytes sent (sha256 ${head.sha256 ?? 'none'}, md5 ${head.etag})`);
              if (head.lockMode !== 'COMPLIANCE') finding('not-locked', `lock mode ${head.lockMode ?? 'none'}`);
              else if (!head.retainUntil || head.retainUntil < d.retentionEnd) finding('lock-too-short', `locked until ${head.retainUntil?.toISOString() ?? 'never'}, retention ends ${d.retentionEnd.toISOString()}`);
              if (opts.read && head.size === d.recording.size) {
                const back = await s3.readBack(rep.objectKey, rep.versionId);
                report.bytesRead += back.size;
                if (back.sha256 !== d.recording.sha256) finding('hash-differs', `read back, the bytes hash to ${back.sha256}`);
              }
            }
            if (!(await s3.head(d.metadataKey))) finding('metadata-missing', `${d.metadataKey} is not in the store`);
            if (found.length === 0) report.ok++;
            for (const f of found) {
              kinds[f.kind] = (kinds[f.kind] ?? 0) + 1;
              report.findingCount++;
              await onFinding(f);
            }
          }
        }
        // Neither copied nor queued (the outbox row lost): nothing would ever send them. `replicate run` queues them again.
        for (let after = 0; ; ) {
          const page = outbox.unqueuedAfter(after, PAGE);
          if (page.length === 0) break;
          for (const u of page) {
            after = u.recordingId;
            kinds['not-replicated'] = (kinds['not-replicated'] ?? 0) + 1;
            report.findingCount++;
            report.notQueued++;
            await onFinding({ recordingId: u.recordingId, vaultPath: u.vaultPath, key: recordingObjectKey(u.sha256), kind: 'not-replicated', detail: 'not in the store and not queued to be sent: evidence-vault replicate run queues it again' });
          }
        }
      } catch (err) {
        throw explainedStoreError(err, s3);
      } finally {
        s3.close();
      }
      report.seconds = (Date.now() - started) / 1000;
      audit.record({ ...input, details: { ...input.details, checked: report.checked, ok: report.ok, findings: kinds, notYetReplicated: report.notYetReplicated, notQueued: report.notQueued } });
      return report;
    });
  }
}
