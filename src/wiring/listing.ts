/**
 * `recordings list`: the catalogue's recordings and what the operator may see of
 * them (R14). Built on the base alone, so a listing loads none of the other services' modules.
 */
import { CaseStore } from '../adapters/catalog/case-store.js';
import { RecordingStore } from '../adapters/catalog/recording-store.js';
import { CatalogueLookup } from '../services/catalogue-lookup.js';
import { openVaultBase, type VaultBase } from './base.js';
import { buildClassification, type ClassificationParts } from './classification.js';
import type { VaultOptions } from './vault-types.js';

export type ListingVault = VaultBase & ClassificationParts & { catalogue: CatalogueLookup };

/** The base, the catalogue look-ups and classification, nothing else. */
export function openListingVault(options: VaultOptions = {}): ListingVault {
  const base = openVaultBase(options);
  const recordings = new RecordingStore(base.db);
  const classified = buildClassification({ db: base.db, recordings, audit: base.audit, clock: base.clock }, { cases: new CaseStore(base.db), operators: base.operators });
  return { ...base, ...classified, catalogue: new CatalogueLookup(recordings) };
}
