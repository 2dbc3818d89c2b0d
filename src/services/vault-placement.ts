/**
 * A verified temp copy into its day folder under the first free name, never over an existing file;
 * a copy a crash left on disk before its catalogue commit is adopted instead of duplicated.
 */
import { resolveInVault, suffixedName } from '../core/vault-layout.js';
import type { Logger } from '../adapters/logger.js';
import type { CopyWorkers, RecordingCatalog, VaultFiles } from './ingest-ports.js';

/** The stored copy read back is not what was copied: redo it from the source. */
export class ReadBackMismatch extends Error {}

export interface Placement {
  vaultRoot: string;
  recordings: Pick<RecordingCatalog, 'hasVaultPath'>;
  workers: Pick<CopyWorkers, 'place' | 'hash'>;
  files: Pick<VaultFiles, 'seal' | 'removeUnsealed'>;
  log: Logger;
  /** Vault paths a file in flight has taken but not catalogued yet; the caller releases its own. */
  reserved: Set<string>;
}

export interface VerifiedCopy {
  tmp: string;
  folder: string;
  name: string;
  sha256: string;
  size: number;
}

/** Returns the vault path the copy now has (reserved until the caller releases it). */
export async function placeWithoutOverwrite(p: Placement, copy: VerifiedCopy): Promise<string> {
  for (let n = 1; ; n++) {
    const rel = `${copy.folder}/${suffixedName(copy.name, n)}`;
    if (p.reserved.has(rel) || p.recordings.hasVaultPath(rel)) continue;
    p.reserved.add(rel);
    const abs = resolveInVault(p.vaultRoot, rel);
    const result = await p.workers.place(copy.tmp, abs, copy.sha256);
    if (result.placed) {
      if (result.readBack.sha256 !== copy.sha256 || result.readBack.size !== copy.size) {
        p.reserved.delete(rel);
        await p.files.removeUnsealed(abs);
        throw new ReadBackMismatch(`read-back of ${rel} does not match what was copied`);
      }
      return rel;
    }
    if (await adoptOrphan(p, rel, copy)) return rel;
    p.reserved.delete(rel);
  }
}

/** A name taken on disk but not in the catalogue, holding the very same bytes: an interrupted run's copy. */
async function adoptOrphan(p: Placement, rel: string, copy: VerifiedCopy): Promise<boolean> {
  const abs = resolveInVault(p.vaultRoot, rel);
  const existing = await p.workers.hash(abs).catch(() => null);
  if (!existing || existing.sha256 !== copy.sha256 || existing.size !== copy.size) return false;
  await p.files.seal(abs);
  p.log.warn({ vaultPath: rel }, 'adopted a verified copy left uncatalogued by an interrupted run');
  return true;
}
