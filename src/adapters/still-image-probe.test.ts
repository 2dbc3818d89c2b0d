import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { withExif } from '../../test/support/exif.js';
import { FfprobeMediaProbe } from './media-probe.js';
import { counting } from '../../test/support/probe-spy.js';
import { StillImageFirst, stillInfoOf } from './still-image-probe.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-still-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function picture(name: string, ext: string): string {
  const f = path.join(dir, `${name}.${ext}`);
  execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=320x240', '-frames:v', '1', f]);
  return f;
}

describe('still pictures probed in-process', () => {
  const ffprobe = new FfprobeMediaProbe(10);

  it('names a JPEG and a PNG as ffprobe does, without running it', async () => {
    const jpg = picture('a', 'jpg');
    const png = picture('b', 'png');
    const spy = counting(ffprobe);
    const probe = new StillImageFirst(spy, 'Asia/Shanghai');
    for (const f of [jpg, png]) {
      const ours = await probe.probe(f);
      const theirs = await ffprobe.probe(f);
      expect(ours.ok && theirs.ok).toBe(true);
      if (!ours.ok || !theirs.ok) continue;
      expect({ format: ours.info.format, codec: ours.info.videoCodec, w: ours.info.width, h: ours.info.height }).toEqual({
        format: theirs.info.format,
        codec: theirs.info.videoCodec,
        w: theirs.info.width,
        h: theirs.info.height,
      });
    }
    expect(spy.seen).toEqual([]);
  });

  it('reads the EXIF capture time in the unit\u2019s zone, or in its own offset, and the GPS position', async () => {
    const plain = fs.readFileSync(picture('c', 'jpg'));
    const local = path.join(dir, 'local.jpg');
    fs.writeFileSync(local, withExif(plain, { dateTimeOriginal: '2026:03:01 10:15:30', lat: 41.1087, lon: 122.9946 }));
    const zoned = path.join(dir, 'zoned.jpg');
    fs.writeFileSync(zoned, withExif(plain, { dateTimeOriginal: '2026:03:01 10:15:30', offset: '+09:00' }));
    const probe = new StillImageFirst(ffprobe, 'Asia/Shanghai');
    const a = await probe.probe(local);
    const b = await probe.probe(zoned);
    expect(a.ok && a.info.creationTime).toBe('2026-03-01T02:15:30.000Z');
    expect(a.ok && a.info.location).toBe('+41.1087+122.9946/');
    expect(b.ok && new Date(b.info.creationTime!).toISOString()).toBe('2026-03-01T01:15:30.000Z');
  });

  it('sends what it cannot read cleanly to ffprobe: a video, a damaged picture, a non-picture', async () => {
    const video = path.join(dir, 'v.mp4');
    execFileSync('ffmpeg', ['-loglevel', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc=size=160x120:duration=1', '-pix_fmt', 'yuv420p', video]);
    const damaged = path.join(dir, 'damaged.jpg');
    fs.writeFileSync(damaged, Buffer.concat([Buffer.from('ffd8ffe0', 'hex'), Buffer.alloc(100, 0xff)]));
    const text = path.join(dir, 'notes.jpg');
    fs.writeFileSync(text, 'not a picture');
    const spy = counting(ffprobe);
    const probe = new StillImageFirst(spy, 'Asia/Shanghai');
    const v = await probe.probe(video);
    expect(v.ok && v.info.videoCodec).toBe('h264');
    // Whatever ffprobe makes of a damaged picture is the verdict, as before.
    expect(await probe.probe(damaged)).toEqual(await ffprobe.probe(damaged));
    expect(await probe.probe(text)).toEqual(await ffprobe.probe(text));
    expect(spy.seen).toEqual([video, damaged, text]);
  });
});

describe('a picture whose first bytes the copy handed over', () => {
  it('is probed from them, without opening the file (here: no file at all)', async () => {
    const jpg = fs.readFileSync(picture('handed', 'jpg'));
    const spy = counting(new FfprobeMediaProbe(10));
    const probe = new StillImageFirst(spy, 'Asia/Shanghai');
    const r = await probe.probe(path.join(dir, 'not-there.jpg'), new Uint8Array(jpg));
    expect(r.ok && { w: r.info.width, h: r.info.height, codec: r.info.videoCodec }).toEqual({ w: 320, h: 240, codec: 'mjpeg' });
    expect(spy.seen).toEqual([]);
  });
});

describe('a head that is a view into a larger buffer', () => {
  /** A JPEG cut right after its SOF0 marker's length and precision: its size is not in the bytes. */
  function cutInsideSof(): Buffer {
    const jpg = fs.readFileSync(picture('cut', 'jpg'));
    const sof = jpg.indexOf(Buffer.from('ffc0', 'hex'));
    return jpg.subarray(0, sof + 5);
  }

  it('is read to its own end only: bytes after it (an IPC message, a pooled or unzeroed buffer) give no picture its size', async () => {
    const cut = cutInsideSof();
    const own = Buffer.from(new Uint8Array(cut).buffer);
    expect(await stillInfoOf(own, 'Asia/Shanghai')).toBeNull();
    // The same bytes followed, in the buffer they sit in, by what a service's IPC message holds next.
    const backing = Buffer.concat([cut, Buffer.from('"\x08readBack', 'latin1'), Buffer.alloc(64, 0x41)]);
    const view = backing.subarray(0, cut.length);
    expect(await stillInfoOf(view, 'Asia/Shanghai')).toBeNull();
    const spy = counting({ probe: async () => ({ ok: false, error: 'ffprobe' }) });
    expect(await new StillImageFirst(spy, 'Asia/Shanghai').probe(path.join(dir, 'cut.jpg'), view)).toEqual({ ok: false, error: 'ffprobe' });
  });
});
