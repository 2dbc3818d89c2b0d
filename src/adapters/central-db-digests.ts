/**
 * Metadata digests in the central catalogue (src/core/metadata-digest.ts): a digest read is marked like
 * any object (its ETag, so it is not read again), its lines kept in `digest_lines` until the station's
 * listing has taken what it can from them, then dropped.
 */
import type { DigestEntry } from '../core/metadata-digest.js';
import type { CentralDb } from './central-db.js';
import { markRead, type ObjectRead } from './central-db-index.js';

/** Lines sent to PostgreSQL in one statement. */
const CHUNK = 2_000;

export class CentralDigestTables {
  constructor(private readonly db: CentralDb) {}

  /** A digest read: its lines kept, the object marked read (with its problems, if any line was not whole), in one transaction. */
  async saveDigest(station: string, read: ObjectRead, entries: readonly DigestEntry[], problem: string | null, at: string): Promise<void> {
    await this.db.transaction(async (q) => {
      for (let i = 0; i < entries.length; i += CHUNK) {
        const chunk = entries.slice(i, i + CHUNK).map((e) => ({ key: e.key, etag: e.etag, version_id: e.versionId, body: e.body }));
        await q.query(
          `INSERT INTO digest_lines (station, key, etag, version_id, body)
           SELECT $2, key, etag, version_id, body FROM jsonb_to_recordset($1::jsonb) AS r(key text, etag text, version_id text, body text)
           ON CONFLICT (station, key, etag) DO NOTHING`,
          [JSON.stringify(chunk), station],
        );
      }
      await markRead(q, station, 'digest', [read], at, problem);
    });
  }

  /** The lines kept for `listed` keys that name the ETag listed now (more than one when digests overlap or one was forged). */
  async linesFor(station: string, listed: readonly { key: string; etag: string }[]): Promise<Map<string, DigestEntry[]>> {
    if (listed.length === 0) return new Map();
    const rows = await this.db.query<{ key: string; etag: string; version_id: string; body: string }>(
      `SELECT d.key, d.etag, d.version_id, d.body
       FROM digest_lines d JOIN jsonb_to_recordset($2::jsonb) AS l(key text, etag text) ON l.key = d.key AND l.etag = d.etag
       WHERE d.station = $1`,
      [station, JSON.stringify(listed.map(({ key, etag }) => ({ key, etag })))],
    );
    const lines = new Map<string, DigestEntry[]>();
    for (const r of rows) lines.set(r.key, [...(lines.get(r.key) ?? []), { key: r.key, etag: r.etag, versionId: r.version_id, body: r.body }]);
    return lines;
  }

  /** After the station's listing: what it did not take is of versions no longer the latest. */
  async dropLines(station: string): Promise<void> {
    await this.db.query('DELETE FROM digest_lines WHERE station = $1', [station]);
  }
}
