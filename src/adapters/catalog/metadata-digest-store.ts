/**
 * The catalogue's side of metadata digests (migration 18, src/core/metadata-digest.ts): each metadata
 * version put is noted in the transaction that records the put, and leaves only in the transaction that
 * records the digest holding it as read back from the store. Seqs are never reused (AUTOINCREMENT), so a
 * digest's key names one set of versions for good.
 */
import type { DigestEntry } from '../../core/metadata-digest.js';
import { statementCache, type Db } from './database.js';

export interface PendingDigest {
  firstSeq: number;
  lastSeq: number;
  entries: DigestEntry[];
  /** The latest retain-until of the versions it holds: the digest is kept as long as they are. */
  retainUntil: string;
}

export class MetadataDigestStore {
  private readonly sql;

  constructor(db: Db) {
    this.sql = statementCache(db);
  }

  /** A metadata version put; called inside the transaction that records the put. */
  note(e: DigestEntry & { retainUntil: string }): void {
    this.sql('INSERT INTO metadata_digest_pending (object_key, version_id, etag, body, retain_until) VALUES (?, ?, ?, ?, ?)').run(e.key, e.versionId, e.etag, e.body, e.retainUntil);
  }

  /** The oldest versions not sent yet, up to `limit`; null when there are none. */
  next(limit: number): PendingDigest | null {
    const rows = this.sql('SELECT seq, object_key AS key, version_id AS versionId, etag, body, retain_until AS retainUntil FROM metadata_digest_pending ORDER BY seq LIMIT ?').all(limit) as (DigestEntry & {
      seq: number;
      retainUntil: string;
    })[];
    if (rows.length === 0) return null;
    const retainUntil = rows.reduce((m, r) => (r.retainUntil > m ? r.retainUntil : m), rows[0]!.retainUntil);
    return { firstSeq: rows[0]!.seq, lastSeq: rows[rows.length - 1]!.seq, retainUntil, entries: rows.map(({ key, versionId, etag, body }) => ({ key, versionId, etag, body })) };
  }

  /** A digest read back from the store: its versions leave the pending list; call inside the transaction that records it. */
  markSent(d: { firstSeq: number; lastSeq: number; entries: number; objectKey: string; versionId: string; sentAt: string }): void {
    this.sql('DELETE FROM metadata_digest_pending WHERE seq BETWEEN ? AND ?').run(d.firstSeq, d.lastSeq);
    this.sql('INSERT OR IGNORE INTO metadata_digests (first_seq, last_seq, entries, object_key, version_id, sent_at) VALUES (?, ?, ?, ?, ?, ?)').run(
      d.firstSeq,
      d.lastSeq,
      d.entries,
      d.objectKey,
      d.versionId,
      d.sentAt,
    );
  }

  /** Versions waiting for a digest. */
  pending(): number {
    return (this.sql('SELECT count(*) AS n FROM metadata_digest_pending').get() as { n: number }).n;
  }
}
