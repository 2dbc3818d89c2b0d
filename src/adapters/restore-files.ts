/**
 * The vault's files as the station restore sees them: whether the footage folder holds anything yet
 * (a vault to restore into must not), and whether a recording's file is already placed (a run killed
 * midway placed it: read-only, whole), so a second run places nothing twice.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { FOOTAGE_ROOT, resolveInVault } from '../core/vault-layout.js';
import { sealFile } from './durable-file.js';

/** The first file found under the footage folder (relative to the vault), or null when it holds none. Links are not followed. */
export async function firstFootageFile(vaultRoot: string): Promise<string | null> {
  const stack = [FOOTAGE_ROOT];
  while (stack.length) {
    const rel = stack.pop()!;
    let entries;
    try {
      entries = await fsp.readdir(path.join(vaultRoot, rel), { withFileTypes: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') continue;
      throw err;
    }
    for (const e of entries) {
      if (e.isDirectory()) stack.push(`${rel}/${e.name}`);
      else return `${rel}/${e.name}`;
    }
  }
  return null;
}

/**
 * What is at a recording's path: `sealed` (a read-only regular file of its size: placed, read back and
 * sealed by an earlier run, which seals only a copy whose read-back matched), `absent`, or `other`
 * (anything else: it is looked at byte by byte).
 */
export async function placedState(vaultRoot: string, rel: string, size: number): Promise<'sealed' | 'absent' | 'other'> {
  const st = await fsp.lstat(resolveInVault(vaultRoot, rel)).catch((err: NodeJS.ErrnoException) => {
    if (err.code === 'ENOENT') return null;
    throw err;
  });
  if (!st) return 'absent';
  return st.isFile() && st.size === size && (st.mode & 0o222) === 0 ? 'sealed' : 'other';
}

/** Read-only, as every original is: a file found whole but left writable by a run that died before sealing it. */
export async function sealPlaced(vaultRoot: string, rel: string): Promise<void> {
  await sealFile(resolveInVault(vaultRoot, rel));
}
