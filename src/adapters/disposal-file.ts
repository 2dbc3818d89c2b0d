/**
 * The only code that removes an original from the vault, and only after its tombstone is committed.
 * chmod first so nothing opens it for reading while it goes; unlink; fsync the folder so the removal
 * itself survives a crash. A file already gone (a crash after unlink) counts as removed.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { errorCode } from '../core/errors.js';
import { fsyncDir } from './durable-file.js';

export async function removeDisposedFile(abs: string): Promise<'removed' | 'already-gone'> {
  try {
    await fsp.chmod(abs, 0o000);
    await fsp.unlink(abs);
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
    return 'already-gone';
  } finally {
    await fsyncDir(path.dirname(abs)).catch((err: unknown) => {
      if (errorCode(err) !== 'ENOENT') throw err;
    });
  }
  return 'removed';
}
