/** Ingest of a real FAT32 recorder volume, mounted with FUSE, checked against sha256sum of the source. */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mountRecorder, sha256sum, type Mounted } from './support/fat-volume.js';
import { makeAudio, makePhoto, makeVideo } from './support/media.js';
import { makeWorkspace, runCli, runJson, type RecordingJson } from './support/cli.js';
import { flipByte } from './support/tamper.js';

describe('ingest of a FAT32 recorder volume', () => {
  const ws = makeWorkspace();
  const media = path.join(ws.dir, 'media');
  let volume: Mounted;

  beforeAll(() => {
    fs.mkdirSync(media);
    makeVideo(path.join(media, 'a.mp4'), 2);
    // Written by the recorder when it ended: its name's time plus its length, 2026-05-15 07:30:02 (no
    // clock-skew). fusefat shows a FAT time one month late (it takes the FAT month 1-12 as 0-11; the
    // kernel's vfat, which real docks use, does not), so the image gets the same moment a month earlier.
    const ended = new Date('2026-04-15T07:30:02+08:00');
    fs.utimesSync(path.join(media, 'a.mp4'), ended, ended);
    makeVideo(path.join(media, 'meta.mp4'), 1, { creationTime: '2026-06-01T01:00:00Z' });
    makeAudio(path.join(media, 'r.wav'));
    makePhoto(path.join(media, 'p.jpg'));
    fs.writeFileSync(path.join(media, 'empty.mp4'), '');
    fs.writeFileSync(path.join(media, 'junk.txt'), 'not footage');
    volume = mountRecorder(path.join(ws.dir, 'rec.img'), path.join(ws.dir, 'mnt'), [
      { path: 'DCIM/100MEDIA/0001234_110101_20260515073000_0001.MP4', from: path.join(media, 'a.mp4') },
      // 23:30 on the 14th UTC is 07:30 on the 15th in Shanghai: the file name time is local.
      { path: 'DCIM/100MEDIA/NOSTAMP.MP4', from: path.join(media, 'meta.mp4') },
      { path: 'RECORD/0001234_110101_20260515080000_0002.WAV', from: path.join(media, 'r.wav') },
      { path: 'PHOTO/0001234_110101_20260515081500_0003.JPG', from: path.join(media, 'p.jpg') },
      { path: 'DCIM/100MEDIA/0001234_110101_20260515090000_0004.MP4', from: path.join(media, 'empty.mp4') },
      { path: 'DCIM/100MEDIA/._0001234_110101_20260515073000_0001.MP4', from: path.join(media, 'r.wav') },
      { path: 'System Volume Information/IndexerVolumeGuid.mp4', from: path.join(media, 'a.mp4') },
      { path: 'MISC/notes.txt', from: path.join(media, 'junk.txt') },
    ]);
    runCli(['--config', ws.config, 'device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8']);
  });

  afterAll(() => {
    volume?.unmount();
    ws.cleanup();
  });

  it('stores every media file once, with the same SHA-256 as the source', () => {
    const summary = runJson<{ stored: { files: number }; already: { files: number }; failed: unknown[]; flagged: { flags: string[] }[] }>([
      '--config', ws.config, 'ingest', volume.mountPoint, '--device', '0001234',
    ]);
    expect(summary.failed).toEqual([]);
    expect(summary.stored.files).toBe(5);
    const rows = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
    expect(rows).toHaveLength(5);
    const sources: Record<string, string> = {
      '0001234_110101_20260515073000_0001.MP4': 'DCIM/100MEDIA/0001234_110101_20260515073000_0001.MP4',
      'NOSTAMP.MP4': 'DCIM/100MEDIA/NOSTAMP.MP4',
      '0001234_110101_20260515080000_0002.WAV': 'RECORD/0001234_110101_20260515080000_0002.WAV',
      '0001234_110101_20260515081500_0003.JPG': 'PHOTO/0001234_110101_20260515081500_0003.JPG',
      '0001234_110101_20260515090000_0004.MP4': 'DCIM/100MEDIA/0001234_110101_20260515090000_0004.MP4',
    };
    for (const r of rows) {
      const source = path.join(volume.mountPoint, sources[r.originalName]!);
      const stored = path.join(ws.vault, r.vaultPath);
      expect(r.sha256).toBe(sha256sum(source));
      expect(sha256sum(stored)).toBe(r.sha256);
      expect(fs.statSync(stored).size).toBe(r.size);
      expect(fs.statSync(stored).mode & 0o222).toBe(0); // read-only
    }
  });

  it('files by local date and recorder, with metadata and its source', () => {
    const rows = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
    const byName = new Map(rows.map((r) => [r.originalName, r]));
    const main = byName.get('0001234_110101_20260515073000_0001.MP4')!;
    expect(main.vaultPath).toBe('现场执法记录仪影像资料/2026/05/15/0001234/0001234_110101_20260515073000_0001.MP4');
    expect(main.startedAt).toBe('2026-05-15T07:30:00+08:00');
    expect(main.startedAtSource).toBe('file-name');
    expect(main.officerId).toBe('110101');
    expect(main.durationSeconds).toBeGreaterThan(1.5);
    expect(main.format).toContain('mp4');
    expect(main.flags).toEqual([]);
    const meta = byName.get('NOSTAMP.MP4')!;
    expect(meta.startedAtSource).toBe('metadata');
    expect(meta.startedAt).toBe('2026-06-01T09:00:00+08:00');
    expect(meta.vaultPath.startsWith('现场执法记录仪影像资料/2026/06/01/0001234/')).toBe(true);
    const empty = byName.get('0001234_110101_20260515090000_0004.MP4')!;
    expect(empty.flags).toContain('probe-error');
    expect(empty.size).toBe(0);
  });

  it('stores nothing twice when run again', () => {
    const again = runJson<{ stored: { files: number }; already: { files: number } }>(['--config', ws.config, 'ingest', volume.mountPoint, '--device', '0001234']);
    expect(again.stored.files).toBe(0);
    expect(again.already.files).toBe(5);
    expect(runJson<unknown[]>(['--config', ws.config, 'recordings', 'list'])).toHaveLength(5);
  });

  it('quarantines files whose recorder cannot be told, and flags an unregistered one', () => {
    const ws2 = makeWorkspace();
    try {
      const s = runJson<{ flagged: { sourcePath: string; vaultPath: string; flags: string[] }[] }>(['--config', ws2.config, 'ingest', volume.mountPoint]);
      const nostamp = s.flagged.find((f) => f.sourcePath.endsWith('NOSTAMP.MP4'))!;
      expect(nostamp.flags).toContain('quarantined');
      expect(nostamp.vaultPath).toContain('/未识别设备-quarantine/');
      const named = s.flagged.find((f) => f.sourcePath.endsWith('_0001.MP4'))!;
      expect(named.flags).toEqual(['unregistered-device']);
      expect(named.vaultPath).toContain('/0001234/');
    } finally {
      ws2.cleanup();
    }
  });

  it('verify names a flipped byte, a missing file and an unexpected one', () => {
    const rows = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
    expect(runCli(['--config', ws.config, 'verify']).status).toBe(0);
    const victim = path.join(ws.vault, rows[0]!.vaultPath);
    flipByte(victim, 100);
    const gone = path.join(ws.vault, rows[1]!.vaultPath);
    fs.chmodSync(gone, 0o644);
    fs.rmSync(gone);
    const stray = path.join(ws.vault, '现场执法记录仪影像资料/2026/05/15/0001234/stray.MP4');
    fs.writeFileSync(stray, 'x');
    const r = runCli(['--config', ws.config, 'verify', '--json']);
    expect(r.status).toBe(1);
    const report = JSON.parse(r.stdout) as { ok: boolean; checked: number; problems: { vaultPath: string; kind: string }[] };
    expect(report.ok).toBe(false);
    expect(report.checked).toBe(5);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ vaultPath: rows[0]!.vaultPath, kind: 'mismatch' }),
        expect.objectContaining({ vaultPath: rows[1]!.vaultPath, kind: 'missing' }),
        expect.objectContaining({ vaultPath: '现场执法记录仪影像资料/2026/05/15/0001234/stray.MP4', kind: 'unexpected' }),
      ]),
    );
    expect(report.problems).toHaveLength(3);
  });
});
