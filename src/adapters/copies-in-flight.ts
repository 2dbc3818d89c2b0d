/**
 * Whether a file in the vault is a copy some live ingest is still placing: ingest links its temp file
 * (in `.incoming/<pid>-…/`) into the day folder and removes the temp only after the catalogue commit,
 * so until then the two names share one inode. A check that finds an uncatalogued file asks this
 * before calling it unexpected; a leftover of a dead process is not in flight.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { STAGING_FOLDER } from '../core/vault-layout.js';
import { pidAlive } from './process-identity.js';

export async function beingPlaced(vaultRoot: string, file: string): Promise<boolean> {
  let st;
  try {
    st = await fsp.lstat(file);
  } catch {
    return false;
  }
  if (!st.isFile() || st.nlink < 2) return false;
  const base = path.join(vaultRoot, STAGING_FOLDER);
  let runs: string[];
  try {
    runs = await fsp.readdir(base);
  } catch {
    return false;
  }
  for (const run of runs) {
    const pid = Number(run.split('-')[0]);
    if (!Number.isInteger(pid) || pid <= 0 || !pidAlive(pid)) continue;
    let temps: string[];
    try {
      temps = await fsp.readdir(path.join(base, run));
    } catch {
      continue;
    }
    for (const t of temps) {
      try {
        const tst = await fsp.lstat(path.join(base, run, t));
        if (tst.ino === st.ino && tst.dev === st.dev) return true;
      } catch {
        // removed meanwhile: that copy is done (or given up)
      }
    }
  }
  return false;
}
