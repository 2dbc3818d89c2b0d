/**
 * Where repair looks for a good copy: a folder (an archive-set bag, a mounted disc, any folder), a
 * disc image read with xorriso, or the object store (store-source.ts). Names are never trusted: a
 * candidate is any file of the right size, and it counts only once its bytes, copied into the vault's
 * staging area (fsynced), hash to the catalogue's SHA-256.
 */
import { errorCode, errorMessage, FileJobError, UserError } from '../core/errors.js';
import type { FsyncError } from '../adapters/durable-file.js';
import type { Logger } from '../adapters/logger.js';
import type { StagingSpace } from './ingest-ports.js';
import type { ImageReader, RepairFiles, RepairWorkers } from './repair-ports.js';

export type SourceKind = 'folder' | 'image' | 'store';

export interface Wanted {
  sha256: string;
  size: number;
}

/** A durable temp copy in the staging area whose bytes are the wanted ones, and the file it came from. */
export interface FoundCopy {
  tmp: string;
  from: string;
  /** More about where it came from, for the trail (the store's endpoint, bucket, key and version). */
  details?: Record<string, unknown>;
}

/** One place repair looks in: the recording asked for (its id, hash and size) is found there or not. */
export interface RepairSource {
  readonly path: string;
  readonly kind: SourceKind;
  /** What could not be read there, with why. */
  readonly unreadable: { from: string; error: string }[];
  find(want: Wanted & { id: number }, staging: StagingSpace): Promise<FoundCopy | null>;
  /** Why it held no copy of this recording, when it knows better than "not there" (no replica in the store). */
  missReason?(id: number): string | undefined;
  close?(): void;
}

/** Errors of the vault side (the staging copy): sources are only read, so these never mean a bad source. */
export const VAULT_FULL = new Set(['ENOSPC', 'EDQUOT', 'EROFS']);

/** Tries per candidate: a copy whose fsync failed is redone from the source, never trusted. */
const ATTEMPTS = 3;

export abstract class CopySource implements RepairSource {
  /** Candidates by size: built once, on first use. */
  private bySize: Map<number, string[]> | null = null;
  /** What each candidate read as, once read: a file read once is never read again for another hash. */
  private readonly seen = new Map<string, string>();
  /** The source itself could not be read: it holds nothing for this run. */
  private broken = false;
  /** Candidates that could not be read, with why. */
  readonly unreadable: { from: string; error: string }[] = [];

  constructor(
    readonly path: string,
    readonly kind: SourceKind,
    protected readonly log: Logger,
  ) {}

  /** Read the source's listing; throws when it is not what it claims (not a disc image, an unreadable folder). */
  async open(): Promise<void> {
    if (this.bySize) return;
    const index = new Map<number, string[]>();
    for (const f of await this.listing()) {
      const same = index.get(f.size);
      if (same) same.push(f.path);
      else index.set(f.size, [f.path]);
    }
    this.bySize = index;
  }

  /** A verified copy of `want` in the staging area, or null when this source holds none. */
  async find(want: Wanted, staging: StagingSpace): Promise<FoundCopy | null> {
    if (this.broken) return null;
    try {
      await this.open();
    } catch (err) {
      // A known place that is there but cannot be read (a damaged image, no permission): the others are still looked in.
      this.broken = true;
      this.unreadable.push({ from: this.path, error: errorMessage(err) });
      this.log.warn({ source: this.path, err: errorMessage(err) }, 'repair: a source cannot be read');
      return null;
    }
    for (const candidate of this.bySize!.get(want.size) ?? []) {
      const read = this.seen.get(candidate);
      if (read !== undefined && read !== want.sha256) continue;
      const tmp = staging.tempPath();
      try {
        const got = await this.copyWithRedo(candidate, tmp);
        this.seen.set(candidate, got.sha256);
        if (got.sha256 === want.sha256 && got.size === want.size) return { tmp, from: this.describe(candidate) };
      } catch (err) {
        await staging.discard(tmp);
        // The vault's disk, not this source, is at fault: no other candidate would fare better.
        if (VAULT_FULL.has(errorCode(err) ?? '')) throw err;
        this.seen.set(candidate, '');
        this.unreadable.push({ from: this.describe(candidate), error: errorMessage(err) });
        this.log.warn({ source: this.describe(candidate), err: errorMessage(err) }, 'repair: a candidate copy could not be read');
      }
      await staging.discard(tmp);
    }
    return null;
  }

