/**
 * The re-check before a finding is reported, with real files and the real in-flight test: work in
 * flight while the check read is not a finding; what is still wrong afterwards is.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { hashFile } from '../adapters/durable-file.js';
import { beingPlaced } from '../adapters/copies-in-flight.js';
import { isAbsent, isWritable, readFolder } from '../adapters/local-files.js';
import type { RecordingFilter, RecordingStore } from '../adapters/catalog/recording-store.js';
import type { FileWorkers } from '../adapters/file-workers.js';
import type { AuditTrail } from './audit-trail.js';
import type { VerifyProblem } from '../core/types.js';
import { VerifyService, type VerifyRequest } from './verify.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-verify-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const DAY = '现场执法记录仪影像资料/2026/05/15/0001234';
interface Row {
  id: number;
  vaultPath: string;
  sha256: string;
  size: number;
  live: boolean;
}

let vault: string;
let rows: Row[];
/** Called as each file is hashed: a seam for what other processes do meanwhile. */
let duringHash: (abs: string) => void;

function put(rel: string, data: string): string {
  const abs = path.join(vault, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.writeFileSync(abs, data);
  fs.chmodSync(abs, 0o444); // sealed, as the vault stores it
  return abs;
}

async function catalogue(rel: string, data: string): Promise<Row> {
  const h = await hashFile(put(rel, data));
  const row = { id: rows.length + 1, vaultPath: rel, sha256: h.sha256, size: h.size, live: true };
  rows.push(row);
  return row;
}

/** Called as the check asks whether anything is at a path (lstat on its own thread). */
let onAbsentAsked: (abs: string) => void;

/** Called each time the check asks whether a file is being placed. */
let onPlacedAsked: (abs: string) => void;

function service(waitMs = 5_000) {
  const live = (f: RecordingFilter) => rows.filter((x) => (!f.ids || f.ids.includes(x.id)) && (!f.live || x.live));
  const recordings = {
    checkTotals: (f: RecordingFilter = {}) => ({ files: live(f).length, bytes: live(f).reduce((n, r) => n + r.size, 0), maxId: Math.max(0, ...rows.map((r) => r.id)) }),
    checkPage: (f: RecordingFilter, after: number, maxId: number, limit: number) =>
      live(f).filter((r) => r.id > after && r.id <= maxId).sort((a, b) => a.id - b.id).slice(0, limit).map((r) => ({ ...r })),
    liveCheckRow: (id: number) => {
      const r = rows.find((x) => x.id === id && x.live);
      return r && { ...r };
    },
    hasVaultPath: (p: string) => rows.some((r) => r.vaultPath === p),
  } as unknown as RecordingStore;
  const workers = {
    size: 1,
    hashFromDisk: async (abs: string) => {
      duringHash(abs);
      return hashFile(abs);
    },
  } as unknown as FileWorkers;
  const audit = { recordCheck: () => null } as unknown as AuditTrail;
  const copies = {
    beingPlaced: (abs: string) => {
      onPlacedAsked(abs);
      return beingPlaced(vault, abs);
    },
    leftBehind: () => null,
  };
  const files = {
    readFolder,
    isAbsent: (abs: string) => {
      onAbsentAsked(abs);
      return isAbsent(abs);
    },
    isWritable,
  };
  const verify = new VerifyService(vault, recordings, workers, audit, files, copies, { waitMs, pollMs: 20 });
  return {
    /** The check, with the findings it streamed gathered for the test. */
    async verify(req: VerifyRequest) {
      const problems: VerifyProblem[] = [];
      const report = await verify.verify({
        ...req,
        onProblem: async (p) => {
          problems.push(p);
          await req.onProblem?.(p);
        },
      });
      return { ...report, problems };
    },
  };
}

/** A copy as ingest places it: the temp in this (live) process's staging folder, linked into the day folder. */
function copyInFlight(rel: string, data: string): { tmp: string; abs: string } {
  const staging = path.join(vault, '.incoming', `${process.pid}-test`);
  fs.mkdirSync(staging, { recursive: true });
  const tmp = path.join(staging, `${rel.length}.part`);
  fs.writeFileSync(tmp, data);
  const abs = path.join(vault, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  fs.linkSync(tmp, abs);
  return { tmp, abs };
}

beforeEach(() => {
  vault = fs.mkdtempSync(path.join(root, 'vault-'));
  rows = [];
  duringHash = () => {};
  onPlacedAsked = () => {};
  onAbsentAsked = () => {};
});

describe('verify re-checks each finding', () => {
  it('waits for a copy in flight to be committed: not a finding', async () => {
    await catalogue(`${DAY}/A.MP4`, 'a');
    const { tmp } = copyInFlight(`${DAY}/B.MP4`, 'b');
    // The ingest commits its row, then removes its temp name, while the check waits on it.
    let asked = 0;
    onPlacedAsked = (abs) => {
      if (abs.endsWith('B.MP4') && ++asked === 3) {
        rows.push({ id: 2, vaultPath: `${DAY}/B.MP4`, sha256: 'x', size: 1, live: true });
        fs.rmSync(tmp);
      }
    };
    const report = await service().verify({ findUnexpected: true });
    expect(asked).toBe(3); // it waited twice, then found it committed
    expect(report.problems).toEqual([]);
  });

  it('names a file nothing catalogued and no process is placing', async () => {
    await catalogue(`${DAY}/A.MP4`, 'a');
    put(`${DAY}/planted.MP4`, 'p');
    // Linked from a dead process's staging folder: a leftover, not a copy in flight.
    const dead = path.join(vault, '.incoming', '999999999-dead');
    fs.mkdirSync(dead, { recursive: true });
    fs.linkSync(path.join(vault, `${DAY}/planted.MP4`), path.join(dead, 'x.part'));
    const report = await service().verify({ findUnexpected: true });
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'unexpected', vaultPath: `${DAY}/planted.MP4` })]);
    expect(report.repair).toBeNull();
  });

  it('names a file held as "in flight" for longer than the wait, so a temp name cannot hide it for ever', async () => {
    copyInFlight(`${DAY}/held.MP4`, 'h');
    const report = await service(200).verify({ findUnexpected: true });
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'unexpected', vaultPath: `${DAY}/held.MP4`, detail: expect.stringMatching(/copy in flight/), heldSeconds: 0 })]);
  });

  it('a recording disposed while the check ran is not missing; one still catalogued is, with the repair command', async () => {
    const disposed = await catalogue(`${DAY}/D.MP4`, 'd');
    const gone = await catalogue(`${DAY}/G.MP4`, 'g');
    duringHash = (abs) => {
      if (abs.endsWith('D.MP4') && fs.existsSync(abs)) {
        disposed.live = false; // the retention sweep tombstones the row, then removes the file
        fs.rmSync(abs);
      }
    };
    fs.rmSync(path.join(vault, gone.vaultPath));
    const report = await service().verify({ findUnexpected: true });
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'missing', recordingId: gone.id })]);
    expect(report.repair).toEqual(['evidence-vault', 'repair', String(gone.id)]);
  });

  it('names the right bytes in a file that can be written (unsealed), with the repair that seals it', async () => {
    const open = await catalogue(`${DAY}/W.MP4`, 'w');
    await catalogue(`${DAY}/S.MP4`, 's');
    fs.chmodSync(path.join(vault, open.vaultPath), 0o600);
    const report = await service().verify({ findUnexpected: true });
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'unsealed', recordingId: open.id, vaultPath: open.vaultPath })]);
    expect(report.repair).toEqual(['evidence-vault', 'repair', String(open.id)]);
  });

  it('a recording moved while the check ran is checked where it is now', async () => {
    const moved = await catalogue(`${DAY}/M.MP4`, 'm');
    duringHash = (abs) => {
      if (abs.endsWith(`0001234/M.MP4`) && fs.existsSync(abs)) {
        const to = `现场执法记录仪影像资料/2026/05/15/0009999/M.MP4`;
        fs.mkdirSync(path.dirname(path.join(vault, to)), { recursive: true });
        fs.renameSync(abs, path.join(vault, to));
        moved.vaultPath = to;
      }
    };
    expect((await service().verify({ findUnexpected: true })).problems).toEqual([]);
    // Moved again to a changed file: still named, where it is now.
    fs.appendFileSync(path.join(vault, moved.vaultPath), 'x');
    const report = await service().verify({ findUnexpected: true });
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'size-changed', vaultPath: moved.vaultPath })]);
  });

  it('a file found gone at once (no worker asked) whose recording was disposed meanwhile is not missing', async () => {
    const disposed = await catalogue(`${DAY}/D.MP4`, 'd');
    const gone = await catalogue(`${DAY}/G.MP4`, 'g');
    fs.rmSync(path.join(vault, gone.vaultPath));
    onAbsentAsked = (abs) => {
      if (abs.endsWith('D.MP4') && disposed.live) {
        disposed.live = false; // tombstoned, then its file removed, just before the check looks
        fs.rmSync(abs);
      }
    };
    const hashed: string[] = [];
    duringHash = (abs) => hashed.push(abs);
    const report = await service().verify({ findUnexpected: true });
    expect(report.problems).toEqual([expect.objectContaining({ kind: 'missing', recordingId: gone.id })]);
    expect(hashed).toEqual([]); // both gone: found by lstat, not by a worker's failed open
    expect(report).toMatchObject({ checked: 2, problemCount: 1, problemCounts: { missing: 1 } });
  });
});

