/**
 * Copies a killed run of the same source left placed and uncatalogued that this run did not adopt.
 * A run adopts such a copy when it places the same file again; it never places a file it finds
 * stored already, so the copy of a file kept twice on a recorder, placed for a later group than its
 * catalogued twin, would stay for ever (verify naming it an interrupted copy, "ingest that source
 * again"). Once a run has stored or found stored every file of the source, a copy of it left by a
 * dead process whose bytes some recording holds repeats catalogued evidence byte for byte: it is
 * removed (named in the session's finish entry). Anything else is left as found.
 */
import { resolveInVault } from '../core/vault-layout.js';
import type { IngestDeps } from './ingest-ports.js';

export async function removeLeftTwins(deps: Pick<IngestDeps, 'custody' | 'recordings' | 'workers' | 'vaultFiles' | 'log'>, vaultRoot: string, sourceKey: string, sessionId: number): Promise<string[]> {
  const removed: string[] = [];
  for (const rel of deps.custody.stalePlacementsOf(sourceKey)) {
    const abs = resolveInVault(vaultRoot, rel);
    const held = await deps.workers.hash(abs).catch(() => null);
    if (!held || !deps.recordings.holdsBytes(held.sha256, held.size)) continue;
    // Taken over first: false when it was catalogued meanwhile or a live ingest is adopting it.
    if (!deps.custody.claimPlacement(rel, sessionId)) continue;
    try {
      await deps.vaultFiles.removeUnsealed(abs);
      removed.push(rel);
      deps.log.warn({ vaultPath: rel }, 'removed a copy an interrupted run left: a catalogued recording holds the same bytes');
    } finally {
      deps.custody.releasePlacement(rel, sessionId);
    }
  }
  return removed;
}
