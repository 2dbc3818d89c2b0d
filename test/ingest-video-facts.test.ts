/**
 * A video's facts end to end: a FAT32 recorder (FUSE) holding a whole MP4, one whose sample tables
 * were damaged on the card, and one cut short. The whole one is read in-process and catalogued with
 * exactly the facts ffprobe gives the stored copy; the damaged ones still reach ffprobe, which flags
 * them (`probe-error`), and every one is stored with its source's SHA-256.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FfprobeMediaProbe } from '../src/adapters/media-probe.js';
import { mountRecorder, sha256sum, type Mounted } from './support/fat-volume.js';
import { makeVideo, recorderFileName } from './support/media.js';
import { makeWorkspace, runCli, runJson, type RecordingJson } from './support/cli.js';

const name = (seq: number) => recorderFileName({ device: '0001234', officer: '110101', stamp: `2026051507${String(seq).padStart(2, '0')}00`, seq });

describe('a recorder\u2019s videos, whole and damaged', () => {
  const ws = makeWorkspace();
  const media = path.join(ws.dir, 'media');
  let volume: Mounted;
  let rows: RecordingJson[] = [];

  beforeAll(() => {
    fs.mkdirSync(media);
    const whole = path.join(media, 'whole.mp4');
    makeVideo(whole, 2, { creationTime: '2026-05-14T23:01:00Z' });
    const bytes = fs.readFileSync(whole);
    // The first sample-size table's count far past its entries, as a bad block on the card might leave it.
    const damaged = Buffer.from(bytes);
    damaged.writeUInt32BE(0xfffffff0, damaged.indexOf('stsz') + 4 + 8);
    fs.writeFileSync(path.join(media, 'damaged.mp4'), damaged);
    // Cut short: the recording ended by a power cut before its last bytes were written.
    fs.writeFileSync(path.join(media, 'cut.mp4'), bytes.subarray(0, bytes.length - 4096));
    volume = mountRecorder(path.join(ws.dir, 'rec.img'), path.join(ws.dir, 'mnt'), [
      { path: `DCIM/100MEDIA/${name(1)}`, from: whole },
      { path: `DCIM/100MEDIA/${name(2)}`, from: path.join(media, 'damaged.mp4') },
      { path: `DCIM/100MEDIA/${name(3)}`, from: path.join(media, 'cut.mp4') },
    ]);
    expect(runCli(['--config', ws.config, 'device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8']).status).toBe(0);
    const summary = runJson<{ stored: { files: number }; failed: unknown[] }>(['--config', ws.config, 'ingest', volume.mountPoint, '--device', '0001234']);
    expect(summary).toMatchObject({ stored: { files: 3 }, failed: [] });
    rows = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
  }, 120_000);

  afterAll(() => {
    volume?.unmount();
    ws.cleanup();
  });

  const row = (seq: number) => rows.find((r) => r.originalName === name(seq))!;

  it('catalogues the whole video with exactly the facts ffprobe gives its stored copy', async () => {
    const whole = row(1);
    const theirs = await new FfprobeMediaProbe(30).probe(path.join(ws.vault, whole.vaultPath));
    expect(theirs.ok).toBe(true);
    if (!theirs.ok) return;
    const { durationSeconds, format, videoCodec, audioCodec, width, height } = theirs.info;
    expect(whole).toMatchObject({ durationSeconds, format, videoCodec, audioCodec, width, height, probeError: null });
    // (Its file time on the card is the image's, so it may carry clock-skew; never a probe error.)
    expect(whole.flags).not.toContain('probe-error');
    expect(whole.durationSeconds).toBeGreaterThan(1.5);
  });

  it('flags the damaged and the cut video as ffprobe finds them, and stores both whole', () => {
    for (const seq of [2, 3]) {
      const r = row(seq);
      expect(r.flags, r.originalName).toContain('probe-error');
      expect(r.probeError).toMatch(/^ffprobe: /);
    }
    for (const r of rows) {
      const source = path.join(volume.mountPoint, 'DCIM/100MEDIA', r.originalName);
      expect(sha256sum(path.join(ws.vault, r.vaultPath))).toBe(sha256sum(source));
      expect(r.sha256).toBe(sha256sum(source));
    }
  });
});
