/** One recording put back, with real files and the real durable-file functions, in this thread instead of the workers. */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { FileJobError } from '../core/errors.js';
import { copyAndHash, hashFile, removeUnsealed, sealFile } from '../adapters/durable-file.js';
import { placeFile } from '../adapters/place-file.js';
import type { Expected } from '../adapters/read-check.js';
import { silentLogger } from '../adapters/logger.js';
import { ensureVaultFolder, listSourceFiles, lockRecording, makeDurable, seal, setAside, sourceKind, unsealed } from '../adapters/repair-files.js';
import { StagingArea } from '../adapters/staging-area.js';
import type { AuditInput } from './audit-trail.js';
import type { RepairDeps } from './repair-ports.js';
import { problemOf, restoreOne, type RepairItem, type RestoreRun } from './repair-restore.js';
import { FolderSource } from './repair-sources.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-repair-unit-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const sha = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const REL = '现场执法记录仪影像资料/2026/08/01/0001234/A.MP4';
const GOOD = 'the recording as it was ingested';

let vault: string;
let source: string;
let records: AuditInput[];
let copyFaults: number;
let readBackFaults: number;

function deps(): RepairDeps {
  const workers = {
    size: 1,
    copy: async (src: string, dst: string, _onBytes?: unknown, opts?: { named?: boolean }) => {
      if (copyFaults > 0) {
        copyFaults--;
        await fs.promises.writeFile(dst, 'half');
        await fs.promises.rm(dst);
        throw new FileJobError(`fsync ${dst}: EIO`, 'EIO', true);
      }
      return copyAndHash(src, dst, { named: opts?.named });
    },
    hash: (p: string) => hashFile(p),
    place: async (tmp: string, target: string, expected: Expected) => {
      const placed = await placeFile(tmp, target, expected);
      if (!placed.placed) return placed;
      if (readBackFaults > 0) {
        readBackFaults--;
        return { placed: true as const, readBack: { ...placed.readBack, matches: false } };
      }
      if (placed.readBack.matches) await sealFile(target);
      return placed;
    },
  };
  return {
    recordings: { list: () => [] },
    known: { bagFolders: () => [], discImages: () => [] },
    workers,
    images: { listFiles: async () => [], extract: async () => undefined },
    files: { sourceKind, listSourceFiles, makeDurable, ensureVaultFolder, setAside, lockRecording, removeUnsealed, unsealed, seal },
    sourcePlace: (p) => ({ ok: true, real: p }),
    staging: () => new StagingArea(vault),
    store: null,
    audit: {
      record: (input: AuditInput) => {
        records.push(input);
        return {} as never;
      },
      refuse: () => {
        throw new Error('not expected');
      },
      act: async (_input, body) => body(),
    } as RepairDeps['audit'],
    clock: {} as RepairDeps['clock'],
    log: silentLogger(),
  };
}

function run(d: RepairDeps, sourceRoot = source): RestoreRun {
  const staging = d.staging();
  staging.open();
  return { vaultRoot: vault, sources: [new FolderSource(sourceRoot, d.workers, d.files, d.log)], staging, asideFolder: '.repair/damaged/run1', vaultPathNow: () => REL };
}

const item: RepairItem = { id: 7, vaultPath: REL, sha256: sha(GOOD), size: GOOD.length };
const stored = () => path.join(vault, ...REL.split('/'));

function putInSource(rel: string, data: string): void {
  fs.mkdirSync(path.dirname(path.join(source, rel)), { recursive: true });
  fs.writeFileSync(path.join(source, rel), data);
}

beforeEach(() => {
  vault = fs.mkdtempSync(path.join(root, 'vault-'));
  source = fs.mkdtempSync(path.join(root, 'source-'));
  records = [];
  copyFaults = 0;
  readBackFaults = 0;
  fs.mkdirSync(path.dirname(stored()), { recursive: true });
  fs.writeFileSync(stored(), GOOD.replace('as', 'AS'), { mode: 0o444 }); // same size, one flipped byte
});

