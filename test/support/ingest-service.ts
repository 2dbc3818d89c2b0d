/**
 * The ingest service on real parts (catalogue, trail, staging, durable files, ffprobe) with the copy
 * workers a test gives: where a fault is injected at the workers' or the folder fsync's seam.
 */
import path from 'node:path';
import { CustodyStore } from '../../src/adapters/catalog/custody-store.js';
import { RegisterStore } from '../../src/adapters/catalog/register-store.js';
import { SessionStore } from '../../src/adapters/catalog/recording-store.js';
import { ensureDirDurable, removeUnsealed, sameFiles, sealFile, syncVaultFolder } from '../../src/adapters/durable-file.js';
import type { FileWorkers } from '../../src/adapters/file-workers.js';
import { silentLogger } from '../../src/adapters/logger.js';
import { FfprobeMediaProbe } from '../../src/adapters/media-probe.js';
import { processAlive, thisProcess } from '../../src/adapters/process-identity.js';
import { ProtectedPaths } from '../../src/adapters/protected-paths.js';
import { identifySource } from '../../src/adapters/source-identity.js';
import { StagingArea } from '../../src/adapters/staging-area.js';
import { isFolder, sizeNow } from '../../src/adapters/volume-scanner.js';
import { DEFAULT_MEDIA_EXTENSIONS, extensionSet } from '../../src/core/media-selection.js';
import { compileFileNamePatterns, DEFAULT_FILE_NAME_PATTERNS } from '../../src/core/recorder-file-name.js';
import { IngestService, type IngestSummary } from '../../src/services/ingest.js';
import type { VaultWithParts } from '../../src/wiring.js';

/** Ingest `source` as recorder 0001234, one file at a time, through `workers`. */
export function ingestOnRealParts(
  vault: VaultWithParts,
  workers: FileWorkers,
  source: string,
  syncFolder: (root: string, relDir: string) => Promise<void> = syncVaultFolder,
): Promise<IngestSummary> {
  return new IngestService(
    {
      vaultRoot: vault.config.vaultRoot,
      extensions: extensionSet(DEFAULT_MEDIA_EXTENSIONS),
      fileNamePatterns: compileFileNamePatterns(DEFAULT_FILE_NAME_PATTERNS),
      concurrency: 1,
      protectedPaths: new ProtectedPaths([vault.config.vaultRoot, path.dirname(vault.config.catalogPath)]),
    },
    {
      recordings: vault.recordings,
      sessions: new SessionStore(vault.db),
      custody: new CustodyStore(vault.db, thisProcess(), processAlive),
      identify: (realPath) => ({ ...identifySource(realPath), recorder: null }),
      registers: new RegisterStore(vault.db),
      workers,
      probe: new FfprobeMediaProbe(10),
      audit: vault.audit,
      clock: vault.clock,
      log: silentLogger(),
      staging: (vaultRoot) => new StagingArea(vaultRoot),
      volumes: { scan: (root, extensions, lane) => workers.scan(root, extensions, { lane }), isFolder, sizeNow },
      vaultFiles: { ensureDir: ensureDirDurable, seal: sealFile, removeUnsealed, syncFolder, sameFiles },
    },
  ).ingest({ sourceRoot: source, deviceNumber: '0001234' });
}
