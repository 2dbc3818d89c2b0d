/**
 * A verified temp copy into its day folder under the first free name, never over an existing file.
 * A name is first claimed in the catalogue (across processes), so a copy another live session is
 * placing is never taken for an orphan; a copy a crashed run left on disk before its catalogue
 * commit (no row, no live claim) is adopted instead of duplicated.
 */
import { resolveInVault, suffixedName } from '../core/vault-layout.js';
import type { Logger } from '../adapters/logger.js';
import type { ReadCheck } from '../adapters/read-check.js';
import type { ReadBack } from '../adapters/place-file.js';
import type { CopyWorkers, VaultFiles } from './ingest-ports.js';

/** The stored copy read back is not what was copied: redo it from the source. */
export class ReadBackMismatch extends Error {}

export interface Placement {
  vaultRoot: string;
  /** Take a name for this copy: false when it is catalogued or a live copy holds it. */
  claim: (vaultPath: string) => boolean;
  release: (vaultPath: string) => void;
  workers: Pick<CopyWorkers, 'place' | 'hashFromDisk'>;
  files: Pick<VaultFiles, 'seal' | 'removeUnsealed'>;
  log: Logger;
  /** Vault paths a file in flight has taken but not catalogued yet; the caller releases its own. */
  reserved: Set<string>;
  /** False: the caller fsyncs the folder itself, once for a group of copies, before their commit. */
  syncDir?: boolean;
  /** The recorder the copy came from: its place job goes with its copies (file-workers.ts). */
  lane?: string;
}

export interface VerifiedCopy {
  tmp: string;
  folder: string;
  name: string;
  sha256: string;
  size: number;
  /** What the copy made for its read-back (read-check.ts); without it, the read-back compares the SHA-256. */
  check?: ReadCheck;
}

/** Where the copy now is (reserved and claimed until the caller releases it), and whether that was an orphan adopted. */
export interface Placed {
  vaultPath: string;
  /** An interrupted run's copy was taken instead of ours: not this attempt's to remove. */
  adopted: boolean;
  /** What the copy in place was found equal to the copy by (an adopted one: its SHA-256). */
  readBack: ReadBack['by'];
}

export async function placeWithoutOverwrite(p: Placement, copy: VerifiedCopy): Promise<Placed> {
  for (let n = 1; ; n++) {
    const rel = `${copy.folder}/${suffixedName(copy.name, n)}`;
    if (p.reserved.has(rel) || !p.claim(rel)) continue;
    p.reserved.add(rel);
    const giveUp = () => {
      p.reserved.delete(rel);
      p.release(rel);
    };
    try {
      const abs = resolveInVault(p.vaultRoot, rel);
      const result = await p.workers.place(copy.tmp, abs, { sha256: copy.sha256, check: copy.check }, { syncDir: p.syncDir, lane: p.lane });
      if (result.placed) {
        if (!result.readBack.matches || result.readBack.size !== copy.size) {
          await p.files.removeUnsealed(abs);
          throw new ReadBackMismatch(`read-back of ${rel} does not match what was copied`);
        }
        return { vaultPath: rel, adopted: false, readBack: result.readBack.by };
      }
      // The name is ours (no row, no live claim) yet a file is there: an interrupted run's copy.
      if (await adoptOrphan(p, rel, copy)) return { vaultPath: rel, adopted: true, readBack: 'sha256' };
    } catch (err) {
      giveUp();
      throw err;
    }
    giveUp();
  }
}

/** A name taken on disk but not in the catalogue, holding the very same bytes: an interrupted run's copy. */
async function adoptOrphan(p: Placement, rel: string, copy: VerifiedCopy): Promise<boolean> {
  const abs = resolveInVault(p.vaultRoot, rel);
  // Read from the disk, as a copy of ours is before its row: the page cache may still hold what the
  // interrupted run wrote, not what reached the disk.
  const existing = await p.workers.hashFromDisk(abs).catch(() => null);
  if (!existing || existing.sha256 !== copy.sha256 || existing.size !== copy.size) return false;
  await p.files.seal(abs);
  p.log.warn({ vaultPath: rel }, 'adopted a verified copy left uncatalogued by an interrupted run');
  return true;
}
