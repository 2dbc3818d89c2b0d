/**
 * Quarterly archive sets end to end: real FAT32 volumes ingested, bags checked by this tool and by
 * sha256sum and hashdeep, a kill -9 mid-copy resumed, damage named, supplements, a tiny tmpfs refused.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyChain, type AuditEntry } from '../src/core/audit-chain.js';
import { quarterAt, quarterId } from '../src/core/quarter.js';
import { openVaultParts } from '../src/wiring.js';
import { mountRecorder, type Mounted } from './support/fat-volume.js';
import { makeAudio, makeVideo, todayStamp as today } from './support/media.js';
import { makeWorkspace, runCli, runJson, startCli, type RecordingJson } from './support/cli.js';
import { flipByte } from './support/tamper.js';
import { killWhen } from './support/wait.js';
import type { ExportReceipt } from '../src/services/export-receipt.js';

/** The receipt `export quarter --json` prints. */
type Receipt = ExportReceipt;
interface VerifyJson {
  ok: boolean;
  bags: { bag: string; ok: boolean; problems: { kind: string; path: string }[] }[];
}

const FOOT = 'data/现场执法记录仪影像资料';

function manifestPaths(bag: string): string[] {
  return fs
    .readFileSync(path.join(bag, 'manifest-sha256.txt'), 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => l.slice(66));
}

function bagInfo(bag: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readFileSync(path.join(bag, 'bag-info.txt'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
  );
}

/** hashdeep audit mode, from a known-hashes file made out of the bag's manifest. */
function hashdeepAudit(bag: string, known: string): { status: number; out: string } {
  const lines = fs
    .readFileSync(path.join(bag, 'manifest-sha256.txt'), 'utf8')
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const hash = l.slice(0, 64);
      const rel = l.slice(66);
      return `${fs.statSync(path.join(bag, rel)).size},${hash},${rel}`;
    });
  fs.writeFileSync(known, ['%%%% HASHDEEP-1.0', '%%%% size,sha256,filename', ...lines, ''].join('\n'));
  const r = spawnSync('hashdeep', ['-c', 'sha256', '-r', '-l', '-a', '-k', known, 'data'], { cwd: bag, encoding: 'utf8' });
  return { status: r.status ?? -1, out: r.stdout + r.stderr };
}

