/**
 * A station's metadata digests into the central catalogue before its metadata is listed: each digest
 * not read yet (or changed since) is read once and its lines kept, so the listing that follows takes
 * a changed key's metadata from a line instead of a GET wherever the line's bytes are what the store
 * lists for the key (their MD5 is the listed ETag). A digest with lines that are not whole is a finding
 * for its key; its whole lines are still used.
 */
import { parseStationKey } from '../core/central-layout.js';
import { digestPrefix, md5Hex, parseDigest, type DigestEntry } from '../core/metadata-digest.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { CentralDigestTables } from '../adapters/central-db-digests.js';
import { inParallel } from './bounded-parallel.js';
import type { BucketReader, IndexTables, ListedObject } from './central-ports.js';

export type DigestTables = Pick<CentralDigestTables, 'saveDigest' | 'linesFor' | 'dropLines'>;

export interface DigestDeps {
  bucket: BucketReader;
  tables: Pick<IndexTables, 'knownEtags' | 'saveProblems'>;
  digests: DigestTables;
  clock: UnitClock;
}

/** Digests read at once: each is up to a few MB. */
const DIGESTS_IN_FLIGHT = 2;

/**
 * A digest holds at most DIGEST_ENTRIES lines of about 1–2 KB: a "digest" far larger is not one a
 * station wrote (someone holding the store's keys can put anything), and is not read into memory.
 */
export const MAX_DIGEST_BYTES = 64 * 1024 * 1024;

/** Reads the station's new digests; returns how many were listed and read, and the lines they held. */
export async function loadDigests(station: string, deps: DigestDeps): Promise<{ listed: number; read: number; lines: number }> {
  const { bucket, tables, digests, clock } = deps;
  const isOwnKey = (key: string) => {
    const k = parseStationKey(key);
    return k?.kind === 'recording' && k.station === station;
  };
  let listed = 0;
  let read = 0;
  let lines = 0;
  for await (const page of bucket.pages(digestPrefix(station))) {
    listed += page.length;
    const known = await tables.knownEtags(page.map((o) => o.key));
    const fresh = page.filter((o) => known.get(o.key) !== o.etag && parseStationKey(o.key)?.kind === 'digest');
    const oversized = fresh.filter((o) => o.size > MAX_DIGEST_BYTES);
    await tables.saveProblems(station, 'digest', oversized.map((o) => ({ read: { key: o.key, etag: o.etag, versionId: null, size: o.size }, problem: `${o.size} bytes: larger than any metadata digest a station writes (${MAX_DIGEST_BYTES}); not read` })), clock.nowIso());
    await inParallel(fresh.filter((o) => o.size <= MAX_DIGEST_BYTES), DIGESTS_IN_FLIGHT, async (o) => {
      const object = await bucket.read(o.key, MAX_DIGEST_BYTES);
      if (!object) return;
      const parsed = object.tooLarge ? { entries: [], problems: [] } : parseDigest(object.text, isOwnKey);
      // Only lines whose bytes are what their ETag says are kept (one per key and ETag): the rest could never be used.
      const entries = dedupeLines(parsed.entries.filter((e) => md5Hex(e.body) === e.etag));
      const problems = parsed.problems;
      const problem = object.tooLarge
        ? `${object.size} bytes: larger than any metadata digest a station writes (${MAX_DIGEST_BYTES}); not read`
        : problems.length
          ? `${problems.length} line(s) not whole: ${problems.slice(0, 3).join('; ')}`
          : null;
      await digests.saveDigest(station, { key: o.key, etag: object.etag, versionId: object.versionId, size: object.size }, entries, problem, clock.nowIso());
      read++;
      lines += entries.length;
    });
  }
  return { listed, read, lines };
}

function dedupeLines(entries: readonly DigestEntry[]): DigestEntry[] {
  const seen = new Set<string>();
  return entries.filter((e) => !seen.has(`${e.key}\n${e.etag}`) && Boolean(seen.add(`${e.key}\n${e.etag}`)));
}

/**
 * The metadata of listed objects a digest line holds, where the line is exactly the version listed:
 * the ETag it names is the listed one (the store computed that ETag on receipt; a line is kept only
 * if its bytes hash to the ETag it names, when its digest is read) and the size agrees. Others are
 * read from the store.
 */
export async function fromDigests(station: string, listed: readonly ListedObject[], digests: DigestTables): Promise<Map<string, DigestEntry>> {
  const lines = await digests.linesFor(station, listed);
  const usable = new Map<string, DigestEntry>();
  for (const o of listed) {
    const line = lines.get(o.key)?.find((l) => l.etag === o.etag && Buffer.byteLength(l.body, 'utf8') === o.size);
    if (line) usable.set(o.key, line);
  }
  return usable;
}
