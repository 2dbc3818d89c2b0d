/** The object store seen from outside the station, as an auditor or an attacker with its keys would. */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  GetObjectRetentionCommand,
  ListObjectVersionsCommand,
  PutObjectRetentionCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import type { ObjectStore } from './object-store.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

export function storeClient(store: ObjectStore, bucket: string) {
  const s3 = new S3Client({
    endpoint: store.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const Bucket = bucket;
  return {
    async sha256(key: string, versionId?: string): Promise<string> {
      const r = await s3.send(new GetObjectCommand({ Bucket, Key: key, VersionId: versionId }));
      return crypto.createHash('sha256').update(await r.Body!.transformToByteArray()).digest('hex');
    },
    async json<T>(key: string): Promise<T> {
      const r = await s3.send(new GetObjectCommand({ Bucket, Key: key }));
      return JSON.parse(await r.Body!.transformToString('utf8')) as T;
    },
    async text(key: string): Promise<string> {
      const r = await s3.send(new GetObjectCommand({ Bucket, Key: key }));
      return r.Body!.transformToString('utf8');
    },
    async retention(key: string, versionId?: string) {
      const r = await s3.send(new GetObjectRetentionCommand({ Bucket, Key: key, VersionId: versionId }));
      return { mode: r.Retention?.Mode, until: r.Retention?.RetainUntilDate };
    },
    async versions(prefix: string) {
      const r = await s3.send(new ListObjectVersionsCommand({ Bucket, Prefix: prefix }));
      return (r.Versions ?? []).map((v) => ({ key: v.Key!, versionId: v.VersionId!, size: v.Size ?? 0 }));
    },
    /** The store's answer (its error name) to deleting a version: undefined when it allowed it. */
    async tryDelete(key: string, versionId: string): Promise<string | undefined> {
      try {
        await s3.send(new DeleteObjectCommand({ Bucket, Key: key, VersionId: versionId }));
        return undefined;
      } catch (e) {
        return (e as Error).name;
      }
    },
    async tryShorten(key: string, versionId: string, until: Date): Promise<string | undefined> {
      try {
        await s3.send(new PutObjectRetentionCommand({ Bucket, Key: key, VersionId: versionId, Retention: { Mode: 'COMPLIANCE', RetainUntilDate: until } }));
        return undefined;
      } catch (e) {
        return (e as Error).name;
      }
    },
    /** A bucket made without Object Lock, as a careless administrator might. */
    async createPlainBucket(name: string): Promise<void> {
      await s3.send(new CreateBucketCommand({ Bucket: name }));
    },
    close: () => s3.destroy(),
  };
}

/** A station's config with replication to `store`: the credentials file beside it, 0600. */
export function withReplication(configFile: string, store: ObjectStore, bucket: string, station: string, more: Record<string, unknown> = {}): void {
  const config = JSON.parse(fs.readFileSync(configFile, 'utf8')) as Record<string, unknown>;
  const credentialsFile = store.credentialsFile(path.join(path.dirname(configFile), 'store-credentials.json'));
  config.replication = { endpoint: store.endpoint, bucket, station, credentialsFile, ...more };
  fs.writeFileSync(configFile, JSON.stringify(config, null, 2));
}
