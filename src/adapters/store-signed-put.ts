/**
 * Uploads signed with the bytes' SHA-256 as their payload hash (`x-amz-content-sha256`, SigV4): the store
 * hashes what it receives and refuses the PUT, storing nothing, unless the bytes hash to it (Ceph RGW,
 * AWS S3 and MinIO do). A recording goes so, signed with the catalogue's hash: one pass over its bytes,
 * in the store, says both that the vault's file is the catalogue's and that nothing changed on the way.
 * A store that takes anything is found by `checksPayloadHash` before any recording is sent.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import { pipeline, Transform } from 'node:stream';
import type { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { isSha256 } from '../core/replication.js';

type S3 = typeof import('@aws-sdk/client-s3');
export type PutResult = { versionId: string; etag: string };
/**
 * `bytes-refused`: the store hashed the bytes it received and they were not those the upload was signed
 * for (or the file is not of the size to send); `file-changed`: the file ended early while it was sent
 * and the upload was cut off here. Nothing was stored either way.
 */
export type BytesRefused = 'bytes-refused' | 'file-changed';

/** The probe's bytes, and the bytes whose hash it is signed with: the same length, one character apart. */
export const PROBE_SENT = 'evidence-vault payload check: sent';
export const PROBE_SIGNED = 'evidence-vault payload check: SENT';

const refusedAsNotSigned = (err: unknown) => ['XAmzContentSHA256Mismatch', 'BadDigest'].includes((err as { name?: string }).name ?? '');
/** An ETag as S3 gives it, without its quotes. */
export const unquote = (etag: string | undefined) => (etag ?? '').replace(/^"|"$/g, '');

/** Set before signing: the signer takes a payload hash already in the headers instead of UNSIGNED-PAYLOAD. */
function signedWith(put: PutObjectCommand, sha256: string): PutObjectCommand {
  put.middlewareStack.add(
    (next) => async (args) => {
      (args.request as { headers: Record<string, string> }).headers['x-amz-content-sha256'] = sha256;
      return next(args);
    },
    { step: 'build', name: 'payloadHashSigned' },
  );
  return put;
}

export interface FileUpload {
  key: string;
  file: string;
  size: number;
  sha256: string;
  lockUntil: Date;
  metadata: Record<string, string>;
}

/** The file's first `size` bytes under a COMPLIANCE lock, signed with `sha256`; a file of another size is not sent. */
export async function putSignedFile(s3: S3, client: S3Client, Bucket: string, u: FileUpload): Promise<PutResult | BytesRefused> {
  // No link followed, a FIFO refused rather than waited on (O_NONBLOCK: opening one would wait for a writer).
  const fd = await fs.promises.open(u.file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  try {
    const st = await fd.stat();
    if (!st.isFile()) throw Object.assign(new Error(`${u.file} is not a regular file`), { code: 'EINVAL' });
    // A shorter file would leave the store waiting for the bytes the length promised.
    if (st.size !== u.size) return 'bytes-refused';
    if (!isSha256(u.sha256)) throw new Error(`not a SHA-256: ${u.sha256}`);
    const body = countedBody(fd, u.file, u.size);
    const put = new s3.PutObjectCommand({
      Bucket,
      Key: u.key,
      Body: body.stream ?? Buffer.alloc(0),
      ContentLength: u.size,
      ContentType: 'application/octet-stream',
      // Stores that check `x-amz-checksum-sha256` (and want one with a lock, as AWS does) check it too; RGW 16 ignores it.
      ChecksumSHA256: Buffer.from(u.sha256, 'hex').toString('base64'),
      ObjectLockMode: 'COMPLIANCE',
      ObjectLockRetainUntilDate: u.lockUntil,
      Metadata: u.metadata,
    });
    try {
      const r = await client.send(signedWith(put, u.sha256), { abortSignal: body.abort.signal });
      return { versionId: r.VersionId ?? '', etag: unquote(r.ETag) };
    } catch (err) {
      // A file that ended early is said so (nothing was stored); a read error is the file's.
      if (body.cutShort() === 'shorter') return 'file-changed';
      if (body.cutShort()) throw body.cutShort();
      if (refusedAsNotSigned(err)) return 'bytes-refused';
      throw err;
    } finally {
      // Whatever the request left unread is not read on after it.
      body.stream?.destroy();
    }
  } finally {
    await fd.close();
  }
}

/**
 * The file's bytes as the upload's body, counted: a file shortened (or unreadable) while it is read
 * aborts the request at once, which would otherwise wait for the bytes the length promised until the
 * client's idle limit (a minute) gave up on it.
 */
function countedBody(fd: fs.promises.FileHandle, file: string, size: number) {
  const abort = new AbortController();
  let cut: 'shorter' | Error | null = null;
  if (size === 0) return { stream: null, abort, cutShort: () => cut };
  let read = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _enc, done) {
      read += chunk.length;
      done(null, chunk);
    },
    flush(done) {
      done(read === size ? null : Object.assign(new Error(`${file} ended after ${read} of ${size} bytes while it was sent`), { shorter: true }));
    },
  });
  pipeline(fd.createReadStream({ start: 0, end: size - 1, highWaterMark: 1 << 20, autoClose: false }), stream, (err) => {
    const e = err as (NodeJS.ErrnoException & { shorter?: boolean }) | null;
    // Only the file's own failures; a stream closed because the request ended first (the store answered or
    // went away: ERR_STREAM_PREMATURE_CLOSE, ABORT_ERR) is told by the request's own error.
    if (!e || (!e.shorter && (!e.code || e.code.startsWith('ERR_') || e.code === 'ABORT_ERR'))) return;
    cut ??= e.shorter ? 'shorter' : e;
    abort.abort();
  });
  return { stream, abort, cutShort: () => cut };
}

/**
 * Whether the store refuses bytes that are not those signed for: a few bytes put at `key` signed with
 * another hash. Refused: `checks`, nothing stored. Taken: the version is deleted again, which a bucket's
 * default lock or the keys' rights may forbid (`deleted` says).
 */
export async function checksPayloadHash(s3: S3, client: S3Client, Bucket: string, key: string): Promise<{ checks: true } | { checks: false; deleted: boolean }> {
  const claimed = crypto.createHash('sha256').update(PROBE_SIGNED).digest('hex');
  let taken: string | undefined;
  try {
    // The same two claims a recording's upload makes (a store may check either), both false.
    const put = new s3.PutObjectCommand({ Bucket, Key: key, Body: Buffer.from(PROBE_SENT), ContentType: 'text/plain', ChecksumSHA256: Buffer.from(claimed, 'hex').toString('base64') });
    const r = await client.send(signedWith(put, claimed));
    taken = r.VersionId;
  } catch (err) {
    if (refusedAsNotSigned(err)) return { checks: true };
    throw err;
  }
  const deleted = await client.send(new s3.DeleteObjectCommand({ Bucket, Key: key, VersionId: taken || undefined })).then(
    () => true,
    () => false,
  );
  return { checks: false, deleted };
}
