/**
 * The bureau's bucket as the central catalogue reads it, through the maintained S3 client
 * (@aws-sdk/client-s3, loaded when a central command opens the store, so no other command pays for
 * it): list stations, list a prefix a page at a time, list a prefix's versions, read one object. It
 * never writes. Errors come out as what a person can act on: the store unreachable (75, try again),
 * the keys refused (77), no such bucket (2).
 */
import type { ListObjectsV2CommandOutput, ListObjectVersionsCommandOutput, S3Client } from '@aws-sdk/client-s3';
import { errorCode, errorMessage, UserError } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { centralMessages as m } from '../core/i18n/central-messages.js';
import { bareEtag, STATIONS_PREFIX, stationOfPrefix } from '../core/central-layout.js';
import type { StoreCredentials } from './central-config-file.js';

export interface BucketSettings {
  endpoint: string;
  bucket: string;
  region: string;
  forcePathStyle: boolean;
  credentials: StoreCredentials;
  /** Sockets open to the store at once (reads in flight). */
  maxSockets?: number;
}

type Sdk = typeof import('@aws-sdk/client-s3');

const UNREACHABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE', 'TimeoutError', 'RequestTimeout']);
const REFUSED = new Set(['AccessDenied', 'InvalidAccessKeyId', 'SignatureDoesNotMatch', 'Forbidden', 'InvalidToken', 'ExpiredToken']);

export class S3Bucket {
  private constructor(
    private readonly sdk: Sdk,
    private readonly client: S3Client,
    private readonly s: BucketSettings,
  ) {}

  static async open(s: BucketSettings): Promise<S3Bucket> {
    // The SDK warns on stderr about Node versions it will stop supporting: not the person's concern here.
    process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
    const sdk = await import('@aws-sdk/client-s3');
    const agent = { keepAlive: true, maxSockets: s.maxSockets ?? 64 };
    const client = new sdk.S3Client({
      endpoint: s.endpoint,
      region: s.region,
      forcePathStyle: s.forcePathStyle,
      credentials: s.credentials,
      // Ceph's gateway rejects the SDK's default checksum trailers; reads are checked by what they say, not a CRC.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 4,
      requestHandler: { connectionTimeout: 10_000, requestTimeout: 120_000, throwOnRequestTimeout: true, httpAgent: agent, httpsAgent: agent },
    });
    return new S3Bucket(sdk, client, s);
  }

  /** An SDK error as a person can act on it; anything else as it is. */
  private forPerson(err: unknown): unknown {
    const name = (err as { name?: string })?.name ?? '';
    const code = errorCode(err) ?? '';
    const status = (err as { $metadata?: { httpStatusCode?: number } })?.$metadata?.httpStatusCode;
    const what = `${name && name !== 'Error' ? `${name}: ` : ''}${errorMessage(err)}`;
    if (name === 'NoSuchBucket') return new UserError(said(m.noBucket, { endpoint: this.s.endpoint, bucket: this.s.bucket }), m.noBucketHint);
    if (REFUSED.has(name) || status === 403) return new UserError(said(m.storeRefused, { endpoint: this.s.endpoint, bucket: this.s.bucket, what }), m.storeRefusedHint, 77);
    if (UNREACHABLE.has(code) || UNREACHABLE.has(name) || (status !== undefined && status >= 500) || (status === undefined && !(err instanceof UserError) && /socket|connect|network|timeout/i.test(what))) {
      return new UserError(said(m.storeUnreachable, { endpoint: this.s.endpoint, what }), m.storeUnreachableHint, 75);
    }
    return err;
  }

  private async attempt<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (err) {
      throw this.forPerson(err);
    }
  }

  async stationNames(): Promise<string[]> {
    const names: string[] = [];
    let token: string | undefined;
    do {
      const page: ListObjectsV2CommandOutput = await this.attempt(() =>
        this.client.send(new this.sdk.ListObjectsV2Command({ Bucket: this.s.bucket, Prefix: STATIONS_PREFIX, Delimiter: '/', ContinuationToken: token })),
      );
      for (const p of page.CommonPrefixes ?? []) {
        const station = p.Prefix ? stationOfPrefix(p.Prefix) : null;
        if (station) names.push(station);
      }
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    return names.sort();
  }

  async *pages(prefix: string): AsyncIterable<{ key: string; etag: string; size: number }[]> {
    let token: string | undefined;
    do {
      const page: ListObjectsV2CommandOutput = await this.attempt(() =>
        this.client.send(new this.sdk.ListObjectsV2Command({ Bucket: this.s.bucket, Prefix: prefix, ContinuationToken: token, MaxKeys: 1000 })),
      );
      yield (page.Contents ?? []).filter((o) => o.Key).map((o) => ({ key: o.Key!, etag: bareEtag(o.ETag), size: o.Size ?? 0 }));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
  }

  async versions(prefix: string): Promise<{ versions: { key: string; etag: string; versionId: string | null; isLatest: boolean; size: number }[]; deletedKeys: string[] }> {
    const versions: { key: string; etag: string; versionId: string | null; isLatest: boolean; size: number }[] = [];
    const deletedKeys: string[] = [];
    let keyMarker: string | undefined;
    let versionMarker: string | undefined;
    for (;;) {
      const page: ListObjectVersionsCommandOutput = await this.attempt(() =>
        this.client.send(new this.sdk.ListObjectVersionsCommand({ Bucket: this.s.bucket, Prefix: prefix, KeyMarker: keyMarker, VersionIdMarker: versionMarker })),
      );
      for (const v of page.Versions ?? []) {
        if (v.Key) versions.push({ key: v.Key, etag: bareEtag(v.ETag), versionId: v.VersionId && v.VersionId !== 'null' ? v.VersionId : null, isLatest: v.IsLatest === true, size: v.Size ?? 0 });
      }
      for (const d of page.DeleteMarkers ?? []) if (d.Key && d.IsLatest) deletedKeys.push(d.Key);
      if (!page.IsTruncated) break;
      keyMarker = page.NextKeyMarker;
      versionMarker = page.NextVersionIdMarker;
    }
    return { versions, deletedKeys };
  }

  async read(key: string, maxBytes: number): Promise<{ text: string; etag: string; versionId: string | null; size: number; tooLarge?: boolean } | null> {
    try {
      const out = await this.client.send(new this.sdk.GetObjectCommand({ Bucket: this.s.bucket, Key: key }));
      if ((out.ContentLength ?? 0) > maxBytes) {
        // Not read into memory: the body is let go unread.
        (out.Body as { destroy?: () => void } | undefined)?.destroy?.();
        return { text: '', etag: bareEtag(out.ETag), versionId: out.VersionId && out.VersionId !== 'null' ? out.VersionId : null, size: out.ContentLength ?? 0, tooLarge: true };
      }
      const text = (await out.Body?.transformToString('utf8')) ?? '';
      return { text, etag: bareEtag(out.ETag), versionId: out.VersionId && out.VersionId !== 'null' ? out.VersionId : null, size: out.ContentLength ?? Buffer.byteLength(text) };
    } catch (err) {
      // Gone since it was listed (a delete marker put meanwhile): nothing to read now.
      if ((err as { name?: string })?.name === 'NoSuchKey') return null;
      throw this.forPerson(err);
    }
  }

  close(): void {
    this.client.destroy();
  }
}
