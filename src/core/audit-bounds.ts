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
  return `${s.slice(0, MAX_TEXT)}…[${s.length} characters, sha256 ${digest}…]`;
}

/** The same value with every string bounded (lists are the program's own findings: kept whole). */
export function boundDetails(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return boundText(value);
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH) return '[nested too deep]';
  if (Array.isArray(value)) return value.map((v) => boundDetails(v, depth + 1));
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [boundText(k), boundDetails(v, depth + 1)]));
}
