/** The object store as recovery reads it: each recording's replica from the catalogue, a connection checked to answer. */
import { stationKey } from '../core/replication.js';
import { storeFetcher } from '../adapters/store-download.js';
import type { StoreCopies } from '../services/store-source.js';
import type { ReplicationParts } from './replication.js';

export function storeCopies(r: ReplicationParts | null): StoreCopies | null {
  if (!r) return null;
  return {
    endpoint: r.config.endpoint,
    bucket: r.config.bucket,
    station: r.config.station,
    replica: (id) => r.outbox.replica(id),
    verified(id, v) {
      const rep = r.outbox.replica(id);
      if (rep && !rep.removedAt) r.outbox.saveReplica({ ...rep, versionId: v.versionId, md5: v.etag });
    },
    async connect() {
      const s3 = await r.connect();
      try {
        // One small request now: a store that does not answer (or refuses these keys) is said before any work starts.
        await s3.head(stationKey(r.config.station));
      } catch (err) {
        s3.close();
        throw err;
      }
      return storeFetcher(s3);
    },
  };
}
