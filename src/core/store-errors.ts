/** What an object store's error means for the work waiting on it, from the error's shape alone. Pure. */

/** Whether an error means the store could not be reached (try later) rather than an answer from it. */
export function isUnreachable(err: unknown): boolean {
  const e = err as { code?: string; name?: string; $metadata?: { httpStatusCode?: number } };
  if (e.$metadata?.httpStatusCode && e.$metadata.httpStatusCode >= 500) return true;
  return ['ECONNREFUSED', 'ECONNRESET', 'EHOSTUNREACH', 'ENETUNREACH', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN'].includes(e.code ?? '') || e.name === 'TimeoutError' || e.name === 'RequestTimeout';
}

/** Whether the store refused because a lock is in force (a delete or shortening that must wait). */
export function isLockRefusal(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'AccessDenied' || e.$metadata?.httpStatusCode === 403;
}

/**
 * Whether the store refused the station's keys (wrong, revoked, or without rights to the bucket: no
 * retry helps); the store's own word for it, or null. Any 403 but a clock refusal: an answer to HEAD has
 * no body, so the store's reason is not always named.
 */
export function keyRefusal(err: unknown): string | null {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (e.$metadata?.httpStatusCode !== 403 || e.name === 'RequestTimeTooSkewed') return null;
  return e.name && e.name !== 'UnknownError' ? e.name : 'HTTP 403';
}
