/**
 * The store as an anchor for `audit verify --anchor store`: the chain head at the end of every trail
 * segment the station sent (read from the store, not from the catalogue's note of what was sent, which
 * the station's root could rewrite). Each must still be in the live trail.
 *
 * Every version of every segment key is read, not the latest alone: Object Lock keeps a locked version
 * from being deleted or changed, but anyone holding the store's keys (the station's root reads them) can
 * put a new version on top. A rewritten trail put back that way would match the latest versions; the
 * versions it was put over still hold the heads the station really sent.
 */
import { UserError } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { replicationMessages as m } from '../core/i18n/replication-messages.js';
import type { SourcedAnchor } from '../core/audit-anchor.js';
import { parseSegmentKey, segmentPrefix } from '../core/replication.js';
import type { ObjectStore } from '../adapters/object-store.js';

export async function storeAnchors(s3: ObjectStore, station: string): Promise<SourcedAnchor[]> {
  const anchors: SourcedAnchor[] = [];
  for (const v of await s3.versions(segmentPrefix(station))) {
    const range = parseSegmentKey(v.key);
    if (!range) continue;
    const lines = (await s3.getBytes(v.key, v.versionId)).toString('utf8').trimEnd().split('\n');
    const source = `s3://${s3.bucket}/${v.key}?versionId=${v.versionId}`;
    const last = lastEntry(lines[lines.length - 1] ?? '');
    if (!last || last.seq !== range.lastSeq || typeof last.hash !== 'string') throw new UserError(said(m.segmentMalformed, { source }));
    anchors.push({ source, seq: range.lastSeq, hash: last.hash, at: typeof last.at === 'string' ? last.at : null });
  }
  if (anchors.length === 0) throw new UserError(said(m.noSegments, { station, bucket: s3.bucket }), m.noSegmentsHint);
  return anchors;
}

function lastEntry(line: string): { seq?: unknown; hash?: unknown; at?: unknown } | null {
  try {
    const v = JSON.parse(line) as unknown;
    return typeof v === 'object' && v !== null ? v : null;
  } catch {
    return null;
  }
}
