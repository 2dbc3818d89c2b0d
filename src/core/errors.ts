import type { Message } from './i18n/messages.js';

/** A human-facing sentence in both languages, with no parameters left to fill. */
export type Said = Message<void>;

/** A plain string is a text that has one wording only (a path, a code): the same in both languages. */
export function asSaid(m: Said | string): Said {
  return typeof m === 'string' ? { zh: m, en: m } : m;
}

/**
 * An error meant for a person: what went wrong, where, and what to try, in both languages.
 * Entry points print `said` and `hintSaid` in the run's language and exit with `exitCode`; anything
 * else is a bug. `message` and `hint` are the English, for the trail and the logs, which are read
 * the same whatever language a person chose.
 */
export class UserError extends Error {
  readonly said: Said;
  readonly hintSaid?: Said;
  readonly hint?: string;

  constructor(
    message: Said | string,
    hint?: Said | string,
    readonly exitCode = 2,
  ) {
    const said = asSaid(message);
    super(said.en);
    this.name = 'UserError';
    this.said = said;
    if (hint !== undefined) {
      this.hintSaid = asSaid(hint);
      this.hint = this.hintSaid.en;
    }
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
