/**
 * The object store as a place repair looks in (`repair --from s3`, and the station restore): a
 * recording's copy is this station's own version under its key, the one its replica names first, then
 * any other whose metadata names this station and these bytes (the key is shared by content across the
 * bureau, and anyone with the store's keys can put a version on top: the latest is never taken as
 * such). Fetched into the staging area and taken only when its SHA-256 and size are the catalogue's.
 */
import { errorCode, errorMessage, UserError } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { recoveryMessages as m } from '../core/i18n/recovery-messages.js';
import { isUnreachable } from '../core/store-errors.js';
import type { Logger } from '../adapters/logger.js';
import type { StoreFetcher } from '../adapters/store-download.js';
import type { StagingSpace } from './ingest-ports.js';
import { ownVersions } from './own-versions.js';
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
  /** This station's name in the bucket: its versions of a shared content key carry it. */
  readonly station: string;
  replica(recordingId: number): StoreReplica | undefined;
  /** Another of this station's versions was read back equal where the replica's was not: the replica names it from now on (its lock is the one refreshes extend). */
  verified?(recordingId: number, version: { versionId: string; etag: string }): void;
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
    const key = rep.objectKey;
    const reasons: string[] = [];
    let candidates: { versionId: string; etag: string }[];
    try {
      candidates = await this.ownCandidates(key, rep.versionId, want);
    } catch (err) {
      if (VAULT_FULL.has(errorCode(err) ?? '')) throw err;
      this.noteUnreadable(key, err, reasons);
      this.misses.set(want.id, reasons.join('; '));
      return null;
    }
    for (const { versionId, etag } of candidates) {
      const label = `${key} (version ${versionId})`;
      const tmp = staging.tempPath();
      let got: Awaited<ReturnType<StoreFetcher['fetch']>>;
      try {
        got = await this.fetcher.fetch(key, versionId, tmp, onBytes);
      } catch (err) {
        await staging.discard(tmp);
        // The vault's disk, not the store, is at fault: nothing else would fare better.
        if (VAULT_FULL.has(errorCode(err) ?? '')) throw err;
        if (this.noteUnreadable(key, err, reasons)) break;
        continue;
      }
      // The bytes that landed here are hashed, not the head's claim: anyone with the store's keys can put a version saying anything.
      if (got && got.sha256 === want.sha256 && got.size === want.size) {
        const store = { endpoint: this.copies.endpoint, bucket: this.copies.bucket, key, versionId };
        if (versionId === rep.versionId) return { tmp, from: `${this.path}/${key}?versionId=${versionId}`, details: { store } };
        this.copies.verified?.(want.id, { versionId, etag });
        // On the record: the replica named another version, which was not this station's copy of these bytes.
        return { tmp, from: `${this.path}/${key}?versionId=${versionId}`, details: { store, replicaVersionBefore: rep.versionId } };
      }
      await staging.discard(tmp);
      reasons.push(got ? `${label} hashes to ${got.sha256.slice(0, 12)}… (${got.size} bytes), not the catalogue's` : `${label} is not in the store`);
    }
    if (!this.lost) {
      reasons.unshift(
        `no version of ${key} in the store is this station's copy (a version whose metadata names station ${this.copies.station} and whose bytes hash to ${want.sha256}, ${want.size} bytes)` +
          `${candidates.length ? `: ${candidates.length} looked at` : ''}; versions of other stations or of no station are never taken: repair it from an archive set or a disc (evidence-vault repair ${want.id} --from PATH)`,
      );
    }
    this.misses.set(want.id, reasons.join('; '));
    return null;
  }

  /**
   * The versions of `key` that may be this station's copy, the one its replica names first: those whose
   * metadata names this station and the wanted SHA-256 and size. Never the key's latest as such: the key
   * is shared by content across the bureau, and whoever holds the store's keys can put a version on top.
   */
  private async ownCandidates(key: string, recorded: string, want: Wanted): Promise<{ versionId: string; etag: string }[]> {
    // Oldest first after the recorded one: the station's own upload precedes any version put on top claiming to be it.
    const own = (await ownVersions(this.fetcher, key, this.copies.station)).filter((v) => v.head.sha256 === want.sha256 && v.size === want.size).reverse();
    own.sort((a, b) => Number(b.versionId === recorded) - Number(a.versionId === recorded));
    return own.map((v) => ({ versionId: v.versionId, etag: v.head.etag }));
  }

  /** A store error said and kept; true when the store stopped answering (the run stops asking it). */
  private noteUnreadable(key: string, err: unknown, reasons: string[]): boolean {
    const what = errorMessage(err);
    this.unreadable.push({ from: `${this.path}/${key}`, error: what });
    this.log.warn({ key, err: what }, 'repair: the store copy could not be read');
    if (isUnreachable(err)) {
      this.lost = `the object store at ${this.copies.endpoint} could not be reached: ${what}`;
      reasons.push(this.lost);
      return true;
    }
    reasons.push(`${key} could not be read: ${what}`);
    return false;
  }

  missReason(id: number): string | undefined {
    return this.misses.get(id);
  }

  close(): void {
    this.fetcher.close();
  }
}
