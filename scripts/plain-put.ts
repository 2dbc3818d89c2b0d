/**
 * The yardstick for replication: plain PutObject of the given files to a bucket, `concurrency` at a
 * time, through the same S3 client the product uses, with nothing else (no hash, no lock, no read-back).
 *
 *   node dist/scripts/plain-put.js ENDPOINT BUCKET CONCURRENCY FILE…   (keys from AWS_ACCESS_KEY_ID/SECRET)
 *   node dist/scripts/plain-put.js ENDPOINT BUCKET create [object-lock]  (makes the bucket, untimed)
 */
import fs from 'node:fs';
import path from 'node:path';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
const { S3Client, PutObjectCommand, CreateBucketCommand } = await import('@aws-sdk/client-s3');
const [endpoint, bucket, concurrency, ...files] = process.argv.slice(2);
const s3 = new S3Client({
  endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  credentials: { accessKeyId: process.env.AWS_ACCESS_KEY_ID!, secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY! },
  requestChecksumCalculation: 'WHEN_REQUIRED',
  responseChecksumValidation: 'WHEN_REQUIRED',
});
if (concurrency === 'create') {
  await s3.send(new CreateBucketCommand({ Bucket: bucket, ObjectLockEnabledForBucket: files[0] === 'object-lock' }));
  s3.destroy();
  process.exit(0);
}
let next = 0;
const worker = async () => {
  while (next < files.length) {
    const file = files[next++]!;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: `plain/${path.basename(file)}`, Body: fs.createReadStream(file, { highWaterMark: 1 << 20 }), ContentLength: fs.statSync(file).size }));
  }
};
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
s3.destroy();
