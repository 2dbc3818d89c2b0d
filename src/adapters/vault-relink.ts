/**
 * A stored recording given a second name in the vault, then its old name removed: how a recording
 * moves to the right day and recorder folder without its bytes being copied or changed. Both names
 * are one inode, so nothing is ever half-moved: a crash leaves two names of one file, never none.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { resolveInVault } from '../core/vault-layout.js';
import { ensureDirDurable, fsyncDir, hashFile } from './durable-file.js';
import { StagingArea } from './staging-area.js';

export type LinkResult = { linked: true; sha256: string; size: number } | { linked: false; reason: 'taken' };

/**
 * While a recording has two names (the new one not catalogued yet, then the old one no longer), a
 * third name in this process's staging folder marks the file as work in flight, so a concurrent
 * `verify` never reports either name as unexpected. Released once the old name is gone.
 */
export async function holdInFlight(vaultRoot: string, rel: string): Promise<() => void> {
  const staging = new StagingArea(vaultRoot);
  staging.open();
  await fsp.link(resolveInVault(vaultRoot, rel), staging.tempPath());
  return () => staging.close();
}

/** Give `fromRel` the name `toRel` (never over another file), fsync its folder, and read it back. */
export async function linkInVault(vaultRoot: string, fromRel: string, toRel: string): Promise<LinkResult> {
  const from = resolveInVault(vaultRoot, fromRel);
  const to = resolveInVault(vaultRoot, toRel);
  await ensureDirDurable(vaultRoot, path.posix.dirname(toRel));
  try {
    await fsp.link(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    // The same file under that name already (a run that stopped after linking): carry on with it.
    if (!sameInode(from, to)) return { linked: false, reason: 'taken' };
  }
  await fsyncDir(path.dirname(to));
  const back = await hashFile(to);
  return { linked: true, ...back };
}

/** Remove a name the catalogue no longer uses, only while another name still holds the same file. */
export async function unlinkOldName(vaultRoot: string, oldRel: string, currentRel: string): Promise<boolean> {
  const old = resolveInVault(vaultRoot, oldRel);
  if (!sameInode(old, resolveInVault(vaultRoot, currentRel))) return false;
  await fsp.unlink(old);
  await fsyncDir(path.dirname(old));
  return true;
}

/** Remove a name just made when its read-back failed (the original name still holds the file). */
export async function unlinkNewName(vaultRoot: string, newRel: string, originalRel: string): Promise<void> {
  await unlinkOldName(vaultRoot, newRel, originalRel);
}

function sameInode(a: string, b: string): boolean {
  const sa = fs.lstatSync(a, { throwIfNoEntry: false });
  const sb = fs.lstatSync(b, { throwIfNoEntry: false });
  return !!sa && !!sb && sa.isFile() && sb.isFile() && sa.ino === sb.ino && sa.dev === sb.dev;
}
