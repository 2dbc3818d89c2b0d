/**
 * The central catalogue's own configuration file (`evidence-vault --config FILE central …`): the
 * object store it reads and the PostgreSQL it writes, nothing of any station. Checked strictly with
 * zod's v3 API as the station's config is (src/adapters/config-file.ts), and its secrets (the store's
 * keys, the database password) read from files only their owner can read.
 */
import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod/v3';
import { errorCode, UserError } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { configMessages, notJsonSaid } from '../core/i18n/config-messages.js';
import { centralMessages as m } from '../core/i18n/central-messages.js';
import { isValidTimeZone } from '../core/zoned-time.js';
import { describeIssue } from './config-file.js';

export const centralConfigSchema = z.strictObject({
  /** The bureau's bucket, as the stations' `replication` sections name it. */
  store: z.strictObject({
    /** The S3 endpoint, e.g. https://s3.bureau.example or http://127.0.0.1:7480. */
    endpoint: z.string().url(),
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'not an S3 bucket name'),
    region: z.string().min(1).default('us-east-1'),
    /** JSON {"accessKeyId", "secretAccessKey"}, readable by its owner only. A key that may list and read is enough. */
    credentialsFile: z.string().min(1),
    /** Path-style addressing (http://host/bucket/key), as Ceph's gateway is usually set up. */
    forcePathStyle: z.boolean().default(true),
  }),
  postgres: z.strictObject({
    /** A Unix socket folder (an absolute path) or a host name. */
    host: z.string().min(1),
    port: z.number().int().min(1).max(65535).default(5432),
    database: z.string().min(1),
    user: z.string().min(1),
    /** The user's password, on the first line of a file readable by its owner only; none with peer or trust authentication. */
    passwordFile: z.string().min(1).optional(),
  }),
  /** The bureau's IANA zone: what "today" is for a report's period. */
  timezone: z.string().refine(isValidTimeZone, 'not an IANA timezone name (e.g. Asia/Shanghai)').default('Asia/Shanghai'),
  /** The language people are spoken to in (zh or en); unset: the locale's, else Chinese. `--lang` overrides it. */
  language: z.enum(['zh', 'en']).optional(),
});

export type CentralConfig = z.infer<typeof centralConfigSchema>;

/** The config at `file`, its relative paths taken from its folder. */
export function loadCentralConfig(file: string): CentralConfig {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    throw new UserError(said(configMessages.unreadable, { path: file, what: (err as Error).message, code: errorCode(err) ?? 'EIO' }), m.needConfigHint);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new UserError(notJsonSaid(file, (err as Error).message, text), m.configFixHint);
  }
  const result = centralConfigSchema.safeParse(raw);
  if (!result.success) {
    const problems = result.error.issues.map(describeIssue);
    throw new UserError(said(configMessages.problems, { source: file, zh: problems.map((p) => p.zh).join('；'), en: problems.map((p) => p.en).join('; ') }), m.configFixHint);
  }
  const c = result.data;
  const base = path.dirname(path.resolve(file));
  const local = (p: string) => path.resolve(base, p);
  // A host with a slash is a socket folder; a bare name is a host.
  const host = c.postgres.host.includes('/') ? local(c.postgres.host) : c.postgres.host;
  return {
    ...c,
    store: { ...c.store, credentialsFile: local(c.store.credentialsFile) },
    postgres: { ...c.postgres, host, ...(c.postgres.passwordFile ? { passwordFile: local(c.postgres.passwordFile) } : {}) },
  };
}

type Secret = 'credentials' | 'password';

/** A secret's file, refused when it is a link, not ours, or its group or anyone else may read or change it. */
function readSecret(file: string, what: Secret): string {
  let fd: number;
  try {
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  } catch (err) {
    throw new UserError(said(m.secretUnreadable, { path: file, what, code: errorCode(err) ?? 'EIO' }), m.secretUnreadableHint);
  }
  try {
    const st = fs.fstatSync(fd);
    // Another account's file (root's aside) could be swapped for keys of its choosing.
    if (!st.isFile() || (st.uid !== (process.getuid?.() ?? 0) && st.uid !== 0)) throw new UserError(said(m.secretNotOwn, { path: file, what }), said(m.secretNotOwnHint, { path: file }), 77);
    if ((st.mode & 0o077) !== 0) throw new UserError(said(m.secretOpen, { path: file, what, mode: (st.mode & 0o777).toString(8).padStart(4, '0') }), said(m.secretOpenHint, { path: file }), 77);
    return fs.readFileSync(fd, 'utf8');
  } finally {
    fs.closeSync(fd);
  }
}

export interface StoreCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export function readStoreCredentials(file: string): StoreCredentials {
  const text = readSecret(file, 'credentials');
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = null;
  }
  const shape = z.object({ accessKeyId: z.string().min(1), secretAccessKey: z.string().min(1) }).safeParse(raw);
  if (!shape.success) throw new UserError(said(m.credentialsShape, { path: file }), m.credentialsShapeHint);
  return { accessKeyId: shape.data.accessKeyId, secretAccessKey: shape.data.secretAccessKey };
}

export function readPasswordFile(file: string): string {
  return readSecret(file, 'password').split('\n')[0]!.replace(/\r$/, '');
}
