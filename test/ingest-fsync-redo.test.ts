/**
 * An fsync that fails means the object failed: it is redone from the source, never retried in place.
 * Nothing here can make a real disk's fsync fail, so the failure is injected at the copy workers'
 * seam; everything else is real (worker threads, files, ffprobe, SQLite, the audit trail).
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileJobError, FileWorkers } from '../src/adapters/file-workers.js';
import type { StoreItem } from '../src/adapters/small-file-batch.js';
import { openVaultParts, type VaultWithParts } from '../src/wiring.js';
import { filesBelow } from './support/files.js';
import { ingestOnRealParts } from './support/ingest-service.js';
import { makeWorkspace } from './support/cli.js';
import { writeRecorderFiles } from './support/media.js';

/**
 * Real copies; the fsync of the first `failures` copies "fails" after the data was written, one file
 * at a time or in a batch of small files (whose failed copy goes, as the worker removes it).
 */
class FailingFsyncWorkers extends FileWorkers {
  copies = 0;
  constructor(private failures: number) {
    super(2);
  }
  override async copy(src: string, dst: string, onBytes?: (n: number) => void) {
    this.copies++;
    const result = await super.copy(src, dst, onBytes);
    if (this.failures > 0) {
      this.failures--;
      throw new FileJobError(`fsync ${dst}: EIO: i/o error`, 'EIO', true);
    }
    return result;
  }
  override async storeBatch(items: readonly StoreItem[], opts?: { headBytes?: number }) {
    const results = await super.storeBatch(items, opts);
    return results.map((r, k) => {
      if (r === 'large' || r instanceof Error) return r;
      this.copies++;
      if (this.failures <= 0) return r;
      this.failures--;
      fs.rmSync(items[k]!.dst, { force: true });
      return new FileJobError(`fsync ${items[k]!.dst}: EIO: i/o error`, 'EIO', true);
    });
  }
}

const sha = (file: string) => createHash('sha256').update(fs.readFileSync(file)).digest('hex');

describe('a failed fsync', () => {
  const ws = makeWorkspace('ev-fsync-');
  const source = path.join(ws.dir, 'rec');
  let vault: VaultWithParts;

  beforeAll(() => {
    writeRecorderFiles(path.join(source, 'DCIM'), [{ name: '0001234_110101_20260515073000_0001.MP4' }]);
    vault = openVaultParts({ configFile: ws.config, logLevel: 'silent' });
  });
  afterAll(async () => {
    await vault.close();
    ws.cleanup();
  });

  const ingestWith = (workers: FileWorkers, syncFolder?: (root: string, relDir: string) => Promise<void>) => ingestOnRealParts(vault, workers, source, syncFolder);

  it('that never succeeds leaves the file on the recorder, reported, with nothing in the vault', async () => {
    const workers = new FailingFsyncWorkers(Infinity);
    try {
      const s = await ingestWith(workers);
      expect(workers.copies).toBe(3); // redone from the source, then given up: never an fsync retried
      expect(s.stored.files).toBe(0);
      expect(s.failed).toEqual([{ sourcePath: 'DCIM/0001234_110101_20260515073000_0001.MP4', error: expect.stringMatching(/fsync .*EIO/) }]);
      expect(vault.recordings.list()).toEqual([]);
      expect(filesBelow(path.join(vault.config.vaultRoot, '现场执法记录仪影像资料'))).toEqual([]);
    } finally {
      await workers.close();
    }
  });

  it('of the day folder, before the group commit, fails its copies: reported, nothing catalogued, nothing left in the vault', async () => {
    const workers = new FileWorkers(1);
    const eio = async (dir: string) => {
      throw Object.assign(new Error(`fsync ${dir}: EIO: i/o error`), { code: 'EIO' });
    };
    try {
      const s = await ingestWith(workers, eio);
      expect(s.stored.files).toBe(0);
      expect(s.failed).toEqual([{ sourcePath: 'DCIM/0001234_110101_20260515073000_0001.MP4', error: expect.stringMatching(/fsync .*EIO/) }]);
      expect(vault.recordings.list()).toEqual([]);
      expect(filesBelow(path.join(vault.config.vaultRoot, '现场执法记录仪影像资料'))).toEqual([]);
    } finally {
      await workers.close();
    }
  });

  it('once is redone from the source: stored once, verified, no temp file left', async () => {
    const workers = new FailingFsyncWorkers(1);
    try {
      const s = await ingestWith(workers);
      expect(workers.copies).toBe(2);
      expect(s.failed).toEqual([]);
      expect(s.stored.files).toBe(1);
      const [row] = vault.recordings.list();
      expect(row!.sha256).toBe(sha(path.join(source, 'DCIM', row!.originalName)));
      expect(sha(path.join(vault.config.vaultRoot, row!.vaultPath))).toBe(row!.sha256);
      const staging = path.join(vault.config.vaultRoot, '.incoming');
      const left = fs.existsSync(staging) ? (fs.readdirSync(staging, { recursive: true }) as string[]).filter((f) => f.endsWith('.part')) : [];
      expect(left).toEqual([]);
    } finally {
      await workers.close();
    }
  });
});
