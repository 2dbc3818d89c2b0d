/**
 * An object of the store copied into a new file on this PC (a temp file in the vault's staging area):
 * streamed, hashed as it passes, fsynced before it counts. Repair and the station restore take the
 * bytes only once their SHA-256 is the catalogue's; this only says what arrived.
 */
import { createHash } from 'node:crypto';
import fsp from 'node:fs/promises';
import { FsyncError, type HashResult } from './durable-file.js';
import type { ObjectHead, ObjectStore, ObjectVersion } from './object-store.js';

export interface FetchedObject extends HashResult {
  /** The version read: the one asked for, or the latest when none was. */
  versionId: string;
}

export interface StoreFetcher {
  readonly endpoint: string;
  readonly bucket: string;
  /** The version's bytes (the latest when `versionId` is null) into `tmp`, a new file, fsynced; null when the store has no such object or version. */
  fetch(key: string, versionId: string | null, tmp: string, onBytes?: (n: number) => void): Promise<FetchedObject | null>;
  /** Every version under `key` (and keys it prefixes), and one version's head: whose it is, what it claims. */
  versions(key: string): Promise<ObjectVersion[]>;
  head(key: string, versionId: string): Promise<ObjectHead | null>;
  close(): void;
}

/** The store's answer "no such key / version": the copy is not there (any other error is the caller's to judge). */
function notThere(err: unknown): boolean {
  const e = err as { name?: string; $metadata?: { httpStatusCode?: number } };
  return e.name === 'NoSuchKey' || e.name === 'NoSuchVersion' || e.name === 'NotFound' || e.$metadata?.httpStatusCode === 404;
}

export function storeFetcher(store: ObjectStore): StoreFetcher {
  return {
    endpoint: store.endpoint,
    bucket: store.bucket,
    async fetch(key, versionId, tmp, onBytes) {
      let version = versionId;
      if (version === null) {
        const head = await store.head(key);
        if (!head?.versionId) return null;
        version = head.versionId;
      }
      let body: AsyncIterable<Buffer>;
      try {
        body = (await store.getStream(key, version)) as AsyncIterable<Buffer>;
      } catch (err) {
        if (notThere(err)) return null;
        throw err;
      }
      return { ...(await writeDurably(body, tmp, onBytes)), versionId: version };
    },
    versions: (key) => store.versions(key),
    head: (key, versionId) => store.head(key, versionId),
    close: () => store.close(),
  };
}

/** Write a stream to a new file, hashing it; fsynced before returning. A file this call created is removed on failure. */
async function writeDurably(body: AsyncIterable<Buffer>, tmp: string, onBytes?: (n: number) => void): Promise<HashResult> {
  const hash = createHash('sha256');
  let size = 0;
  const out = await fsp.open(tmp, 'wx', 0o600);
  try {
    for await (const chunk of body) {
      hash.update(chunk);
      for (let off = 0; off < chunk.length; ) off += (await out.write(chunk, off, chunk.length - off, size + off)).bytesWritten;
      size += chunk.length;
      onBytes?.(chunk.length);
    }
    try {
      await out.sync();
    } catch (err) {
      throw new FsyncError(tmp, err);
    }
  } catch (err) {
    await out.close().catch(() => undefined);
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw err;
  }
  await out.close();
  return { sha256: hash.digest('hex'), size };
}
