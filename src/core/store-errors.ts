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
