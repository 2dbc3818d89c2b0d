/** `restore-station` built on the replication parts (the store) and repair's placement path. */
import { StationRestoreStore } from '../adapters/catalog/station-restore-store.js';
import { firstFootageFile, placedState, sealPlaced } from '../adapters/restore-files.js';
import { ScratchLines } from '../adapters/scratch-lines.js';
import type { RepairDeps } from '../services/repair-ports.js';
import { StationRestoreService } from '../services/station-restore.js';
import type { SharedParts } from './builders.js';
import type { ReplicationParts } from './replication.js';
import { storeCopies } from './store-copies.js';

export function buildStationRestore(p: SharedParts, r: ReplicationParts, repair: RepairDeps): StationRestoreService {
  const { vaultRoot } = p.config;
  return new StationRestoreService(
    { vaultRoot, station: r.config.station, endpoint: r.config.endpoint, bucket: r.config.bucket, concurrency: r.config.concurrency },
    {
      connect: r.connect,
      copies: storeCopies(r)!,
      catalog: new StationRestoreStore(p.db),
      replicas: r.outbox,
      scratch: () => new ScratchLines(vaultRoot),
      files: { firstFootageFile, placedState, sealPlaced },
      trailFile: p.audit.file,
      repair,
      audit: p.audit,
      clock: p.clock,
      log: p.log,
    },
  );
}
