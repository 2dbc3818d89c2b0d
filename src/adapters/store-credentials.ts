/**
 * The object store's keys: a JSON file the service account alone may read. A key others can read is a
 * key others can use to read the bureau's footage, so a loose file is refused, never used.
 */
import fs from 'node:fs';
import { UserError } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { replicationMessages as m } from '../core/i18n/replication-messages.js';

export interface StoreCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export function readStoreCredentials(file: string): StoreCredentials {
  let fd: number;
  try {
    // O_NOFOLLOW: a link put in the file's place is not followed to someone else's file; O_NONBLOCK: a
    // FIFO there is refused below instead of waiting for a writer.
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW | fs.constants.O_NONBLOCK);
  } catch (err) {
    throw new UserError(said(m.credentialsUnreadable, { file, what: (err as Error).message }), m.credentialsHint);
  }
  try {
    const st = fs.fstatSync(fd);
    const uid = process.getuid?.() ?? 0;
    if (!st.isFile() || (st.mode & 0o077) !== 0 || (st.uid !== uid && st.uid !== 0)) {
      throw new UserError(said(m.credentialsLoose, { file, mode: (st.mode & 0o777).toString(8) }), m.credentialsHint);
    }
    const raw = JSON.parse(fs.readFileSync(fd, 'utf8')) as Partial<StoreCredentials>;
    if (typeof raw.accessKeyId !== 'string' || typeof raw.secretAccessKey !== 'string' || !raw.accessKeyId || !raw.secretAccessKey) {
      throw new UserError(said(m.credentialsShape, { file }), m.credentialsHint);
    }
    return { accessKeyId: raw.accessKeyId, secretAccessKey: raw.secretAccessKey };
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw new UserError(said(m.credentialsShape, { file }), m.credentialsHint);
  } finally {
    fs.closeSync(fd);
  }
}
