/**
 * The S3 object store with Object Lock (Ceph RGW or any S3 store), through the AWS SDK. The one place
 * that talks to the store: the service's only connection out (docs/replication.md). Loaded only by the
 * commands and parts that use it.
 *
 * Settings that matter with Ceph RGW: path-style bucket names, and checksums only where an operation
 * requires one (the SDK's default CRC32 trailers with aws-chunked bodies are refused by RGW 16, and it
 * ignores `x-amz-checksum-sha256`). A recording's upload is signed with the catalogue's SHA-256 as its
 * payload hash (store-signed-put.ts); the read-back then hashes what the store returns.
 */
import crypto from 'node:crypto';
import type { Readable } from 'node:stream';
import type { S3Client } from '@aws-sdk/client-s3';
import type { StoreCredentials } from './store-credentials.js';
import { checksPayloadHash, putSignedFile, unquote, type BytesRefused, type PutResult } from './store-signed-put.js';

export interface StoreSettings {
  endpoint: string;
  bucket: string;
  region: string;
  forcePathStyle: boolean;
  /** How long a request may wait with nothing sent or received before it fails as the store unreachable (ms; 60 s). */
  idleTimeoutMs?: number;
}

export interface ObjectHead {
  size: number;
  etag: string;
  versionId: string | null;
  sha256: string | null;
  /** The station that uploaded this version (its user metadata), null when it carries none. */
  station: string | null;
  lockMode: string | null;
  retainUntil: Date | null;
}

export interface ReadBack {
  sha256: string;
  size: number;
  held: Pick<ObjectHead, 'lockMode' | 'retainUntil'>;
}

export interface ObjectVersion {
  key: string;
  versionId: string;
  size: number;
  isLatest: boolean;
  etag: string;
}

export type { BytesRefused, PutResult };

export interface ObjectStore {
  readonly endpoint: string;
  readonly bucket: string;
  /** The bucket with Object Lock enabled: there already, or created so when missing (if `create`); `no-lock`: it exists without. */
  ensureBucket(create: boolean): Promise<'locked' | 'created' | 'no-lock' | 'missing'>;
  head(key: string, versionId?: string): Promise<ObjectHead | null>;
  /**
   * The file's first `size` bytes, signed with `sha256` (hex) as the payload's hash: refused by the store
   * unless the bytes hash to it. A file of another size is not sent (the answer is the same refusal).
   */
  putFile(key: string, file: string, size: number, sha256: string, lockUntil: Date, metadata: Record<string, string>): Promise<PutResult | BytesRefused>;
  putBytes(key: string, body: Buffer, lockUntil: Date | null, contentType: string): Promise<PutResult>;
  /**
   * Whether the store hashes what it is sent and refuses bytes that are not those signed for: a few bytes
   * put at `key` signed with another hash. Refused: true, nothing stored. Taken: false, and the version is
   * deleted again (it has no lock).
   */
  checksPayloadHash(key: string): Promise<{ checks: true } | { checks: false; deleted: boolean }>;
  /**
   * Reads the object back and hashes it (SHA-256), without keeping it in memory; with the lock the
   * store answered with (GetObject carries it), so a fresh upload's lock needs no request of its own.
   */
  readBack(key: string, versionId: string): Promise<ReadBack>;
  getStream(key: string, versionId?: string): Promise<Readable>;
  getBytes(key: string, versionId?: string): Promise<Buffer>;
  retention(key: string, versionId: string): Promise<{ mode: string; until: Date } | null>;
  extendRetention(key: string, versionId: string, until: Date): Promise<void>;
  versions(prefix: string): Promise<ObjectVersion[]>;
  deleteVersion(key: string, versionId: string): Promise<void>;
  list(prefix: string): AsyncGenerator<{ key: string; size: number; etag: string }>;
  /** How far the store's clock (its answers' Date) is ahead of this PC's, in ms, as of the last answer. */
  clockOffsetMs(): number;
  close(): void;
}

