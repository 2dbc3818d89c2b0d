/** `repair` built from the parts wiring.ts made once: the vault's files, the known copies, xorriso, the object store. */
import path from 'node:path';
import { ExportStore } from '../adapters/catalog/export-store.js';
import type { DiscStore } from '../adapters/catalog/disc-store.js';
import { removeUnsealed } from '../adapters/durable-file.js';
import { ensureVaultFolder, listSourceFiles, lockRecording, makeDurable, seal, setAside, sourceKind, unsealed } from '../adapters/repair-files.js';
import { StagingArea } from '../adapters/staging-area.js';
import { storeCopies } from './store-copies.js';
import type { ReplicationParts } from './replication.js';
import type { Xorriso } from '../adapters/xorriso.js';
import { RepairService } from '../services/repair.js';
import type { RepairDeps } from '../services/repair-ports.js';
import type { SharedParts } from './builders.js';

export function buildRepair(p: SharedParts, more: { discs: DiscStore; xorriso: Xorriso; replication: () => ReplicationParts | null }): RepairService {
  return new RepairService(p.config.vaultRoot, repairDeps(p, more));
}

/** What repair's placement path takes: also what the station restore places each recording through. */
export function repairDeps(p: SharedParts, more: { discs: DiscStore; xorriso: Xorriso; replication: () => ReplicationParts | null }): RepairDeps {
  const exports = new ExportStore(p.db);
  const { vaultRoot } = p.config;
  return {
    recordings: p.recordings,
    known: {
      bagFolders: () => [...exports.placedBags().map((b) => path.join(b.destination, b.dirName)), ...lastSeen(p, 'export.verify')],
      discImages: () => [...more.discs.list().map((d) => d.imagePath), ...lastSeen(p, 'disc.verify')],
    },
    workers: p.fileWorkers(),
    images: more.xorriso,
    files: { sourceKind, listSourceFiles, makeDurable, ensureVaultFolder, setAside, lockRecording, removeUnsealed, unsealed, seal },
    sourcePlace: (candidate) => p.protectedPaths.source(candidate),
    staging: () => new StagingArea(vaultRoot),
    store: storeCopies(more.replication()),
    audit: p.audit,
    clock: p.clock,
    log: p.log,
  };
}

/**
 * Where bags and discs were last seen: the places `export verify` and `disc verify` read them at and
 * found them whole, newest first. Only paths: repair still takes nothing there but identical bytes.
 */
function lastSeen(p: SharedParts, action: 'export.verify' | 'disc.verify'): string[] {
  const places: string[] = [];
  for (const e of p.audit.store.iterate({ action, outcome: 'ok' })) {
    const d = e.details as { ok?: unknown; source?: unknown; bags?: { bag?: unknown; problems?: unknown[] }[] };
    if (action === 'disc.verify' && d.ok === true && typeof d.source === 'string') places.push(d.source);
    if (action === 'export.verify') for (const b of d.bags ?? []) if (typeof b.bag === 'string' && b.problems?.length === 0) places.push(b.bag);
  }
  return places.reverse();
}