describe('restoreOne', () => {
  it('puts the identical copy back read-only, keeps the damaged one aside, and records where it came from', async () => {
    putInSource('elsewhere/renamed.bin', GOOD);
    const out = await restoreOne(deps(), run(deps()), item, 'mismatch');
    expect(out).toMatchObject({ kind: 'restored', from: path.join(source, 'elsewhere/renamed.bin'), asideAs: `.repair/damaged/run1/${REL}` });
    expect(fs.readFileSync(stored(), 'utf8')).toBe(GOOD);
    expect(fs.statSync(stored()).mode & 0o777).toBe(0o444);
    expect(fs.readFileSync(path.join(vault, '.repair/damaged/run1', REL), 'utf8')).toBe(GOOD.replace('as', 'AS'));
    // The set-aside on the record the moment it is done (a run killed after it still says where the damaged file went).
    expect(records).toEqual([
      expect.objectContaining({ action: 'repair.set-aside', target: REL, details: { recordingId: 7, problem: 'mismatch', asideAs: `.repair/damaged/run1/${REL}` } }),
      expect.objectContaining({ action: 'repair.restore', target: REL, details: expect.objectContaining({ recordingId: 7, problem: 'mismatch' }) }),
    ]);
    expect(fs.readdirSync(path.join(vault, '.repair/locks'))).toEqual([]);
  });

  it('never reads through a link: a folder of the source swapped for one after the listing is refused, not followed', async () => {
    putInSource('bag/data/A.MP4', GOOD);
    const d = deps();
    const r = run(d);
    const folder = r.sources[0] as FolderSource;
    await folder.open();
    // The bag's folder becomes a link to a folder elsewhere that holds the same name (and the wanted bytes).
    const elsewhere = fs.mkdtempSync(path.join(root, 'elsewhere-'));
    fs.mkdirSync(path.join(elsewhere, 'data'));
    fs.writeFileSync(path.join(elsewhere, 'data/A.MP4'), GOOD);
    fs.rmSync(path.join(source, 'bag'), { recursive: true });
    fs.symlinkSync(elsewhere, path.join(source, 'bag'));
    const out = await restoreOne(d, r, item, 'mismatch');
    expect(out.kind).toBe('unresolved');
    expect(folder.unreadable).toEqual([{ from: path.join(source, 'bag/data/A.MP4'), error: expect.stringContaining('leads through a link') }]);
    expect(fs.readFileSync(stored(), 'utf8')).toBe(GOOD.replace('as', 'AS'));
  });

  it('says which good copy it could not open by its name (not UTF-8), instead of passing over it in silence', async () => {
    // As an archive disk written on another system may name its files: bytes node cannot decode.
    fs.writeFileSync(Buffer.concat([Buffer.from(`${source}/bad`), Buffer.from([0xff, 0xfe]), Buffer.from('name.MP4')]), GOOD);
    const d = deps();
    const r = run(d);
    const out = await restoreOne(d, r, item, 'mismatch');
    expect(out.kind).toBe('unresolved');
    expect(r.sources[0]!.unreadable).toEqual([{ from: path.join(source, 'bad\uFFFD\uFFFDname.MP4'), error: expect.stringContaining('not valid UTF-8') }]);
  });

  it('seals the right bytes left writable (a restore killed between its link and its seal), on the record', async () => {
    fs.chmodSync(stored(), 0o600);
    fs.writeFileSync(stored(), GOOD);
    const d = deps();
    expect(await problemOf(d, vault, item)).toBe('unsealed');
    const out = await restoreOne(d, run(d), item, 'unsealed');
    expect(out).toMatchObject({ kind: 'ok', note: expect.stringContaining('made read-only') });
    expect(fs.statSync(stored()).mode & 0o777).toBe(0o444);
    expect(fs.readFileSync(stored(), 'utf8')).toBe(GOOD);
    expect(records).toEqual([expect.objectContaining({ action: 'repair.seal', target: REL, details: expect.objectContaining({ recordingId: 7 }) })]);
    expect(await problemOf(d, vault, item)).toBeNull();
  });

  it('never takes a file for its name: other bytes under the same name leave the damaged file where it is', async () => {
    putInSource(REL, GOOD.replace('the', 'THE'));
    const out = await restoreOne(deps(), run(deps()), item, 'mismatch');
    expect(out).toMatchObject({ kind: 'unresolved', asideAs: null });
    expect(fs.readFileSync(stored(), 'utf8')).toBe(GOOD.replace('as', 'AS'));
    expect(fs.existsSync(path.join(vault, '.repair/damaged'))).toBe(false);
    expect(records).toEqual([expect.objectContaining({ action: 'repair.restore', outcome: 'failed' })]);
  });

  it('redoes a copy whose fsync failed, and one whose read-back differs, from the source', async () => {
    putInSource('a.bin', GOOD);
    copyFaults = 1;
    readBackFaults = 1;
    const d = deps();
    const out = await restoreOne(d, run(d), item, 'mismatch');
    expect(out.kind).toBe('restored');
    expect(fs.readFileSync(stored(), 'utf8')).toBe(GOOD);
    expect(fs.readdirSync(path.join(vault, '.repair/damaged/run1', path.dirname(REL)))).toEqual(['A.MP4']);
  });

  it('restores a missing file into a day folder that is gone too, with nothing set aside', async () => {
    fs.rmSync(path.join(vault, '现场执法记录仪影像资料'), { recursive: true, force: true });
    putInSource('a.bin', GOOD);
    const out = await restoreOne(deps(), run(deps()), item, 'missing');
    expect(out).toMatchObject({ kind: 'restored', problem: 'missing', asideAs: null });
    expect(fs.readFileSync(stored(), 'utf8')).toBe(GOOD);
  });

  it('leaves a file that matches by the time it holds the lock (another run repaired it)', async () => {
    fs.chmodSync(stored(), 0o644);
    fs.writeFileSync(stored(), GOOD);
    fs.chmodSync(stored(), 0o444); // sealed, as a repair leaves it
    const out = await restoreOne(deps(), run(deps()), item, 'mismatch');
    expect(out).toMatchObject({ kind: 'ok' });
    expect(records).toEqual([]);
  });

  it('says where the damaged file went when setting it aside fails after the move', async () => {
    putInSource('a.bin', GOOD);
    const d = deps();
    d.files = {
      ...d.files,
      setAside: async (v, rel, aside, onMoved) => {
        await setAside(v, rel, aside);
        onMoved?.();
        throw Object.assign(new Error(`fsync ${aside}: EIO`), { code: 'EIO' });
      },
    };
    const out = await restoreOne(d, run(d), item, 'mismatch');
    expect(out).toMatchObject({ kind: 'unresolved', asideAs: `.repair/damaged/run1/${REL}`, reason: expect.stringContaining('EIO') });
    expect(records).toEqual([expect.objectContaining({ outcome: 'failed', details: expect.objectContaining({ asideAs: `.repair/damaged/run1/${REL}` }) })]);
    expect(fs.existsSync(path.join(vault, '.repair/damaged/run1', REL))).toBe(true);
  });

  it('skips links in a source: a link to the good bytes is not a copy', async () => {
    fs.writeFileSync(path.join(root, 'outside.bin'), GOOD);
    fs.symlinkSync(path.join(root, 'outside.bin'), path.join(source, 'link.bin'));
    const out = await restoreOne(deps(), run(deps()), item, 'mismatch');
    expect(out.kind).toBe('unresolved');
  });

  it('looks where the catalogue has it now: a recording attributed since the check is not restored at its old name', async () => {
    // The check read the row before an attribution moved the file to another recorder's folder.
    const moved = '现场执法记录仪影像资料/2026/08/01/0005678/A.MP4';
    fs.mkdirSync(path.dirname(path.join(vault, moved)), { recursive: true });
    fs.chmodSync(stored(), 0o644);
    fs.writeFileSync(stored(), GOOD);
    fs.chmodSync(stored(), 0o444);
    fs.renameSync(stored(), path.join(vault, moved));
    putInSource('a.bin', GOOD);
    const d = deps();
    const r = { ...run(d), vaultPathNow: () => moved };
    const out = await restoreOne(d, r, item, 'missing');
    expect(out).toMatchObject({ kind: 'ok', vaultPath: moved });
    expect(fs.existsSync(stored())).toBe(false); // no second, uncatalogued copy at the old name
    expect(records).toEqual([]);
  });
});
