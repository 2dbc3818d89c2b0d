/**
 * Fault injection on real parts: the ingest process killed mid-copy, a crash between placing a copy
 * and cataloguing it, and a vault disk that fills up (a tiny tmpfs).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountRecorder, sha256sum, type Mounted } from './support/fat-volume.js';
import { makeVideo } from './support/media.js';
import { makeWorkspace, runCli, runJson, startCli, type RecordingJson } from './support/cli.js';
import { bytesBelow, filesBelow } from './support/files.js';
import { queryCatalogue } from './support/tamper.js';
import { killWhen, whenReadable } from './support/wait.js';

const FOOTAGE = '现场执法记录仪影像资料';
/** Every regular file under the footage root, relative to the vault. */
const footageFiles = (vault: string): string[] => filesBelow(path.join(vault, FOOTAGE)).map((f) => `${FOOTAGE}/${f}`);
/** Copies in flight (temp files), relative to the staging folder. */
const stagingFiles = (vault: string): string[] => filesBelow(path.join(vault, '.incoming'));

// Each case copies a 48 MiB file through FUSE, some twice: on a loaded machine that can take a while.
describe('ingest under faults', { timeout: 240_000 }, () => {
  const ws = makeWorkspace();
  const media = path.join(ws.dir, 'media');
  let volume: Mounted;
  const names = [
    '0001234_110101_20260515073000_0001.MP4',
    '0001234_110101_20260515080000_0002.MP4',
    '0001234_110101_20260515083000_0003.MP4',
  ];

  beforeAll(() => {
    fs.mkdirSync(media);
    makeVideo(path.join(media, 'small.mp4'), 1);
    makeVideo(path.join(media, 'small2.mp4'), 2);
    // Larger than the full-disk case's 16 MiB disk; the kill catches it part-way whatever its size.
    execFileSync('head', ['-c', String(48 * 1024 * 1024), '/dev/urandom'], { stdio: ['ignore', fs.openSync(path.join(media, 'big.mp4'), 'w'), 'ignore'] });
    volume = mountRecorder(path.join(ws.dir, 'rec.img'), path.join(ws.dir, 'mnt'), [
      { path: `DCIM/100MEDIA/${names[0]}`, from: path.join(media, 'small.mp4') },
      { path: `DCIM/100MEDIA/${names[1]}`, from: path.join(media, 'big.mp4') },
      { path: `DCIM/100MEDIA/${names[2]}`, from: path.join(media, 'small2.mp4') },
    ]);
  });

  afterAll(() => {
    volume?.unmount();
    ws.cleanup();
  });

  it('killed mid-copy: nothing half-stored, and the next run stores everything exactly once', async () => {
    const child = startCli(['--config', ws.config, 'ingest', volume.mountPoint, '--device', '0001234'], {}, { ownGroup: true });
    // Killed while the big file's copy is in flight (more than 8 MiB of it in the staging folder, not
    // catalogued); the small ones stored or not by then, as the machine's speed has it (on a fast one
    // the big copy can end before the small files' group is committed). A kill in the instant between
    // placing a copy and cataloguing it is the next case (adopted).
    const bigCatalogued = () => queryCatalogue<{ n: number }>(ws.catalog, 'SELECT count(*) AS n FROM recordings WHERE original_name = ?', names[1])[0]!.n > 0;
    await killWhen(child, 'the big copy in flight', whenReadable(() => bytesBelow(path.join(ws.vault, '.incoming')) > 8 * 1024 * 1024 && !bigCatalogued()), 120_000);

    // Nothing half-stored: whatever is in the tree is whole, the bytes of one of the recorder's files.
    // A copy linked in the instant before its group's commit has no row yet: the next run adopts it.
    const rows = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
    const sources = new Set(names.map((n) => sha256sum(path.join(volume.mountPoint, 'DCIM/100MEDIA', n))));
    for (const f of footageFiles(ws.vault)) expect(sources.has(sha256sum(path.join(ws.vault, f))), f).toBe(true);
    expect(rows.some((r) => r.originalName === names[1])).toBe(false);

    const again = runJson<{ stored: { files: number }; already: { files: number }; failed: unknown[] }>(['--config', ws.config, 'ingest', volume.mountPoint, '--device', '0001234']);
    expect(again.failed).toEqual([]);
    expect(again.stored.files + again.already.files).toBe(3);
    const after = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
    expect(after.map((r) => r.originalName).sort()).toEqual([...names].sort());
    expect(footageFiles(ws.vault).sort()).toEqual(after.map((r) => r.vaultPath).sort());
    for (const r of after) expect(sha256sum(path.join(ws.vault, r.vaultPath))).toBe(sha256sum(path.join(volume.mountPoint, 'DCIM/100MEDIA', r.originalName)));
    // The dead process's temp file was cleaned up.
    expect(stagingFiles(ws.vault)).toEqual([]);
    // Each read back from the disk before its row: the large file against the XXH3 its copy made, the small ones by their SHA-256.
    const entries = queryCatalogue<{ details: string }>(ws.catalog, "SELECT details FROM audit_log WHERE action = 'ingest.file' AND outcome = 'ok'").map((e) => JSON.parse(e.details) as { originalName: string; readBack: string });
    expect(Object.fromEntries(entries.map((e) => [e.originalName, e.readBack]))).toEqual({ [names[0]!]: 'sha256', [names[1]!]: 'xxh3-64', [names[2]!]: 'sha256' });
  });

  it('a verified copy left uncatalogued by a crash is adopted, not duplicated', () => {
    const ws2 = makeWorkspace();
    try {
      const target = path.join(ws2.vault, '现场执法记录仪影像资料/2026/05/15/0001234', names[0]!);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.copyFileSync(path.join(volume.mountPoint, 'DCIM/100MEDIA', names[0]!), target);
      const s = runJson<{ stored: { files: number }; failed: unknown[] }>(['--config', ws2.config, 'ingest', volume.mountPoint, '--device', '0001234']);
      expect(s.failed).toEqual([]);
      const rows = runJson<RecordingJson[]>(['--config', ws2.config, 'recordings', 'list']);
      const first = rows.find((r) => r.originalName === names[0])!;
      expect(first.vaultPath).toBe(path.relative(ws2.vault, target));
      expect(footageFiles(ws2.vault)).toHaveLength(3);
      expect(fs.statSync(target).mode & 0o222).toBe(0);
    } finally {
      ws2.cleanup();
    }
  });

  it('a different file under a taken name gets a suffix, never an overwrite', () => {
    const ws3 = makeWorkspace();
    try {
      const target = path.join(ws3.vault, '现场执法记录仪影像资料/2026/05/15/0001234', names[0]!);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, 'someone else');
      runJson(['--config', ws3.config, 'ingest', volume.mountPoint, '--device', '0001234']);
      expect(fs.readFileSync(target, 'utf8')).toBe('someone else');
      const rows = runJson<RecordingJson[]>(['--config', ws3.config, 'recordings', 'list']);
      expect(rows.find((r) => r.originalName === names[0])!.vaultPath).toMatch(/0001~2\.MP4$/);
    } finally {
      ws3.cleanup();
    }
  });

  it('a full vault disk: clear error, nothing half-stored, the recorder untouched', () => {
    let small = '';
    // The vault folder is a small disk of its own before init makes the vault there.
    const ws4 = makeWorkspace('ev-', {
      beforeInit: ({ vault }) => {
        small = vault;
        fs.mkdirSync(small);
        execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16m', 'tmpfs', small]);
      },
    });
    try {
      const before = names.map((n) => sha256sum(path.join(volume.mountPoint, 'DCIM/100MEDIA', n)));
      const r = runCli(['--config', ws4.config, 'ingest', volume.mountPoint, '--device', '0001234', '--json']);
      expect(r.status).toBe(1);
      const s = JSON.parse(r.stdout) as { stoppedEarly: string | null; failed: { sourcePath: string; error: string }[]; stored: { files: number } };
      expect(s.stoppedEarly).toMatch(/ENOSPC/);
      expect(s.failed.map((f) => f.sourcePath)).toContain(`DCIM/100MEDIA/${names[1]}`);
      const rows = runJson<RecordingJson[]>(['--config', ws4.config, 'recordings', 'list']);
      expect(rows.some((x) => x.originalName === names[1])).toBe(false);
      expect(footageFiles(ws4.vault).sort()).toEqual(rows.map((x) => x.vaultPath).sort());
      expect(stagingFiles(ws4.vault)).toEqual([]);
      expect(names.map((n) => sha256sum(path.join(volume.mountPoint, 'DCIM/100MEDIA', n)))).toEqual(before);
      const text = runCli(['--config', ws4.config, 'ingest', volume.mountPoint, '--device', '0001234']);
      expect(text.stdout).toMatch(/vault disk cannot take more \(ENOSPC\)/);
      expect(text.stdout).toMatch(/still on the recorder/);
    } finally {
      spawnSync('umount', ['-l', small]);
      ws4.cleanup();
    }
  });
});
