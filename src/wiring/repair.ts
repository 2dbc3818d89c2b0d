/** `repair` built from the parts wiring.ts made once: the vault's files, the known copies, xorriso. */
import path from 'node:path';
import { ExportStore } from '../adapters/catalog/export-store.js';
import type { DiscStore } from '../adapters/catalog/disc-store.js';
import { removeUnsealed } from '../adapters/durable-file.js';
import { ensureVaultFolder, listSourceFiles, lockRecording, makeDurable, setAside, sourceKind } from '../adapters/repair-files.js';
import { StagingArea } from '../adapters/staging-area.js';
import type { Xorriso } from '../adapters/xorriso.js';
import { RepairService } from '../services/repair.js';
import type { SharedParts } from './builders.js';

export function buildRepair(p: SharedParts, more: { discs: DiscStore; xorriso: Xorriso }): RepairService {
  const exports = new ExportStore(p.db);
  const { vaultRoot } = p.config;
  return new RepairService(vaultRoot, {
    recordings: p.recordings,
    known: {
      bagFolders: () => exports.placedBags().map((b) => path.join(b.destination, b.dirName)),
      discImages: () => more.discs.list().map((d) => d.imagePath),
    },
    workers: p.fileWorkers(),
    images: more.xorriso,
    files: { sourceKind, listSourceFiles, makeDurable, ensureVaultFolder, setAside, lockRecording, removeUnsealed },
    sourcePlace: (candidate) => p.protectedPaths.source(candidate),
    staging: () => new StagingArea(vaultRoot),
    audit: p.audit,
    clock: p.clock,
    log: p.log,
  });
}
