/**
 * The vault file hashed just before its upload: SHA-256 (must equal the catalogue's, or the file is not
 * sent) and MD5 (sent as Content-MD5, so the store refuses bytes that differ from those hashed here).
 * A link in a vault file's place is not followed, and a FIFO is refused at once (O_NONBLOCK: opening
 * one would otherwise wait for a writer for ever, holding the run).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';

export async function hashForUpload(file: string): Promise<{ sha256: string; md5Base64: string; size: number }> {
  const fd = await fs.promises.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  try {
    const st = await fd.stat();
    if (!st.isFile()) throw Object.assign(new Error(`${file} is not a regular file`), { code: 'EINVAL' });
    const sha = crypto.createHash('sha256');
    const md5 = crypto.createHash('md5');
    let size = 0;
    for await (const chunk of fd.createReadStream({ highWaterMark: 1 << 20, autoClose: false }) as AsyncIterable<Buffer>) {
      sha.update(chunk);
      md5.update(chunk);
      size += chunk.length;
    }
    return { sha256: sha.digest('hex'), md5Base64: md5.digest('base64'), size };
  } finally {
    await fd.close();
  }
}