function sha256sumCheck(bag: string, manifest = 'manifest-sha256.txt'): number {
  return spawnSync('sha256sum', ['--quiet', '-c', manifest], { cwd: bag, encoding: 'utf8' }).status ?? -1;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** The daemon's reminder line as it would read on 8 October 2026 (the clock is the one thing fixed). */
async function reminderOn8October(config: string): Promise<string | null> {
  const vault = openVaultParts({ configFile: config, logLevel: 'error', clock: { now: () => new Date('2026-10-08T02:00:00Z') } });
  try {
    return vault.export.reminder();
  } finally {
    await vault.close();
  }
}

async function auditOutcomes(config: string, action: string): Promise<string[]> {
  const vault = openVaultParts({ configFile: config, logLevel: 'error' });
  try {
    return [...vault.audit.store.iterate({ action })].map((e) => `${e.action}:${e.outcome}`);
  } finally {
    await vault.close();
  }
}

describe('quarterly archive sets from ingested FAT32 volumes', () => {
  const ws = makeWorkspace('ev-export-');
  const media = path.join(ws.dir, 'media');
  const out = path.join(ws.dir, 'archive');
  const volumes: Mounted[] = [];
  const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
  const json = <T>(...args: string[]) => runJson<T>(['--config', ws.config, ...args]);
  // Today in the unit's zone: a recording stamped today belongs to the current quarter, whose audit entries exist.
  const current = quarterId(quarterAt(new Date(), 'Asia/Shanghai'));
  const todayStamp = `${today()}000030`;

  beforeAll(() => {
    fs.mkdirSync(media);
    makeVideo(path.join(media, 'a.mp4'), 1);
    makeVideo(path.join(media, 'b.mp4'), 2);
    makeAudio(path.join(media, 'r.wav'));
    const v = (name: string, from: string) => ({ path: `DCIM/100MEDIA/${name}`, from: path.join(media, from) });
    volumes.push(mountRecorder(path.join(ws.dir, 'one.img'), path.join(ws.dir, 'mnt1'), [
      v('0001234_110101_20260701000500_0001.MP4', 'a.mp4'), // first minutes of Q3 (16:05 on 30 June in UTC)
      v('0001234_110101_20260815120000_0002.MP4', 'b.mp4'),
      v('0001234_110102_20260930235500_0003.MP4', 'a.mp4'), // last minutes of Q3 local (already 30 Sep 15:55 UTC)
      v('0001234_110101_20261001000100_0004.MP4', 'b.mp4'), // Q4 local, though still 30 September in UTC
      v('0001234_110101_20260630235900_0005.MP4', 'a.mp4'), // Q2
      { path: 'RECORD/0001234_110101_20260720080000_0006.WAV', from: path.join(media, 'r.wav') },
      v(`0001234_110101_${todayStamp}_0008.MP4`, 'b.mp4'),
    ]));
    cli('device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8');
    cli('officer', 'add', '--id', '110101', '--name', '王军');
    const s = json<{ stored: { files: number }; failed: unknown[] }>('ingest', volumes[0]!.mountPoint, '--device', '0001234');
    expect(s.failed).toEqual([]);
    expect(s.stored.files).toBe(7);
  });

  afterAll(() => {
    for (const v of volumes) v.unmount();
    ws.cleanup();
  });

  it('exports exactly the recordings whose local date is in the quarter, as a bag valid to itself, sha256sum and hashdeep', async () => {
    expect(await reminderOn8October(ws.config)).toMatch(/^quarter 2026Q3 has no archive set yet \(4 recordings\)/);
    // A case with a complaint hold on one Q3 recording travels with the bag as tag files.
    const linked = json<RecordingJson[]>('recordings', 'list').find((row) => row.vaultPath.includes('/2026/09/30/'))!;
    expect(cli('case', 'create', '鞍自然执〔2026〕31号', '--title', '夜间施工', '--place', '千山区').status).toBe(0);
    expect(cli('case', 'link', '鞍自然执〔2026〕31号', '--recording', String(linked.id)).status).toBe(0);
    expect(cli('hold', 'add', '--case', '鞍自然执〔2026〕31号', '--reason', 'complaint', '--note', '信访').status).toBe(0);
    const r = json<Receipt>('export', 'quarter', '2026Q3', '--out', out);
    expect(r.setId).toBe('2026Q3');
    expect(r.complete).toBe(true);
    expect(r.files).toBe(4);
    const bag = path.join(out, '2026Q3');
    expect(r.bags[0]!.dir).toBe(bag);
    expect(fs.existsSync(`${bag}.partial`)).toBe(false);
    const rows = json<RecordingJson[]>('recordings', 'list');
    const q3 = rows.filter((row) => /\/2026\/(07|08|09)\//.test(row.vaultPath));
    expect(q3).toHaveLength(4);
    expect(manifestPaths(bag).sort()).toEqual(q3.map((row) => `data/${row.vaultPath}`).sort());
    expect(manifestPaths(bag)).toContain(`${FOOT}/2026/09/30/0001234/0001234_110102_20260930235500_0003.MP4`);
    for (const row of q3) expect(fs.readFileSync(path.join(bag, 'data', row.vaultPath)).length).toBe(row.size);

    const info = bagInfo(bag);
    const bytes = q3.reduce((n, row) => n + row.size, 0);
    expect(info['Payload-Oxum']).toBe(`${bytes}.4`);
    expect(info['External-Identifier']).toBe('2026Q3');
    expect(info['Bag-Count']).toBeUndefined();
    expect(info['Archive-Set-Status']).toBe('正式归档');
    expect(info['Internal-Sender-Description']).toMatch(/^现场执法记录仪影像资料季度归档集 /);
    expect(info['Source-Organization']).toBeTruthy();
    expect(info['Bagging-Date']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(Number(info['Audit-Chain-Head-Seq'])).toBe(r.bags[0]!.chainHead.seq);
    expect(info['Audit-Chain-Head-SHA256']).toBe(r.bags[0]!.chainHead.hash);
    expect(fs.readFileSync(path.join(bag, 'bagit.txt'), 'utf8')).toBe('BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n');
    expect(execFileSync('sha256sum', [path.join(bag, 'manifest-sha256.txt')], { encoding: 'utf8' }).slice(0, 64)).toBe(r.bags[0]!.manifestSha256);

    const recordingsCsv = fs.readFileSync(path.join(bag, 'catalogue/recordings.csv'), 'utf8').trim().split('\r\n');
    expect(recordingsCsv).toHaveLength(5);
    const officers = JSON.parse(fs.readFileSync(path.join(bag, 'catalogue/officers.json'), 'utf8')) as { id: string; name: string | null }[];
    expect(officers).toEqual([expect.objectContaining({ id: '110101', name: '王军' }), expect.objectContaining({ id: '110102', name: null })]);
    const devices = JSON.parse(fs.readFileSync(path.join(bag, 'catalogue/devices.json'), 'utf8')) as { number: string; brand: string }[];
    expect(devices).toEqual([expect.objectContaining({ number: '0001234', brand: '海康威视' })]);
    const tag = <T>(name: string) => JSON.parse(fs.readFileSync(path.join(bag, `catalogue/${name}.json`), 'utf8')) as T;
    expect(tag<{ number: string; place: string }[]>('cases')).toEqual([expect.objectContaining({ number: '鞍自然执〔2026〕31号', place: '千山区' })]);
    expect(tag<unknown[]>('case-recordings')).toEqual([{ caseNumber: '鞍自然执〔2026〕31号', recordingId: linked.id }]);
    expect(tag<{ reason: string; note: string }[]>('holds')).toEqual([expect.objectContaining({ reason: 'complaint', note: '信访' })]);

    expect(cli('export', 'verify', bag).status).toBe(0);
    expect(sha256sumCheck(bag)).toBe(0);
    expect(sha256sumCheck(bag, 'tagmanifest-sha256.txt')).toBe(0);
    const hd = hashdeepAudit(bag, path.join(ws.dir, 'known.txt'));
    expect(hd.out).toContain('Audit passed');
    expect(hd.status).toBe(0);
    expect(await reminderOn8October(ws.config)).toBeNull();
  });

  it('carries the quarter\'s audit entries, a chain anyone can re-check from the bag', () => {
    // The current quarter has not ended: only a provisional set, on request.
    const r = json<Receipt>('export', 'quarter', current, '--out', out, '--before-end');
    expect([r.setId, r.provisional]).toEqual([`${current}-provisional-1`, true]);
    const bag = r.bags[0]!.dir;
    expect(manifestPaths(bag)).toContainEqual(expect.stringContaining(`_${todayStamp}_0008.MP4`));
    const entries = JSON.parse(fs.readFileSync(path.join(bag, 'catalogue/audit-trail.json'), 'utf8')) as AuditEntry[];
    expect(entries.map((e) => e.action)).toEqual(expect.arrayContaining(['device.add', 'officer.add', 'ingest.start', 'ingest.file', 'ingest.finish', 'export']));
    expect(verifyChain(entries, entries[0]!.prevHash, entries[0]!.seq)).toEqual([]);
    expect(entries[entries.length - 1]!.hash).toBe(r.bags[0]!.chainHead.hash);
    expect(cli('export', 'verify', bag).status).toBe(0);
  });

  it('names a corrupted file, a missing one and an extra one', () => {
    const bag = path.join(ws.dir, 'damaged');
    execFileSync('cp', ['-a', path.join(out, '2026Q3'), bag]);
    execFileSync('chmod', ['-R', 'u+w', bag]);
    const [first, second] = manifestPaths(bag).sort();
    const victim = path.join(bag, first!);
    flipByte(victim, 200, 0x01);
    fs.rmSync(path.join(bag, second!));
    const extra = `${FOOT}/2026/08/15/0001234/inserted.MP4`;
    fs.writeFileSync(path.join(bag, extra), 'inserted footage');

    const r = cli('export', 'verify', bag, '--json');
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as VerifyJson;
    expect(report.ok).toBe(false);
    expect(report.bags[0]!.problems.map((p) => [p.kind, p.path]).sort()).toEqual(
      [
        ['corrupted', first],
        ['missing', second],
        ['extra', extra],
        ['oxum-mismatch', 'bag-info.txt'],
      ].sort(),
    );
    const text = cli('export', 'verify', bag);
    expect(text.stdout).toContain(`corrupted      ${first}`);
    expect(sha256sumCheck(bag)).not.toBe(0);
    expect(hashdeepAudit(path.join(out, '2026Q3'), path.join(ws.dir, 'k2.txt')).status).toBe(0);
    const tagged = path.join(ws.dir, 'tag-damaged');
    execFileSync('cp', ['-a', path.join(out, '2026Q3'), tagged]);
    fs.appendFileSync(path.join(tagged, 'catalogue/recordings.csv'), 'forged,row\r\n');
    const t = JSON.parse(cli('export', 'verify', tagged, '--json').stdout) as VerifyJson;
    expect(t.bags[0]!.problems).toEqual([expect.objectContaining({ kind: 'tag-corrupted', path: 'catalogue/recordings.csv' })]);
  });

  it('puts recordings ingested after the set into a supplement, never a recording twice', async () => {
    const img = path.join(ws.dir, 'two.img');
    volumes.push(mountRecorder(img, path.join(ws.dir, 'mnt2'), [
      { path: 'DCIM/100MEDIA/0001234_110101_20260701000500_0001.MP4', from: path.join(media, 'a.mp4') }, // stored already
      { path: 'DCIM/100MEDIA/0001234_110101_20260910100000_0007.MP4', from: path.join(media, 'b.mp4') },
    ]));
    const s = json<{ stored: { files: number }; already: { files: number } }>('ingest', volumes[1]!.mountPoint, '--device', '0001234');
    expect([s.stored.files, s.already.files]).toEqual([1, 1]);
    expect(await reminderOn8October(ws.config)).toContain('1 recordings ingested after its set was made');

    const r = json<Receipt>('export', 'quarter', '2026Q3', '--out', out);
    expect(r.setId).toBe('2026Q3-S1');
    const bag = path.join(out, '2026Q3-S1');
    expect(manifestPaths(bag)).toEqual([`${FOOT}/2026/09/10/0001234/0001234_110101_20260910100000_0007.MP4`]);
    expect(bagInfo(bag)['External-Identifier']).toBe('2026Q3');
    expect(bagInfo(bag)['Bag-Group-Identifier']).toBe('2026Q3-S1');
    expect(cli('export', 'verify', bag).status).toBe(0);

    const again = json<{ upToDate: boolean; sets: string[] }>('export', 'quarter', '2026Q3', '--out', out);
    expect(again).toMatchObject({ upToDate: true, sets: ['2026Q3', '2026Q3-S1'] });
    const all = [...manifestPaths(path.join(out, '2026Q3')), ...manifestPaths(bag)];
    expect(new Set(all).size).toBe(all.length);
    expect(all).toHaveLength(5);
    expect(await reminderOn8October(ws.config)).toBeNull();
  });
});

describe('interrupted, split and refused exports', () => {
  const ws = makeWorkspace('ev-export-kill-');
  const src = path.join(ws.dir, 'card', 'DCIM');
  const out = path.join(ws.dir, 'archive');
  const small = path.join(ws.dir, 'small');
  const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
  const json = <T>(...args: string[]) => runJson<T>(['--config', ws.config, ...args]);
  let mounted = false;

  beforeAll(() => {
    // Big enough that a copy is in flight when the process is killed (random bytes: nothing compresses).
    // The first is smaller: the workers copy up to four files at once, and four of one size would finish
    // together, leaving no moment with one file finished and another half-way.
    fs.mkdirSync(src, { recursive: true });
    for (let i = 1; i <= 4; i++) fs.writeFileSync(path.join(src, `0007777_220202_202608${pad(i)}090000_000${i}.MP4`), randomBytes((i === 1 ? 16 : 48) * 1024 * 1024));
    fs.writeFileSync(path.join(src, '0007777_220202_20260501090000_0011.MP4'), randomBytes(300 * 1024));
    fs.writeFileSync(path.join(src, '0007777_220202_20260502090000_0012.MP4'), randomBytes(300 * 1024));
    fs.writeFileSync(path.join(src, '0007777_220202_20260503090000_0013.MP4'), randomBytes(300 * 1024));
    cli('device', 'add', '--number', '0007777', '--brand', 'X', '--model', 'Y');
    expect(json<{ stored: { files: number } }>('ingest', path.join(ws.dir, 'card')).stored.files).toBe(7);
    fs.mkdirSync(small);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', small]);
    mounted = true;
  });

  afterAll(() => {
    if (mounted) spawnSync('umount', [small]);
    ws.cleanup();
  });

  it('refuses a destination too small, with the numbers, before writing anything', async () => {
    const r = cli('export', 'quarter', '2026Q3', '--out', path.join(small, 'archive'));
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/set 2026Q3 needs .* \(\d+ bytes\) but .* has .* \(\d+ bytes\) free/);
    expect(r.stderr).toContain('--max-bag-size');
    expect(fs.readdirSync(small)).toEqual([]);
    expect(await auditOutcomes(ws.config, 'export')).toEqual(['export:refused']);
    const future = cli('export', 'quarter', '2099Q1', '--out', out);
    expect([future.status, future.stderr]).toEqual([2, expect.stringContaining('quarter 2099Q1 has not begun')]);
    const bad = cli('export', 'quarter', '2026Q5', '--out', out);
    expect([bad.status, bad.stderr]).toEqual([2, expect.stringContaining('"2026Q5" is not a quarter')]);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('resumes after kill -9 mid-copy: finished files are kept, the bag completes and verifies', async () => {
    const child = startCli(['--config', ws.config, 'export', 'quarter', '2026Q3', '--out', out], {}, { ownGroup: true });
    const partial = path.join(out, '2026Q3.partial');
    const staging = path.join(partial, '.copying');
    const dataDir = path.join(partial, 'data');
    const listData = (dir: string): string[] =>
      fs.existsSync(dir) ? fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name)) : [];
    // Kill the export and its workers once a file is finished and another is still being copied.
    await killWhen(child, 'a finished file and a copy in flight', () => {
      const done = listData(dataDir).length;
      return done > 0 && done < 4 && fs.existsSync(staging) && fs.readdirSync(staging).length > 0;
    });

    expect(fs.existsSync(path.join(out, '2026Q3'))).toBe(false);
    const before = listData(dataDir);
    expect(before.length).toBeGreaterThan(0);
    expect(before.length).toBeLessThan(4);
    const inodes = new Map(before.map((f) => [path.relative(partial, f), fs.statSync(f).ino]));
    const half = JSON.parse(cli('export', 'verify', partial, '--json').stdout) as VerifyJson;
    expect(half.ok).toBe(false);
    expect(half.bags[0]!.problems.map((p) => p.kind)).toContain('unfinished');

    const r = json<Receipt>('export', 'quarter', '2026Q3', '--out', out);
    expect(r.complete).toBe(true);
    expect(r.files).toBe(4);
    expect(r.bags[0]!.resumedFiles).toBe(before.length);
    const bag = path.join(out, '2026Q3');
    expect(fs.existsSync(partial)).toBe(false);
    expect(fs.existsSync(path.join(bag, '.copying'))).toBe(false);
    for (const [rel, ino] of inodes) expect(fs.statSync(path.join(bag, rel)).ino).toBe(ino); // kept, not copied again
    expect(cli('export', 'verify', bag).status).toBe(0);
    expect(sha256sumCheck(bag)).toBe(0);
  });

  it('splits a set into bags with --max-bag-size, each a valid bag with its Bag-Count', () => {
    const r = json<Receipt>('export', 'quarter', '2026Q2', '--out', out, '--max-bag-size', '700K');
    expect(r.complete).toBe(true);
    expect(r.bags.map((b) => path.basename(b.dir))).toEqual(['2026Q2-bag1of2', '2026Q2-bag2of2']);
    expect(r.bags.map((b) => b.files)).toEqual([2, 1]);
    expect(bagInfo(r.bags[0]!.dir)['Bag-Count']).toBe('1 of 2');
    expect(bagInfo(r.bags[1]!.dir)['Bag-Count']).toBe('2 of 2');
    const v = JSON.parse(cli('export', 'verify', out, '--json').stdout) as VerifyJson;
    expect(v.bags.map((b) => [path.basename(b.bag), b.ok])).toEqual([
      ['2026Q2-bag1of2', true],
      ['2026Q2-bag2of2', true],
      ['2026Q3', true],
    ]);
  });

  it('gives a quarter with no footage no set at all: nothing written beside the other sets', () => {
    const before = fs.readdirSync(out).sort();
    const r = json<{ setId: string | null; empty: boolean }>('export', 'quarter', '2026Q1', '--out', out);
    expect(r).toMatchObject({ setId: null, quarter: '2026Q1', empty: true });
    expect(fs.readdirSync(out).sort()).toEqual(before);
  });
});
