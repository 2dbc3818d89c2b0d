/**
 * What a caller types ends up in the trail (targets, option values). Both copies of the trail are
 * kept for good, so one entry is bounded: a long string keeps its head, its length and its SHA-256
 * prefix, enough to tell what it was without letting anyone fill the disk through the trail.
 */
import { createHash } from 'node:crypto';

export const MAX_TEXT = 1024;
const MAX_DEPTH = 6;

export function boundText(s: string): string {
  if (s.length <= MAX_TEXT) return s;
  const digest = createHash('sha256').update(s).digest('hex').slice(0, 16);
  // Never between the two halves of a pair (an emoji, a rare hanzi): half a character is no text.
  const cut = isHighSurrogate(s.charCodeAt(MAX_TEXT - 1)) ? MAX_TEXT - 1 : MAX_TEXT;
  return `${s.slice(0, cut)}…[${s.length} characters, sha256 ${digest}…]`;
}

const isHighSurrogate = (c: number) => c >= 0xd800 && c <= 0xdbff;
const LONE_HALF = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/** Any half at all (a quick look first: nearly every text has none). */
const ANY_HALF = /[\ud800-\udfff]/;

/**
 * The text as the catalogue can keep it: each half of a surrogate pair standing alone becomes U+FFFD.
 * SQLite keeps text as UTF-8, where a lone half has no code: stored as it is, it came back as other
 * characters, and the entry's hash (taken over the half) no longer matched the catalogue's row, nor
 * the trail file's copy (written from memory) the catalogue's.
 */
export function wellFormed(s: string): string {
  return ANY_HALF.test(s) ? s.replace(LONE_HALF, '\ufffd') : s;
}

/** The same value with every string bounded (lists are the program's own findings: kept whole). */
export function boundDetails(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return boundText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) return value.map((v) => boundDetails(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [boundText(k), boundDetails(v, depth + 1)]));
}
