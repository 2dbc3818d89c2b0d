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

  it('runs at most two ffprobe processes at once, and every probe waiting gets its turn', async () => {
    const fifos = [0, 1, 2, 3].map((k) => path.join(dir, `queue-${k}.mp4`));
    for (const f of fifos) execFileSync('mkfifo', [f]);
    const probe = new FfprobeMediaProbe(20);
    let done = 0;
    const results = Promise.all(fifos.map((f) => probe.probe(f).finally(() => done++)));
    const children = () =>
      fs.readdirSync('/proc/self/task').flatMap((t) => fs.readFileSync(`/proc/self/task/${t}/children`, 'utf8').split(' ').filter(Boolean));
    while (done < fifos.length) {
      // ffprobe blocks opening a FIFO until a writer comes: a FIFO with a reader is a probe running.
      // Each is given a few bytes that are no video and closed: that probe fails and ends.
      let reading = 0;
      for (const f of fifos) {
        let fd: number;
        try {
          fd = fs.openSync(f, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
        } catch {
          continue; // ENXIO: no reader
        }
        reading++;
        try {
          fs.writeSync(fd, 'not a video');
        } catch {
          // the reader went meanwhile
        }
        fs.closeSync(fd);
      }
      expect(reading).toBeLessThanOrEqual(2);
      expect(children().length).toBeLessThanOrEqual(2);
      await new Promise((r) => setTimeout(r, 10));
    }
    const r = await results;
    expect(r.map((x) => x.ok)).toEqual([false, false, false, false]);
  });
});
