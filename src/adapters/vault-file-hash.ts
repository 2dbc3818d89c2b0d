/**
 * The vault file hashed (SHA-256) after the store refused its upload as not the catalogue's bytes: to say
 * whether the vault's file differs or the bytes changed on the way. A link in a vault file's place is not
 * followed, and a FIFO is refused at once (O_NONBLOCK: opening one would otherwise wait for a writer for
 * ever, holding the run). A file of another size than the catalogue's is not hashed (`sha256` null): the
 * size says it differs, and a huge (sparse) file in its place would hold the run for as long as it hashes.
 */
import fs from 'node:fs';
import { hashOpenFile } from './durable-file.js';

export async function hashVaultFile(file: string, expectedSize: number): Promise<{ sha256: string | null; size: number }> {
  const fh = await fs.promises.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw Object.assign(new Error(`${file} is not a regular file`), { code: 'EINVAL' });
    if (st.size !== expectedSize) return { sha256: null, size: st.size };
    return await hashOpenFile(fh);
  } finally {
    await fh.close();
  }
}