  private async copyWithRedo(candidate: string, tmp: string): Promise<{ sha256: string; size: number }> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.copyOut(candidate, tmp);
      } catch (err) {
        const fsyncFailed = (err instanceof FileJobError && err.fsyncFailed) || (err as FsyncError).name === 'FsyncError';
        if (!fsyncFailed || attempt >= ATTEMPTS) throw err;
        this.log.warn({ source: this.describe(candidate), attempt }, 'repair: fsync of a copy failed: redoing it from the source');
      }
    }
  }

  /** Every file of the source with its size, as the source names them. */
  protected abstract listing(): Promise<{ path: string; size: number }[]>;
  /** Copy one candidate to `tmp` (a new file), durably, and hash what landed there. */
  protected abstract copyOut(candidate: string, tmp: string): Promise<{ sha256: string; size: number }>;
  /** The candidate as people read it: a path on this PC, or image:/path-on-disc. */
  protected abstract describe(candidate: string): string;
}

/** A folder on this PC: an archive-set bag, a mounted disc, any folder. Links are never followed. */
export class FolderSource extends CopySource {
  constructor(
    root: string,
    private readonly workers: RepairWorkers,
    private readonly files: Pick<RepairFiles, 'listSourceFiles'>,
    log: Logger,
  ) {
    super(root, 'folder', log);
  }

  protected async listing() {
    const { files, unreadable } = await this.files.listSourceFiles(this.path);
    // Most often the mount point of a drive not mounted: said, rather than "no identical copy" in it.
    if (!files.length && !unreadable.length) throw new UserError({ zh: '文件夹中没有任何文件（归档磁盘或光盘是否已挂载到此处？）', en: 'the folder holds no file (is the archive disk or disc mounted there?)' });
    this.unreadable.push(...unreadable);
    return files;
  }

  protected copyOut(candidate: string, tmp: string) {
    // The copy fsyncs the temp file and hashes the bytes as they pass. Reached through no link: the
    // listing skipped links, and a folder on the way swapped for one since is refused, not followed.
    // No XXH3 check: a repaired file is read back by its SHA-256 (repair-restore.ts).
    return this.workers.copy(candidate, tmp, undefined, { named: true, check: false });
  }

  protected describe(candidate: string): string {
    return candidate;
  }
}

/** A disc image file (or a disc in a drive), read with xorriso. */
export class ImageSource extends CopySource {
  constructor(
    image: string,
    private readonly images: ImageReader,
    private readonly workers: RepairWorkers,
    private readonly files: Pick<RepairFiles, 'makeDurable' | 'removeUnsealed'>,
    log: Logger,
  ) {
    super(image, 'image', log);
  }

  protected async listing() {
    const listed = await this.images.listFiles(this.path);
    // xorriso reads any file as a blank image: one with no files on it is no disc this vault made.
    if (!listed.length) throw new Error('no files on it: not a disc image');
    for (const f of listed.filter((g) => g.garbled)) this.unreadable.push({ from: this.describe(f.path), error: 'a name on the disc this program cannot extract by (a line break or another control character in it)' });
    return listed.filter((f) => !f.garbled);
  }

  protected async copyOut(candidate: string, tmp: string) {
    await this.files.removeUnsealed(tmp); // a failed attempt's leftovers
    await this.images.extract(this.path, candidate, tmp);
    await this.files.makeDurable(tmp);
    return this.workers.hash(tmp);
  }

  protected describe(candidate: string): string {
    return `${this.path}:/${candidate}`;
  }
}
