/**
 * `npm run bench` (scripts/bench*.ts), built: its timing shell reports the CPU time of what it runs, a
 * failed contender stops the bench with its error, an unfair layout is refused before anything is
 * made, and a tiny real run gives every figure in --json and leaves nothing behind.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './support/cli.js';
import { measuredAll, parseTimes, timed, timedAll } from '../scripts/bench-run.js';

const BENCH = path.join(PROJECT_ROOT, 'dist/scripts/bench.js');
const made: string[] = [];

function freshDir(root: string): string {
  const dir = fs.mkdtempSync(path.join(root, 'ev-bench-test-'));
  made.push(dir);
  return dir;
}

// No settling wait (bench-settle.ts): these runs check the bench's workings, not its figures.
/**
 * A bench case runs real copies, syncs and hashes in child processes: on a loaded machine (another
 * suite beside this one) its `sync`s wait on everyone's dirty pages, and a case took 70-90 s there.
 */
const BENCH_CASE_MS = 300_000;
const bench = (args: string[]) => spawnSync(process.execPath, [BENCH, '--settle-seconds', '0', ...args], { encoding: 'utf8' });

afterEach(() => {
  for (const dir of made.splice(0)) {
    spawnSync('chmod', ['-R', 'u+w', dir]);
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('the timing shell', () => {
  it("reads the children's line of `times`, not the shell's own", () => {
    expect(parseTimes(['pid 0 12', '0m0.010000s 0m0.020000s', '1m2.500000s 0m0.250000s', ''])).toEqual({ user: 62.5, sys: 0.25 });
    expect(() => parseTimes(['0m0.01s 0m0.02s'])).toThrow(/no children's times/);
  });

  it('charges a busy child its CPU time, and a command run in parallel its own', async () => {
    const busy = ['sh', '-c', 'i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done'];
    const one = await timed(busy);
    expect(one.user + one.sys).toBeGreaterThan(0.05);
    expect(one.wall).toBeGreaterThan(0);
    const two = await timedAll([busy, busy]);
    expect(two.user + two.sys).toBeGreaterThan((one.user + one.sys) * 1.3);
    // A timed run is not sampled for memory; a measured one gives each command's peak.
    expect(two).not.toHaveProperty('peaksMiB');
    const sampled = await measuredAll([busy, busy]);
    expect(sampled.peaksMiB).toHaveLength(2);
    expect(sampled.peakSplit).toBeDefined();
  });

  it('stops on a failed contender with its exit status and error output', async () => {
    await expect(timedAll([['true'], ['sh', '-c', 'echo disk on fire >&2; exit 3']])).rejects.toThrow(/exited 3: disk on fire/);
  });
});

describe('npm run bench', () => {
  it('refuses a vault on tmpfs, a source on the vault disk and a typo, before making anything', () => {
    const dir = freshDir(os.tmpdir());
    const shm = freshDir('/dev/shm');
    const onTmpfs = bench(['--dir', shm, '--cases', 'photos']);
    expect(onTmpfs.status).toBe(2);
    expect(onTmpfs.stderr).toMatch(/is tmpfs .*the vault must be on the disk/);
    const sameDisk = bench(['--dir', dir, '--source-dir', dir]);
    expect(sameDisk.status).toBe(2);
    expect(sameDisk.stderr).toMatch(/same file system/);
    // A symlink to the vault's disk is the same file system.
    fs.symlinkSync(dir, path.join(shm, 'link'));
    expect(bench(['--dir', dir, '--source-dir', path.join(shm, 'link')]).stderr).toMatch(/same file system/);
    expect(bench(['--dir', dir, '--source-dir', shm, '--photo', '5']).stderr).toMatch(/Unknown option '--photo'/);
    expect(bench(['--dir', dir, '--source-dir', shm, '--rounds', '0']).stderr).toMatch(/--rounds must be a positive whole number/);
    expect(bench(['--dir', dir, '--source-dir', shm, '--settle-seconds', 'soon']).stderr).toMatch(/--settle-seconds must be a number of seconds, 0 or more, not "soon"/);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(fs.readdirSync(shm)).toEqual(['link']);
  });

  it('compares ingest of photos with cp + sync + openssl in paired rounds, every figure in --json, nothing left behind', () => {
    const dir = freshDir(os.tmpdir());
    const shm = freshDir('/dev/shm');
    const r = bench(['--dir', dir, '--source-dir', shm, '--cases', 'photos', '--photos', '6', '--rounds', '2', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.machine).toMatchObject({ dir, sourceDir: shm, sourceFs: 'tmpfs' });
    expect(out.photos.files).toBe(6);
    expect(out.photos.bytes).toBeGreaterThan(6 * 100_000);
    expect(out.photos.rounds.map((x: { first: string }) => x.first)).toEqual(['plain', 'ingest']);
    for (const round of out.photos.rounds) {
      for (const c of [round.plain.cp, round.plain.sync, round.plain.dgst, round.plain.total, round.ingest]) {
        expect(c.wall).toBeGreaterThan(0);
        expect(c.user).toBeGreaterThanOrEqual(0);
        expect(c.sys).toBeGreaterThanOrEqual(0);
      }
      expect(round.plain.total.wall).toBeCloseTo(round.plain.cp.wall + round.plain.sync.wall + round.plain.dgst.wall, 6);
      // node and the ingest's own work cost CPU: a zero here would mean the times were not read.
      expect(round.ingest.user + round.ingest.sys).toBeGreaterThan(0.1);
      // Timed rounds are not sampled for memory (bench-run.ts): the peak is from a run of its own.
      expect(round.ingest).not.toHaveProperty('peakRssMiB');
      expect(round.ratio).toBeCloseTo(round.ingest.wall / round.plain.total.wall, 6);
    }
    expect(out.photos.ingestPeakRssMiB).toBeGreaterThan(20);
    expect(out.large).toBeUndefined();
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(fs.readdirSync(shm)).toEqual([]);
  }, BENCH_CASE_MS);
  it('measures docks in one dock service against cp + sync: every figure in --json, the mounts gone, nothing left behind', () => {
    const dir = freshDir(os.tmpdir());
    const shm = freshDir('/dev/shm');
    const r = bench(['--dir', dir, '--source-dir', shm, '--cases', 'docks', '--docks', '3', '--dock-mib', '2', '--rounds', '1', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const d = JSON.parse(r.stdout).docks;
    expect(d).toMatchObject({ docks: 3, files: 3 });
    const [round] = d.rounds;
    // The daemon's own CPU time from /proc and its peak (a round of its own): zero would mean they were not read.
    expect(round.daemon.user + round.daemon.sys).toBeGreaterThan(0);
    expect(round.daemon.peak).toBeUndefined();
    expect(d.daemonPeakRssMiB).toBeGreaterThan(20);
    expect(round.daemon.dockSeconds).toHaveLength(3);
    expect(round.daemon.detectSeconds).toBeGreaterThanOrEqual(0);
    expect(round.copySyncRatio).toBeCloseTo(round.daemon.wall / (round.plain.cp.wall + round.plain.sync.wall), 6);
    expect(d.shareOfCopySync).toBeCloseTo(1 / d.median.copySyncRatio, 6);
    expect(fs.readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(dir);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(fs.readdirSync(shm)).toEqual([]);
  }, BENCH_CASE_MS);

  it('compares ingest of 4 KB snapshots (--small-files, case tiny) in paired rounds, every figure in --json and the report', () => {
    const dir = freshDir(os.tmpdir());
    const shm = freshDir('/dev/shm');
    expect(bench(['--dir', dir, '--source-dir', shm, '--small-files', '0']).stderr).toMatch(/--small-files must be a positive whole number/);
    const r = bench(['--dir', dir, '--source-dir', shm, '--cases', 'tiny', '--small-files', '9', '--rounds', '1']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/tiny files \(4 KB snapshots\): 9 files, 0 MiB; medians of 1 paired rounds/);
    expect(r.stdout).toMatch(/ratio ingest \/ plain = [\d.]+ .* target: ingest \/ plain <= 3/);
    const j = bench(['--dir', dir, '--source-dir', shm, '--cases', 'tiny', '--small-files', '9', '--rounds', '1', '--json']);
    expect(j.status, j.stderr).toBe(0);
    const out = JSON.parse(j.stdout);
    expect(out.options.smallFiles).toBe(9);
    expect(out.tiny.files).toBe(9);
    // About 4 KB each.
    expect(out.tiny.bytes / 9).toBeGreaterThan(2500);
    expect(out.tiny.bytes / 9).toBeLessThan(5500);
    expect(out.tiny.rounds[0].ingest.user + out.tiny.rounds[0].ingest.sys).toBeGreaterThan(0.1);
    expect(out.photos).toBeUndefined();
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(fs.readdirSync(shm)).toEqual([]);
  }, BENCH_CASE_MS);
  it('bench:replication and bench:inspection: --help with an example; a typo, a bad number or a missing --dir refused (exit 2) before anything is made', () => {
    for (const [script, count] of [['bench-replication.js', '--files'], ['bench-inspection.js', '--rows']] as const) {
      const run = (...args: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'dist/scripts', script), ...args], { encoding: 'utf8' });
      const help = run('--help');
      expect(help.status, help.stderr).toBe(0);
      expect(help.stdout).toMatch(/^example: npm run bench:(replication|inspection) -- /m);
      const dir = freshDir(os.tmpdir());
      for (const [args, said] of [
        [['--rounds3', '--dir', dir], /Unknown option '--rounds3'/],
        [[count, 'x', '--dir', dir], /must be a positive whole number, not "x"/],
        [['--dir', path.join(dir, 'nope')], /no such directory/],
      ] as const) {
        const r = run(...args);
        expect(r.status, `${script} ${args.join(' ')}: ${r.stderr}`).toBe(2);
        expect(r.stderr).toMatch(said);
        expect(r.stderr).not.toMatch(/\n\s+at /);
        expect(fs.readdirSync(dir)).toEqual([]);
      }
    }
  });

  it('compares export of a quarter with cp -r + sha256sum, the set forgotten between rounds, every figure in --json, nothing left behind', () => {
    const dir = freshDir(os.tmpdir());
    const shm = freshDir('/dev/shm');
    // Two rounds at least: the second exports the same quarter again once the first set is forgotten
    // (every table of an archive set's, or the catalogue's foreign keys refuse it).
    const r = bench(['--dir', dir, '--source-dir', shm, '--cases', 'export', '--export-mib', '16', '--rounds', '1', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const e = JSON.parse(r.stdout).export;
    expect(e).toMatchObject({ files: 16, bytes: 16 * 1024 * 1024 });
    expect(e.baselineSeconds).toBeGreaterThan(0);
    expect(e.exportSeconds).toBeGreaterThan(0);
    expect(e.ratio).toBeCloseTo(e.exportSeconds / e.baselineSeconds, 6);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(fs.readdirSync(shm)).toEqual([]);
  }, BENCH_CASE_MS);

  it('indexes stations\' objects from a real store, reports on rows put into PostgreSQL, every figure in --json, nothing left behind', () => {
    const dir = freshDir(os.tmpdir());
    const shm = freshDir('/dev/shm');
    const r = bench(['--dir', dir, '--source-dir', shm, '--cases', 'central', '--central-objects', '40', '--central-rows', '3000', '--central-stations', '2', '--rounds', '1', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const c = JSON.parse(r.stdout).central;
    expect(c).toMatchObject({ stations: 2, objects: 40, reportRows: 3000 });
    // 2 descriptors, each station's digest (its 20 recordings' metadata) and its trail in daily segments
    // (20 entries: 20 segments); the 40 metadata objects come from the digests, none read one by one.
    expect(c.index.objectsRead).toBe(44);
    expect(c.index).toMatchObject({ recordingsRead: 40, recordingsFromDigests: 40 });
    expect(c.reindex.objectsRead).toBe(0);
    expect(c.reindex.recordingsRead).toBe(0);
    expect(c.index.user + c.index.sys).toBeGreaterThan(0.1);
    expect(c.index.storeCpu).toBeGreaterThan(0);
    expect(c.millionMinutes).toBeCloseTo(1_000_000 / c.index.recordingsPerSecond / 60, 6);
    expect(c.report).toHaveLength(3);
    expect(c.reportMedian).toBeGreaterThan(0);
    expect(c.searchMedian).toBeGreaterThan(0);
    expect(fs.readdirSync(dir)).toEqual([]);
    expect(fs.readdirSync(shm)).toEqual([]);
  }, BENCH_CASE_MS);
});
