/**
 * The only code that removes an original from the vault, and only after its tombstone is committed.
 * It removes nothing but the catalogued file: every folder on the way from the vault root must be a
 * real folder (no symlink), the file a regular file with the catalogued size and SHA-256, and the name
 * must still point at the very file that was hashed when it is unlinked. Anything else is refused and
 * left exactly as found. The file is made unreadable before hashing, unlinked, and its folder fsynced
 * so the removal itself survives a crash. A file already gone (a crash after unlink) counts as removed.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { errorCode } from '../core/errors.js';
import { fsyncDir, hashOpenFile } from './durable-file.js';

export type DisposalOutcome = { kind: 'removed' } | { kind: 'already-gone' } | { kind: 'refused'; found: string };

export interface CataloguedFile {
  sha256: string;
  size: number;
}

export async function removeDisposedFile(vaultRoot: string, relPath: string, expected: CataloguedFile): Promise<DisposalOutcome> {
  const parts = relPath.split('/');
  if (!parts.length || parts.some((p) => p === '' || p === '.' || p === '..')) return refused(`a catalogue path that is not a plain vault path: ${relPath}`);
  // The configured vault root itself is the administrator's choice; everything below it is checked.
  let dir: string;
  try {
    dir = await fsp.realpath(vaultRoot);
  } catch (err) {
    return refused(`the vault root ${vaultRoot} cannot be resolved (${errorCode(err) ?? err})`);
  }
  for (const part of parts.slice(0, -1)) {
    dir = path.join(dir, part);
    const st = await lstatOrNull(dir);
    if (!st) return { kind: 'already-gone' };
    if (st.isSymbolicLink()) return refused(`a symbolic link on the way: ${dir} → ${await fsp.readlink(dir).catch(() => '?')}`);
    if (!st.isDirectory()) return refused(`${dir} is not a folder`);
  }
  const abs = path.join(dir, parts[parts.length - 1]!);
  const before = await lstatOrNull(abs);
  if (!before) return { kind: 'already-gone' };
  if (before.isSymbolicLink()) return refused(`${abs} is a symbolic link → ${await fsp.readlink(abs).catch(() => '?')}`);
  if (!before.isFile()) return refused(`${abs} is not a regular file`);
  // An interrupted disposal may have left it 000: the owner may read it again to check it.
  if (!(before.mode & 0o400)) await fsp.chmod(abs, 0o400);

  const fh = await fsp.open(abs, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  let sameFile = false;
  try {
    const st = await fh.stat();
    if (st.ino !== before.ino || st.dev !== before.dev) return refused(`${abs} changed while it was being checked`);
    if (st.size !== expected.size) return refused(`${abs} holds ${st.size} bytes; the catalogue says ${expected.size}`);
    await fh.chmod(0o000); // nobody opens it for reading while it goes
    const { sha256 } = await hashOpenFile(fh);
    if (sha256 !== expected.sha256) {
      await fh.chmod(before.mode & 0o7777);
      return refused(`${abs} has SHA-256 ${sha256}; the catalogue says ${expected.sha256}`);
    }
    const now = await lstatOrNull(abs);
    sameFile = Boolean(now && now.ino === st.ino && now.dev === st.dev);
    if (!sameFile) return refused(`${abs} was replaced while it was being checked`);
    await fsp.unlink(abs);
  } finally {
    await fh.close();
  }
  await fsyncDir(path.dirname(abs));
  return { kind: 'removed' };
}

function refused(found: string): DisposalOutcome {
  return { kind: 'refused', found };
}

async function lstatOrNull(p: string): Promise<fs.Stats | null> {
  try {
    return await fsp.lstat(p);
  } catch (err) {
    if (errorCode(err) === 'ENOENT') return null;
    throw err;
  }
}
