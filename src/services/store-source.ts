/**
 * The object store as a place repair looks in (`repair --from s3`, and the station restore): a
 * recording's copy is the object its replica names (key and version, recorded once read back and found
 * equal), failing that the key's latest version (the key is the SHA-256: the same bytes). Fetched into
 * the staging area and taken only when its SHA-256 and size are the catalogue's, like any other copy.
 */
import { errorCode, errorMessage, UserError } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { recoveryMessages as m } from '../core/i18n/recovery-messages.js';
import { isUnreachable } from '../core/store-errors.js';
import type { Logger } from '../adapters/logger.js';
import type { StoreFetcher } from '../adapters/store-download.js';
import type { StagingSpace } from './ingest-ports.js';
import { VAULT_FULL, type FoundCopy, type RepairSource, type Wanted } from './repair-sources.js';

/** What `repair --from` names the store by. */
export const STORE_SOURCE = 's3';

/** Exit status when the store cannot be reached: try again later (EX_TEMPFAIL). */
export const EXIT_TRY_AGAIN = 75;

export interface StoreReplica {
  objectKey: string;
  versionId: string;
  removedAt: string | null;
}

/** The store as this station knows it: where it is, and each recording's replica. */
export interface StoreCopies {
  readonly endpoint: string;
  readonly bucket: string;
  replica(recordingId: number): StoreReplica | undefined;
  /** A connection, once the store has answered (throws what the store or the network said). */
  connect(): Promise<StoreFetcher>;
}

/** The store, for people and the trail: its endpoint and bucket. */
export const storePlace = (c: Pick<StoreCopies, 'endpoint' | 'bucket'>) => `${c.endpoint.replace(/\/+$/, '')}/${c.bucket}`;

/** Connect, or say what stands in the way (storeError). */
export async function connectStore(copies: StoreCopies): Promise<StoreFetcher> {
  try {
    return await copies.connect();
  } catch (err) {
    throw storeError(copies, err);
  }
}

/** A store's error for people: exit 75 when the store cannot be reached (try again later), 2 when it answered no. */
export function storeError(copies: Pick<StoreCopies, 'endpoint' | 'bucket'>, err: unknown): unknown {
  if (err instanceof UserError || !(isUnreachable(err) || (err as { $metadata?: unknown }).$metadata)) return err;
  const what = errorMessage(err);
  if (isUnreachable(err)) return new UserError(said(m.storeUnreachable, { endpoint: copies.endpoint, what }), m.storeUnreachableHint, EXIT_TRY_AGAIN);
  return new UserError(said(m.storeAnswered, { endpoint: copies.endpoint, bucket: copies.bucket, what }), m.storeAnsweredHint);
}

export class StoreSource implements RepairSource {
  readonly kind = 'store' as const;
  readonly path: string;
  readonly unreadable: { from: string; error: string }[] = [];
  private readonly misses = new Map<number, string>();
  /** Set once the store stops answering: the recordings not reached yet are not waited on one by one. */
  private lost: string | null = null;

  constructor(
    private readonly copies: StoreCopies,
    private readonly fetcher: StoreFetcher,
    private readonly log: Logger,
  ) {
    this.path = storePlace(copies);
  }

  /** Why the store stopped answering during the run, or null. */
  get unreachable(): string | null {
    return this.lost;
  }

  async find(want: Wanted & { id: number }, staging: StagingSpace, onBytes?: (n: number) => void): Promise<FoundCopy | null> {
    const rep = this.copies.replica(want.id);
    if (this.lost || !rep || rep.removedAt) {
      this.misses.set(want.id, this.lost ?? (rep ? `its copy was removed from the store (${rep.removedAt})` : 'not repairable from the store: it has no replica there (never replicated)'));
      return null;
    }
    const reasons: string[] = [];
    for (const version of [rep.versionId, null]) {
      const label = `${rep.objectKey} (${version ? `version ${version}` : 'latest version'})`;
      const tmp = staging.tempPath();
      let got: Awaited<ReturnType<StoreFetcher['fetch']>>;
      try {
        got = await this.fetcher.fetch(rep.objectKey, version, tmp, onBytes);
      } catch (err) {
        await staging.discard(tmp);
        // The vault's disk, not the store, is at fault: nothing else would fare better.
        if (VAULT_FULL.has(errorCode(err) ?? '')) throw err;
        const what = errorMessage(err);
        this.unreadable.push({ from: `${this.path}/${rep.objectKey}`, error: what });
        this.log.warn({ key: rep.objectKey, err: what }, 'repair: the store copy could not be read');
        if (isUnreachable(err)) {
          this.lost = `the object store at ${this.copies.endpoint} could not be reached: ${what}`;
          reasons.push(this.lost);
          break;
        }
        reasons.push(`${label} could not be read: ${what}`);
        continue;
      }
      if (got && got.sha256 === want.sha256 && got.size === want.size) {
        const store = { endpoint: this.copies.endpoint, bucket: this.copies.bucket, key: rep.objectKey, versionId: got.versionId };
        return { tmp, from: `${this.path}/${rep.objectKey}?versionId=${got.versionId}`, details: { store } };
      }
      await staging.discard(tmp);
      reasons.push(got ? `${label} hashes to ${got.sha256.slice(0, 12)}… (${got.size} bytes), not the catalogue's` : `${label} is not in the store`);
    }
    this.misses.set(want.id, reasons.join('; '));
    return null;
  }

  missReason(id: number): string | undefined {
    return this.misses.get(id);
  }

  close(): void {
    this.fetcher.close();
  }
}
