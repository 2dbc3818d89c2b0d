/**
 * The metadata digest (docs/replication.md "Metadata digests"): every metadata object version a
 * station puts is also kept in the catalogue, and sent with the trail as one object of many lines, so
 * the central catalogue reads a station's day in one GET instead of one per recording. A line is
 * trusted only where it is what the store holds: the body's MD5 must be the ETag the store lists for
 * the key's latest version (the store computes it on receipt), else the reader GETs the object as
 * before. A digest is a faster way to the same bytes, never a second truth. Pure.
 */
import { createHash } from 'node:crypto';
import { FieldError, Fields } from './object-fields.js';
import { pad12 } from './replication.js';
import { isStorableText, UNSTORABLE_PROBLEM } from './storable-text.js';

export interface DigestEntry {
  /** The metadata object's key (`stations/<station>/recordings/<id>.json`). */
  key: string;
  versionId: string;
  /** The store's ETag of that version: the MD5 (hex) of `body`. */
  etag: string;
  /** The metadata object's bytes, as UTF-8 text. */
  body: string;
}

/** Entries in one digest object: a few MB at most. */
export const DIGEST_ENTRIES = 5_000;

export function digestPrefix(station: string): string {
  return `stations/${station}/digests/`;
}

/**
 * `trailSeq` is the station's trail head when the digest was made, first and last the catalogue's
 * sequence numbers of the metadata versions it holds. The trail's seq leads: a station rebuilt from the
 * store starts its catalogue's numbers again at 1, while its trail carries on past every entry the store
 * holds, so a digest of the rebuilt station does not land on a key of the old one.
 */
export function digestKey(station: string, trailSeq: number, first: number, last: number): string {
  return `${digestPrefix(station)}${pad12(trailSeq)}-${pad12(first)}-${pad12(last)}.jsonl`;
}

export function md5Hex(bytes: Buffer | string): string {
  return createHash('md5').update(bytes).digest('hex');
}

/** A metadata version put, as a digest holds it: its ETag is the MD5 of its bytes, as the store computes it. */
export function digestEntry(key: string, versionId: string, body: Buffer): DigestEntry {
  return { key, versionId, etag: md5Hex(body), body: body.toString('utf8') };
}

export function digestBytes(entries: readonly DigestEntry[]): Buffer {
  return Buffer.from(entries.map((e) => `${JSON.stringify({ key: e.key, versionId: e.versionId, etag: e.etag, body: e.body })}\n`).join(''), 'utf8');
}

/** A digest's lines: the entries that are whole, and a problem for each line that is not (its number and field). */
export function parseDigest(text: string, isOwnKey: (key: string) => boolean): { entries: DigestEntry[]; problems: string[] } {
  const entries: DigestEntry[] = [];
  const problems: string[] = [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const [i, line] of lines.entries()) {
    try {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        throw new FieldError('(line)', 'not JSON');
      }
      const f = Fields.of(value);
      const text = (name: string, opts?: { nonEmpty?: boolean; pattern?: RegExp }) => {
        const v = f.string(name, opts);
        // Checked before the key is quoted in a problem: the line is kept in PostgreSQL, or the problem is.
        if (!isStorableText(v)) throw new FieldError(name, UNSTORABLE_PROBLEM);
        return v;
      };
      const key = text('key', { nonEmpty: true });
      if (!isOwnKey(key)) throw new FieldError('key', `"${key}" is not a metadata key of this station`);
      entries.push({ key, versionId: text('versionId'), etag: text('etag', { pattern: /^[0-9a-f]{32}$/ }), body: text('body') });
    } catch (err) {
      if (!(err instanceof FieldError)) throw err;
      problems.push(`line ${i + 1}: ${err.message}`);
    }
  }
  return { entries, problems };
}