describe('verify streams its findings', () => {
  it('hands each finding on as it is found, long before the last file is read, and keeps none itself', async () => {
    const first = await catalogue(`${DAY}/000.MP4`, 'x');
    fs.rmSync(path.join(vault, first.vaultPath));
    for (let i = 1; i <= 40; i++) await catalogue(`${DAY}/${String(i).padStart(3, '0')}.MP4`, `file ${i}`);
    let hashed = 0;
    duringHash = () => hashed++;
    const seenAt: number[] = [];
    const report = await service().verify({ findUnexpected: true, onProblem: () => void seenAt.push(hashed) });
    expect(seenAt).toHaveLength(1);
    expect(seenAt[0]).toBeLessThan(5);
    expect(hashed).toBe(40);
    expect(report).toMatchObject({ checked: 41, problemCount: 1, firstProblems: [expect.objectContaining({ recordingId: first.id })] });
  });
});

describe('verify spreads large files over its workers', () => {
  /** A check by two workers that notes, per hash asked for, its lane and how many ran beside it. */
  async function lanesOf(sizes: number[]) {
    for (const [i, size] of sizes.entries()) {
      const row = await catalogue(`${DAY}/${String(i).padStart(3, '0')}.MP4`, `file ${i}`);
      row.size = size; // the catalogue's size: what decides the worker (the fake below answers with it)
    }
    const recordings = {
      checkTotals: () => ({ files: rows.length, bytes: rows.reduce((n, r) => n + r.size, 0), maxId: rows.length }),
      checkPage: (_f: RecordingFilter, after: number) => rows.filter((r) => r.id > after).map((r) => ({ ...r })),
      liveCheckRow: (id: number) => rows.find((r) => r.id === id),
      hasVaultPath: (p: string) => rows.some((r) => r.vaultPath === p),
    } as unknown as RecordingStore;
    const running = new Map<string, number>();
    const seen: { lane: string; beside: number; sameLane: number }[] = [];
    const workers = {
      size: 2,
      hashFromDisk: async (abs: string, _onBytes: unknown, opts: { lane?: string } = {}) => {
        const lane = opts.lane ?? '';
        const row = rows.find((r) => path.join(vault, r.vaultPath) === abs)!;
        running.set(lane, (running.get(lane) ?? 0) + 1);
        seen.push({ lane, beside: [...running.values()].reduce((a, b) => a + b, 0), sameLane: running.get(lane)! });
        // Held until every check lane has had its turn to ask: what runs at once is then what the service allows.
        await new Promise((resolve) => setTimeout(resolve, 5));
        running.set(lane, running.get(lane)! - 1);
        return { sha256: row.sha256, size: row.size, fromDisk: true };
      },
    } as unknown as FileWorkers;
    const files = { readFolder, isAbsent, isWritable: () => false };
    const copies = { beingPlaced: async () => false, leftBehind: () => null };
    const report = await new VerifyService(vault, recordings, workers, { recordCheck: () => null } as unknown as AuditTrail, files, copies).verify({ findUnexpected: false });
    expect(report.problemCount).toBe(0);
    return seen;
  }

  it('one large file per worker at a time, each worker a lane of its own (before, six files went four to one worker and two to the other)', async () => {
    const seen = await lanesOf(Array.from({ length: 6 }, () => 512 * 1024 * 1024));
    expect(seen).toHaveLength(6);
    expect(new Set(seen.map((s) => s.lane))).toEqual(new Set(['vault-0', 'vault-1']));
    expect(Math.max(...seen.map((s) => s.sameLane))).toBe(1);
    expect(Math.max(...seen.map((s) => s.beside))).toBe(2);
  });

  it('small files go to any worker, four at a time (twice the workers: the disk is kept busy)', async () => {
    const seen = await lanesOf(Array.from({ length: 8 }, () => 4096));
    expect(new Set(seen.map((s) => s.lane))).toEqual(new Set(['']));
    expect(Math.max(...seen.map((s) => s.beside))).toBe(4);
  });
});
