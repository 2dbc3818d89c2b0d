/**
 * What kind of failure held a recording's replication up, for the custodian: the error's own text
 * names vault paths, object keys and the S3 client's internals (kept in `replicate status --json` and
 * the trail), so `replicate status` says the kind in words, and what to do about it.
 */
import { isUnreachable, keyRefusal } from './store-errors.js';

export const FAILURE_KINDS = [
  'store-unreachable',
  'waiting-on-lock',
  'vault-copy-differs',
  'catalogue-damaged',
  'changed-in-transit',
  'read-back-differs',
  'lock-not-kept',
  'vault-file-unreadable',
  'store-refused-keys',
  'store-refused',
  'other',
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

/** Errors of the vault's file (gone, unreadable, not a regular file), not of the store. */
const FILE_CODES = new Set(['ENOENT', 'EACCES', 'EPERM', 'EISDIR', 'ELOOP', 'ENXIO', 'EIO', 'EINVAL', 'ENOTDIR']);

/** An error marked with its kind where it is thrown (the vault copy or the read-back differing, a lock not kept). */
export function withFailureKind<E extends Error>(err: E, kind: FailureKind): E {
  return Object.assign(err, { failureKind: kind });
}

export function failureKind(err: unknown): FailureKind {
  const e = err as { failureKind?: FailureKind; code?: string; $metadata?: unknown };
  if (e?.failureKind && (FAILURE_KINDS as readonly string[]).includes(e.failureKind)) return e.failureKind;
  if (isUnreachable(err)) return 'store-unreachable';
  if (keyRefusal(err)) return 'store-refused-keys';
  if (e?.$metadata) return 'store-refused';
  if (FILE_CODES.has(e?.code ?? '')) return 'vault-file-unreadable';
  return 'other';
}

/** A stored kind read back (an older row has none). */
export function asFailureKind(v: string | null): FailureKind {
  return v !== null && (FAILURE_KINDS as readonly string[]).includes(v) ? (v as FailureKind) : 'other';
}
