/**
 * Reading a JSON object a station wrote, field by field, naming the first field that is not what the
 * format says ("officer.id: not a string"). Pure and small on purpose: core imports no package, and
 * the formats are few and flat (docs/replication.md). Keys the format does not name are passed over,
 * so a station of a later release that adds one is still read.
 */

export class FieldError extends Error {
  constructor(readonly path: string, what: string) {
    super(`${path}: ${what}`);
    this.name = 'FieldError';
  }
}

export type Json = Record<string, unknown>;

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
const LOCAL_DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Field access on one object, with the path of the object for the messages. */
export class Fields {
  constructor(
    private readonly o: Json,
    private readonly at = '',
  ) {}

  static of(v: unknown, at = ''): Fields {
    if (!isObject(v)) throw new FieldError(at || '(top level)', 'not an object');
    return new Fields(v, at);
  }

  private path(key: string): string {
    return this.at ? `${this.at}.${key}` : key;
  }

  private has(key: string): boolean {
    return Object.prototype.hasOwnProperty.call(this.o, key);
  }

  raw(key: string): unknown {
    return this.o[key];
  }

  string(key: string, opts: { nonEmpty?: boolean; pattern?: RegExp } = {}): string {
    const v = this.o[key];
    if (!this.has(key)) throw new FieldError(this.path(key), 'missing');
    if (typeof v !== 'string') throw new FieldError(this.path(key), 'not a string');
    if (opts.nonEmpty && v.length === 0) throw new FieldError(this.path(key), 'empty');
    if (opts.pattern && !opts.pattern.test(v)) throw new FieldError(this.path(key), `not of the form ${opts.pattern.source}`);
    return v;
  }

  /** A string or null; a missing key reads as null. */
  stringOrNull(key: string): string | null {
    const v = this.o[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'string') throw new FieldError(this.path(key), 'not a string or null');
    return v;
  }

  instant(key: string): string {
    const v = this.string(key);
    if (!ISO_INSTANT.test(v) || Number.isNaN(Date.parse(v))) throw new FieldError(this.path(key), 'not an ISO 8601 time with its offset');
    return v;
  }

  instantOrNull(key: string): string | null {
    return this.o[key] === null || this.o[key] === undefined ? null : this.instant(key);
  }

  localDate(key: string): string {
    const v = this.string(key);
    if (!LOCAL_DATE.test(v) || Number.isNaN(Date.parse(`${v}T00:00:00Z`)) || new Date(`${v}T00:00:00Z`).toISOString().slice(0, 10) !== v) {
      throw new FieldError(this.path(key), 'not a date YYYY-MM-DD');
    }
    return v;
  }

  integer(key: string, min = 0): number {
    const v = this.o[key];
    if (!this.has(key)) throw new FieldError(this.path(key), 'missing');
    if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) throw new FieldError(this.path(key), `not a whole number of at least ${min}`);
    return v;
  }

  numberOrNull(key: string, min = 0): number | null {
    const v = this.o[key];
    if (v === undefined || v === null) return null;
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min) throw new FieldError(this.path(key), `not a number of at least ${min} or null`);
    return v;
  }

  boolean(key: string): boolean {
    const v = this.o[key];
    if (typeof v !== 'boolean') throw new FieldError(this.path(key), 'not true or false');
    return v;
  }

  /** An object (its fields), or null when the value is null or missing. */
  objectOrNull(key: string): Fields | null {
    const v = this.o[key];
    if (v === undefined || v === null) return null;
    return Fields.of(v, this.path(key));
  }

  /** An array's items; a missing key reads as an empty array. */
  array(key: string): { at: string; value: unknown }[] {
    const v = this.o[key];
    if (v === undefined) return [];
    if (!Array.isArray(v)) throw new FieldError(this.path(key), 'not an array');
    return v.map((value, i) => ({ at: `${this.path(key)}.${i}`, value }));
  }

  stringArray(key: string): string[] {
    return this.array(key).map(({ at, value }) => {
      if (typeof value !== 'string') throw new FieldError(at, 'not a string');
      return value;
    });
  }
}

/** JSON text as an object, or the reason it is not one. */
export function parseJsonObject(text: string): Fields {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (err) {
    throw new FieldError('(top level)', `not JSON (${(err as Error).message})`);
  }
  return Fields.of(v);
}
