/**
 * The config's `replication` section: the S3 object store (Object Lock) every recording is also kept in
 * (issue 17, docs/replication.md). Absent: the station works alone, as before.
 */
import { z } from 'zod/v3';

export const STATION_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

export const replicationSchema = z
  .strictObject({
    /** The store's S3 endpoint, e.g. "https://s3.bureau.example:7480". The only address the service connects to. */
    endpoint: z
      .string()
      .url('not a URL such as https://s3.bureau.example:7480')
      .refine((u) => /^https?:$/.test(new URL(u).protocol), 'not an http:// or https:// URL such as https://s3.bureau.example:7480')
      // The config is on the record (config.loaded), in the trail segments sent to the store and on `replicate status`: keys never go in it.
      .refine((u) => !new URL(u).username && !new URL(u).password, 'holds a user name or key: the keys go in the file credentialsFile names, never in the endpoint'),
    /** The bureau's bucket, created with Object Lock enabled (`replicate run` creates it when missing). */
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'not an S3 bucket name (3–63 lower-case letters, digits, "." or "-")'),
    region: z.string().min(1).default('us-east-1'),
    /** This station's name in the bucket (stations/<station>/…): lower-case letters, digits, "-"; unique in the bureau. */
    station: z.string().regex(STATION_NAME, 'lower-case letters, digits and "-", at most 63'),
    /** JSON {"accessKeyId": …, "secretAccessKey": …}, readable by the service account alone (0600 or 0400). */
    credentialsFile: z.string().min(1),
    /** Bucket in the path (Ceph RGW and most stores in a data room); false: virtual-hosted names. */
    forcePathStyle: z.boolean().default(true),
    /** A recording kept for good (R12(3)) is locked this many years ahead. */
    permanentRetainYears: z.number().int().min(10).max(1000).default(100),
    /** A recording under a hold that is not permanent is locked at least this far ahead, renewed while held. */
    heldExtendMonths: z.number().int().min(1).max(120).default(12),
    /** The audit trail's segments are locked this many years. */
    trailRetainYears: z.number().int().min(1).max(1000).default(100),
    /** When the day's trail segment is sent and held recordings' locks are renewed (cron, unit's zone). */
    dailyAt: z.string().min(1).default('10 3 * * *'),
    /** Uploads at the same time. */
    concurrency: z.number().int().min(1).max(16).default(2),
  })
  .nullable()
  .default(null);

export type ReplicationConfig = NonNullable<z.infer<typeof replicationSchema>>;
