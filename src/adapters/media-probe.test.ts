import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FfprobeMediaProbe } from './media-probe.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-probe-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('ffprobe adapter (real ffprobe)', () => {
  it('reads duration, container, codecs, resolution and creation time', async () => {
    const file = path.join(dir, 'v.mp4');
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=320x240:rate=10', '-f', 'lavfi', '-i', 'sine', '-t', '1.5', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-shortest', '-metadata', 'creation_time=2026-05-14T23:30:00Z', file]);
    const r = await new FfprobeMediaProbe(10).probe(file);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.info.durationSeconds).toBeGreaterThan(1.4);
    expect(r.info.format).toContain('mp4');
    expect(r.info.videoCodec).toBe('h264');
    expect(r.info.audioCodec).toBe('aac');
    expect([r.info.width, r.info.height]).toEqual([320, 240]);
    expect(r.info.creationTime).toMatch(/^2026-05-14T23:30:00/);
  });

  it('reads the GPS location tag where the recorder wrote one', async () => {
    const file = path.join(dir, 'gps.mp4');
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc=size=160x120:rate=10', '-t', '0.5', '-c:v', 'libx264', '-preset', 'ultrafast', '-metadata', 'location=+41.1087+122.9946/', file]);
    const r = await new FfprobeMediaProbe(10).probe(file);
    expect(r.ok && r.info.location).toBe('+41.1087+122.9946/');
    const plain = path.join(dir, 'v.mp4');
    const p = await new FfprobeMediaProbe(10).probe(plain);
    expect(p.ok && p.info.location).toBeNull();
  });

  it('reports a corrupt file as a probe error, not an exception', async () => {
    const file = path.join(dir, 'bad.mp4');
    fs.writeFileSync(file, 'this is not a video');
    const r = await new FfprobeMediaProbe(10).probe(file);
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/^ffprobe: /) });
  });

  it('kills a probe that hangs and says it timed out', async () => {
    const fifo = path.join(dir, 'hang.mp4');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    const r = await new FfprobeMediaProbe(1).probe(fifo);
    expect(r).toEqual({ ok: false, error: 'ffprobe timed out' });
    expect(Date.now() - started).toBeLessThan(8000);
  });
});