export async function connectObjectStore(settings: StoreSettings, credentials: StoreCredentials): Promise<ObjectStore> {
  // The SDK warns on every start under Node 20 that later releases will need Node 22: the lock file pins one that runs here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
  const s3 = await import('@aws-sdk/client-s3');
  const client: S3Client = new s3.S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // The outbox retries with its own back-off; one attempt here keeps a dead store from holding a run for minutes.
    maxAttempts: 2,
    // An idle limit, not a total one: an 8 GB upload takes minutes, a store that stops answering must not hold a run for ever.
    requestHandler: { connectionTimeout: 5_000, socketTimeout: settings.idleTimeoutMs ?? 60_000 },
    // The SDK would print its own English line to stderr for a failed upload (to the console unless given a
    // logger); the failure is reported by replication, in the reader's language, and on the record.
    logger: QUIET,
  });
  const Bucket = settings.bucket;
  const notFound = (err: unknown) => {
    const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
    return e.name === 'NotFound' || e.name === 'NoSuchKey' || e.name === 'NoSuchVersion' || e.$metadata?.httpStatusCode === 404;
  };
  const getStream = async (key: string, versionId?: string) => {
    const r = await client.send(new s3.GetObjectCommand({ Bucket, Key: key, VersionId: versionId }));
    return r.Body as Readable;
  };
  return {
    endpoint: settings.endpoint,
    bucket: Bucket,
    async ensureBucket(create) {
      try {
        const c = await client.send(new s3.GetObjectLockConfigurationCommand({ Bucket }));
        return c.ObjectLockConfiguration?.ObjectLockEnabled === 'Enabled' ? 'locked' : 'no-lock';
      } catch (err) {
        const name = (err as { name?: string }).name;
        if (name === 'ObjectLockConfigurationNotFoundError') return 'no-lock';
        if (name !== 'NoSuchBucket' && !notFound(err)) throw err;
      }
      if (!create) return 'missing';
      await client.send(new s3.CreateBucketCommand({ Bucket, ObjectLockEnabledForBucket: true }));
      return 'created';
    },
    async head(key, versionId) {
      try {
        const h = await client.send(new s3.HeadObjectCommand({ Bucket, Key: key, VersionId: versionId }));
        return {
          size: h.ContentLength ?? 0,
          etag: unquote(h.ETag),
          versionId: h.VersionId ?? null,
          sha256: h.Metadata?.sha256 ?? null,
          station: h.Metadata?.station ?? null,
          lockMode: h.ObjectLockMode ?? null,
          retainUntil: h.ObjectLockRetainUntilDate ?? null,
        };
      } catch (err) {
        if (notFound(err)) return null;
        throw err;
      }
    },
    putFile: (key, file, size, sha256, lockUntil, metadata) => putSignedFile(s3, client, Bucket, { key, file, size, sha256, lockUntil, metadata }),
    checksPayloadHash: (key) => checksPayloadHash(s3, client, Bucket, key),
    async putBytes(key, body, lockUntil, contentType) {
      const md5 = crypto.createHash('md5').update(body).digest('base64');
      const lock = lockUntil ? { ObjectLockMode: 'COMPLIANCE' as const, ObjectLockRetainUntilDate: lockUntil } : {};
      const r = await client.send(new s3.PutObjectCommand({ Bucket, Key: key, Body: body, ContentMD5: md5, ContentType: contentType, ...lock }));
      return { versionId: r.VersionId ?? '', etag: unquote(r.ETag) };
    },
    async readBack(key, versionId) {
      const r = await client.send(new s3.GetObjectCommand({ Bucket, Key: key, VersionId: versionId }));
      const hash = crypto.createHash('sha256');
      let size = 0;
      for await (const chunk of r.Body as Readable as AsyncIterable<Buffer>) {
        hash.update(chunk);
        size += chunk.length;
      }
      return { sha256: hash.digest('hex'), size, held: { lockMode: r.ObjectLockMode ?? null, retainUntil: r.ObjectLockRetainUntilDate ?? null } };
    },
    getStream,
    async getBytes(key, versionId) {
      const r = await client.send(new s3.GetObjectCommand({ Bucket, Key: key, VersionId: versionId }));
      return Buffer.from(await r.Body!.transformToByteArray());
    },
    async retention(key, versionId) {
      try {
        const r = await client.send(new s3.GetObjectRetentionCommand({ Bucket, Key: key, VersionId: versionId }));
        return r.Retention?.Mode && r.Retention.RetainUntilDate ? { mode: r.Retention.Mode, until: r.Retention.RetainUntilDate } : null;
      } catch (err) {
        if (notFound(err) || (err as { name?: string }).name === 'NoSuchObjectLockConfiguration') return null;
        throw err;
      }
    },
    async extendRetention(key, versionId, until) {
      await client.send(new s3.PutObjectRetentionCommand({ Bucket, Key: key, VersionId: versionId, Retention: { Mode: 'COMPLIANCE', RetainUntilDate: until } }));
    },
    async versions(prefix) {
      const out: ObjectVersion[] = [];
      let KeyMarker: string | undefined;
      let VersionIdMarker: string | undefined;
      for (;;) {
        const r = await client.send(new s3.ListObjectVersionsCommand({ Bucket, Prefix: prefix, KeyMarker, VersionIdMarker }));
        for (const v of r.Versions ?? []) out.push({ key: v.Key!, versionId: v.VersionId!, size: v.Size ?? 0, isLatest: v.IsLatest === true, etag: unquote(v.ETag) });
        if (!r.IsTruncated) return out;
        KeyMarker = r.NextKeyMarker;
        VersionIdMarker = r.NextVersionIdMarker;
      }
    },
    async deleteVersion(key, versionId) {
      await client.send(new s3.DeleteObjectCommand({ Bucket, Key: key, VersionId: versionId }));
    },
    async *list(prefix) {
      let ContinuationToken: string | undefined;
      for (;;) {
        const r = await client.send(new s3.ListObjectsV2Command({ Bucket, Prefix: prefix, ContinuationToken }));
        for (const o of r.Contents ?? []) yield { key: o.Key!, size: o.Size ?? 0, etag: unquote(o.ETag) };
        if (!r.IsTruncated) return;
        ContinuationToken = r.NextContinuationToken;
      }
    },
    // The client measures it on every answer to sign its requests in the store's time.
    clockOffsetMs: () => (client.config as { systemClockOffset?: number }).systemClockOffset ?? 0,
    close: () => client.destroy(),
  };
}

const QUIET = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

