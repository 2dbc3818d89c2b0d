/**
 * Text PostgreSQL can store: JSON lets a string hold a NUL (`\u0000`) or half of a surrogate pair
 * (`\ud800`), which no text or jsonb value can, so an object holding one written as it was read would
 * fail the whole transaction (and every later run, since the object would never be marked read).
 * Anyone holding the store's keys can put such an object; no station writes one. Pure.
 */

/** A NUL, a high surrogate not followed by a low one, or a low one not preceded by a high one. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export const UNSTORABLE_PROBLEM = 'holds a NUL or half a surrogate pair, which PostgreSQL cannot store';

export function isStorableText(s: string): boolean {
  return !UNSTORABLE.test(s);
}

/** Whether any string in a parsed JSON value (its keys too) is not storable text. */
export function holdsUnstorableText(value: unknown): boolean {
  if (typeof value === 'string') return !isStorableText(value);
  if (Array.isArray(value)) return value.some(holdsUnstorableText);
  if (value !== null && typeof value === 'object') return Object.entries(value).some(([k, v]) => !isStorableText(k) || holdsUnstorableText(v));
  return false;
}

/** A problem's text as it can be kept: what cannot be stored replaced by U+FFFD (a problem may quote what it found). */
export function storableText(s: string): string {
  return s.replace(new RegExp(UNSTORABLE.source, 'g'), '\ufffd');
}
