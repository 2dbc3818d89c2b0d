/**
 * Replication to the object store, built from the shared parts when the config has a `replication`
 * section (null otherwise: the station works alone). The S3 client is loaded on first use only.
 */
import { ReplicationStore } from '../adapters/catalog/replication-store.js';
import { ClassificationStore } from '../adapters/catalog/classification-store.js';
import type { CaseStore } from '../adapters/catalog/case-store.js';
import type { RetentionStore } from '../adapters/catalog/retention-store.js';
import { connectObjectStore } from '../adapters/object-store.js';
import { readStoreCredentials } from '../adapters/store-credentials.js';
import { hashVaultFile } from '../adapters/vault-file-hash.js';
import { processTokenAlive, thisProcessToken } from '../adapters/process-identity.js';
import { endpointAddresses } from '../adapters/endpoint-address.js';
import { networkDropIn } from '../core/network-dropin.js';
import type { ReplicationConfig } from '../adapters/config-replication.js';
import type { RetentionService } from '../services/retention.js';
import { RecordingDescriber } from '../services/replication-facts.js';
import { ReplicationService } from '../services/replication.js';
import { TrailShipper } from '../services/trail-shipping.js';
import { DigestShipper } from '../services/digest-shipping.js';
import { MetadataDigestStore } from '../adapters/catalog/metadata-digest-store.js';
import { RemoteVerify } from '../services/remote-verify.js';
import type { SharedParts } from './builders.js';

export interface ReplicationParts {
  config: ReplicationConfig;
  service: ReplicationService;
  outbox: ReplicationStore;
  describer: RecordingDescriber;
  connect: () => ReturnType<typeof connectObjectStore>;
  /** `verify --remote`. */
  remoteVerify: RemoteVerify;
  /** `replicate network`: the service's systemd drop-in allowing the store's addresses alone. */
  network(): Promise<{ addresses: string[]; text: string }>;
}

/** The trail's first entry (written by init, so every vault has one): the station's identity in the bucket. */
/**
 * The station's identity in the bucket: the hash of the third trail entry, which chains the three
 * `init` writes (the first administrator, the vault with its catalogue's path, the config loaded). The
 * first entry alone holds only the account and a time to the second: two vaults made in the same
 * second by the same account shared it (seen in the suite). A restored station has the same entries.
 */
function firstEntryHash(p: SharedParts): string {
  let hash: string | null = null;
  for (const e of p.audit.store.iterate({ limit: 3 })) hash = e.hash;
  if (hash === null) throw new Error('the audit trail is empty: this vault was not made by evidence-vault init');
  return hash;
}

export function buildReplication(p: SharedParts, d: { cases: CaseStore; retentionStore: RetentionStore; retention: RetentionService }): ReplicationParts | null {
  const config = p.config.replication;
  if (!config) return null;
  const outbox = new ReplicationStore(p.db);
  const classification = new ClassificationStore(p.db);
  const describer = new RecordingDescriber(
    { name: config.station, unit: p.config.unitName ?? null, lock: config },
    {
      recording: (id) => p.recordings.get(id),
      officer: (id) => p.registerStore.officer(id),
      cases: (id) => d.cases.casesOfRecordings([id]).map((c) => ({ number: c.number, category: c.category })),
      holds: (id) => d.retentionStore.holdsKeeping(id).map((h) => ({ reason: h.reason, permanent: h.permanent })),
      classification: (id) => classification.effective(id),
      keptThrough: (r) => d.retention.decisionFor(r).keptThrough,
      tombstone: (id) => d.retentionStore.tombstone(id),
    },
    p.clock,
  );
  const connect = () => connectObjectStore({ endpoint: config.endpoint, bucket: config.bucket, region: config.region, forcePathStyle: config.forcePathStyle }, readStoreCredentials(config.credentialsFile));
  const trail = new TrailShipper(config.station, config.trailRetainYears, { auditStore: p.audit.store, outbox, audit: p.audit, clock: p.clock });
  const digests = new MetadataDigestStore(p.db);
  const digestShipper = new DigestShipper(config.station, { digests, auditStore: p.audit.store, audit: p.audit, clock: p.clock });
  const service = new ReplicationService(
    { vaultRoot: p.config.vaultRoot, endpoint: config.endpoint, station: config.station, unit: p.config.unitName ?? null, concurrency: config.concurrency },
    { connect, outbox, describer, hashVaultFile, trail, digests, digestShipper, audit: p.audit, clock: p.clock, log: p.log, owner: { token: thisProcessToken(), alive: processTokenAlive }, trailOrigin: () => firstEntryHash(p) },
  );
  return { config, service, outbox, describer, connect, remoteVerify: new RemoteVerify({ connect, outbox, describer, audit: p.audit }),
    async network() {
      const addresses = await endpointAddresses(config.endpoint);
      return { addresses, text: networkDropIn(config.endpoint, addresses) };
    },
  };
}
