/**
 * An error meant for a person: what went wrong, where, and what to try.
 * Entry points print `message` and `hint` and exit with `exitCode`; anything else is a bug.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'UserError';
  }
}

/** The message of any thrown value, for error chains ("copy X: read: EIO"). */
export function errorMessage(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as NodeJS.ErrnoException).code;
    return code && !err.message.includes(code) ? `${code}: ${err.message}` : err.message;
  }
  return String(err);
}

export function errorCode(err: unknown): string | undefined {
  return err && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : undefined;
}

/**
 * Errors whose outcome is already in the audit trail (a refusal, a failure recorded where it
 * happened). The one guard around every act records a failure only for errors not marked: each act's
 * outcome is on the record exactly once.
 */
const onRecord = new WeakSet<object>();

export function markRecorded<E>(err: E): E {
  if (err && typeof err === 'object') onRecord.add(err);
  return err;
}

export function isRecorded(err: unknown): boolean {
  return Boolean(err && typeof err === 'object' && onRecord.has(err));
}

/** A copy or hash job failed in a worker thread; `fsyncFailed` says the copy must be redone from the source. */
export class FileJobError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
    readonly fsyncFailed: boolean,
  ) {
    super(message);
    this.name = 'FileJobError';
  }
}
