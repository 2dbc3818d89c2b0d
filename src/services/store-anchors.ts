/**
 * The store as an anchor for `audit verify --anchor store`: the chain head at the end of every trail
 * segment the station sent (read from the store, not from the catalogue's note of what was sent, which
 * the station's root could rewrite). Each must still be in the live trail.
 */
import { UserError } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { replicationMessages as m } from '../core/i18n/replication-messages.js';
import type { SourcedAnchor } from '../core/audit-anchor.js';
import { parseSegmentKey, segmentPrefix } from '../core/replication.js';
import type { ObjectStore } from '../adapters/object-store.js';

export async function storeAnchors(s3: ObjectStore, station: string): Promise<SourcedAnchor[]> {
  const anchors: SourcedAnchor[] = [];
  for await (const o of s3.list(segmentPrefix(station))) {
    const range = parseSegmentKey(o.key);
    if (!range) continue;
    const lines = (await s3.getBytes(o.key)).toString('utf8').trimEnd().split('\n');
    const last = JSON.parse(lines[lines.length - 1] ?? '{}') as { seq?: unknown; hash?: unknown; at?: unknown };
    const source = `s3://${s3.bucket}/${o.key}`;
    if (last.seq !== range.lastSeq || typeof last.hash !== 'string') throw new UserError(said(m.segmentMalformed, { source }));
    anchors.push({ source, seq: range.lastSeq, hash: last.hash, at: typeof last.at === 'string' ? last.at : null });
  }
  if (anchors.length === 0) throw new UserError(said(m.noSegments, { station, bucket: s3.bucket }), m.noSegmentsHint);
  return anchors;
}
