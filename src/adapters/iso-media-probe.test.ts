import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FfprobeMediaProbe } from './media-probe.js';
import { counting } from '../../test/support/probe-spy.js';
import { IsoMediaFirst, isoMediaInfo } from './iso-media-probe.js';
import { movieFacts } from '../core/iso-media.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-iso-media-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const PICTURE = ['-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=25'];
const SOUND = ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=8000'];

/** A file made by ffmpeg from a test picture and tone with `args` (codecs, flags, metadata). */
function made(name: string, inputs: string[], args: string[]): string {
  const f = path.join(dir, name);
  execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', ...inputs, ...args, f]);
  return f;
}

/**
 * Each changed file is one the reader leaves to ffprobe, and the change matters to FFmpeg (its
 * answer is not the unchanged file's, `before`): the answer given is ffprobe's own.
 */
async function expectLeftToFfprobe(files: string[], before: unknown): Promise<void> {
  const ffprobe = new FfprobeMediaProbe(20);
  for (const file of files) {
    const theirs = await ffprobe.probe(file);
    expect(theirs, path.basename(file)).not.toEqual(before);
    expect(await isoMediaInfo(file), path.basename(file)).toBeNull();
    expect(await new IsoMediaFirst(ffprobe).probe(file)).toEqual(theirs);
  }
}

describe('MP4 and QuickTime files probed in-process', () => {
  const ffprobe = new FfprobeMediaProbe(20);
  const av = [...PICTURE, ...SOUND];

  it('gives exactly what ffprobe gives for the layouts recorders write, without running it', async () => {
    const files = [
      made('h264-aac.mp4', av, ['-t', '3.3', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-metadata', 'creation_time=2026-11-20T08:00:00Z']),
      made('faststart-location.mp4', av, ['-t', '3.3', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-movflags', '+faststart', '-metadata', 'location=+41.1087+122.9946/']),
      made('hevc-alaw.mov', av, ['-t', '2.5', '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=none', '-tag:v', 'hvc1', '-c:a', 'pcm_alaw']),
      made('hevc-mulaw.mov', av, ['-t', '2.5', '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=none', '-tag:v', 'hvc1', '-c:a', 'pcm_mulaw', '-metadata', 'creation_time=2026-03-01T02:15:30Z', '-metadata', 'location=-33.8688+151.2093+58.000/']),
      made('aac.m4a', SOUND, ['-t', '4', '-c:a', 'aac']),
      made('h264-pcm.mov', av, ['-t', '3', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'pcm_s16le']),
      made('full-hd.mp4', ['-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=30000/1001'], ['-t', '1.7', '-c:v', 'libx264', '-preset', 'ultrafast', '-video_track_timescale', '90000']),
      made('odd-size.mp4', ['-f', 'lavfi', '-i', 'testsrc2=size=1918x1078'], ['-t', '0.5', '-c:v', 'libx264', '-preset', 'ultrafast']),
      made('hevc-1080.mp4', ['-f', 'lavfi', '-i', 'testsrc2=size=1920x1080'], ['-t', '0.4', '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=none', '-tag:v', 'hvc1']),
      made('mp3.mp4', [...PICTURE, '-f', 'lavfi', '-i', 'sine=sample_rate=44100'], ['-t', '2.2', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'libmp3lame']),
    ];
    const spy = counting(ffprobe);
    const probe = new IsoMediaFirst(spy);
    for (const f of files) {
      const ours = await probe.probe(f);
      const theirs = await ffprobe.probe(f);
      expect(theirs.ok, f).toBe(true);
      expect(ours, path.basename(f)).toEqual(theirs);
    }
    expect(spy.seen).toEqual([]);
  }, 240_000); // it makes its files with ffmpeg: a minute and more on a loaded machine

  it('writes a 3GPP location as FFmpeg does: its rounding of halves, a float\u2019s altitude, signs', async () => {
    const f = made('loci.mp4', av, ['-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-metadata', 'location=+10.0000+020.0000/']);
    const bytes = fs.readFileSync(f);
    // The coordinates follow version and flags, language, an empty place name and its role.
    const at = bytes.indexOf('loci') + 4 + 8;
    const cases: [number, number, number][] = [
      [2048, 2048, 0], // 0.03125: an exact half at four decimals, to even
      [-1, -(180 * 65536), -12 * 65536 - 16384], // -0.0000153 keeps its sign; -12.25 m
      [41.1087 * 65536, 122.9946 * 65536, Math.round(8848.86 * 65536)], // above 256 m the float drops bits
      [-(89 * 65536 + 6144), 3 * 65536 + 2048 + 4096, 1],
    ].map((c) => c.map(Math.round) as [number, number, number]);
    for (const [i, [lat, lon, alt]] of cases.entries()) {
      bytes.writeInt32BE(lon, at);
      bytes.writeInt32BE(lat, at + 4);
      bytes.writeInt32BE(alt, at + 8);
      const copy = path.join(dir, `loci-${i}.mp4`);
      fs.writeFileSync(copy, bytes);
      const theirs = await ffprobe.probe(copy);
      expect(theirs.ok && theirs.info.location, `case ${i}`).toMatch(/^[+-]\d{2}\.\d{4}[+-]\d{3}\.\d{4}/);
      expect(await isoMediaInfo(copy), `case ${i}`).toEqual(theirs.ok && theirs.info);
    }
  });

  it('reads the picture size from parameter sets of every shape: scaling matrices, interlace, 4:2:2, 4:4:4, 10 bits, cropped HEVC, temporal layers', async () => {
    const src = (size: string) => ['-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=25`];
    const x264 = ['-t', '0.3', '-c:v', 'libx264', '-preset', 'ultrafast'];
    const x265 = ['-t', '0.3', '-c:v', 'libx265', '-preset', 'ultrafast', '-tag:v', 'hvc1'];
    const files = [
      made('cqm.mp4', src('640x360'), [...x264, '-x264-params', 'cqm=jvt']),
      made('interlaced.mp4', src('1920x1080'), [...x264, '-flags', '+ildct+ilme', '-x264-params', 'interlaced=1']),
      made('422.mp4', src('720x576'), [...x264, '-pix_fmt', 'yuv422p']),
      made('444.mp4', src('642x362'), [...x264, '-pix_fmt', 'yuv444p']),
      made('10bit.mp4', src('1280x720'), [...x264, '-pix_fmt', 'yuv420p10le']),
      made('hevc-odd.mp4', src('1918x1078'), [...x265, '-x265-params', 'log-level=none']),
      made('hevc-layers.mp4', src('1280x720'), [...x265, '-x265-params', 'log-level=none:temporal-layers=1']),
      made('hevc-10bit.mp4', src('1280x720'), [...x265, '-pix_fmt', 'yuv420p10le', '-x265-params', 'log-level=none']),
    ];
    for (const f of files) {
      const theirs = await ffprobe.probe(f);
      expect(theirs.ok, path.basename(f)).toBe(true);
      expect(await isoMediaInfo(f), path.basename(f)).toEqual(theirs.ok && theirs.info);
    }
  });

  it('leaves to ffprobe, which gives the same answer, what it reads only partly: parameter sets in the stream, MJPEG, MPEG-4 video', async () => {
    const files = [
      made('hev1.mov', av, ['-t', '1', '-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', 'log-level=none', '-c:a', 'aac']),
      made('mjpeg.mov', PICTURE, ['-t', '1', '-c:v', 'mjpeg']),
      made('mpeg4.mp4', PICTURE, ['-t', '1', '-c:v', 'mpeg4']),
    ];
    for (const f of files) {
      expect(await isoMediaInfo(f), path.basename(f)).toBeNull();
      expect(await new IsoMediaFirst(ffprobe).probe(f)).toEqual(await ffprobe.probe(f));
    }
  });

  it('gives the picture size the decoder gives, or leaves it to ffprobe when the description says another', async () => {
    const f = made('crop-base.mp4', PICTURE, ['-t', '0.5', '-c:v', 'libx264', '-preset', 'ultrafast']);
    // The stream cropped by 16 columns in its parameter set; the description still says 640.
    const cropped = made('cropped.mp4', ['-i', f], ['-c', 'copy', '-bsf:v', 'h264_metadata=crop_right=16']);
    // The description says half the size; the stream is as it was.
    const halved = path.join(dir, 'halved.mp4');
    const bytes = fs.readFileSync(f);
    const entry = bytes.indexOf('avc1', bytes.indexOf('stsd')) + 4 + 24;
    expect([bytes.readUInt16BE(entry), bytes.readUInt16BE(entry + 2)]).toEqual([640, 360]);
    bytes.writeUInt16BE(320, entry);
    bytes.writeUInt16BE(180, entry + 2);
    fs.writeFileSync(halved, bytes);
    for (const file of [cropped, halved]) {
      const theirs = await ffprobe.probe(file);
      expect(await isoMediaInfo(file), path.basename(file)).toBeNull();
      expect(await new IsoMediaFirst(ffprobe).probe(file)).toEqual(theirs);
    }
    expect((await ffprobe.probe(cropped)).ok && (await ffprobe.probe(cropped))).toMatchObject({ info: { width: 624, height: 360 } });
  });

  it('leaves a location it would not give as ffprobe does (more than one line, only spaces) to ffprobe, and trims one as it does', async () => {
    const twoLines = made('two-lines.mov', PICTURE, ['-t', '0.3', '-c:v', 'libx264', '-preset', 'ultrafast', '-metadata', 'location=+10.0000+020.0000/\nsecond']);
    const spaces = made('spaces.mov', PICTURE, ['-t', '0.3', '-c:v', 'libx264', '-preset', 'ultrafast', '-metadata', 'location= +10.0000+020.0000/ ']);
    const blank = made('blank.mp4', PICTURE, ['-t', '0.3', '-c:v', 'libx264', '-preset', 'ultrafast', '-metadata', 'location= ']);
    expect(await isoMediaInfo(twoLines)).toBeNull();
    for (const f of [twoLines, spaces, blank]) expect(await new IsoMediaFirst(ffprobe).probe(f), path.basename(f)).toEqual(await ffprobe.probe(f));
    expect(await isoMediaInfo(spaces)).toMatchObject({ location: '+10.0000+020.0000/' });
  });

  it('takes the movie header\u2019s duration, as FFmpeg does, not the tracks\u2019', async () => {
    const f = made('edited.mp4', av, ['-t', '3', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac']);
    // The movie header's duration (mvhd, version 0: 16 bytes after its version) made 7.25 s.
    const bytes = fs.readFileSync(f);
    const at = bytes.indexOf('mvhd') + 4;
    const timescale = bytes.readUInt32BE(at + 12);
    bytes.writeUInt32BE(Math.round(7.25 * timescale), at + 16);
    fs.writeFileSync(f, bytes);
    const theirs = await ffprobe.probe(f);
    expect(theirs.ok && theirs.info.durationSeconds).toBe(7.25);
    expect(await isoMediaInfo(f)).toEqual(theirs.ok && theirs.info);
  });

  it('leaves to ffprobe what it does not read exactly: fragments, a cut file, other containers, noise', async () => {
    const fragmented = made('fragmented.mp4', av, ['-t', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-movflags', 'frag_keyframe+empty_moov']);
    const whole = made('to-cut.mp4', av, ['-t', '2', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac']);
    const cut = path.join(dir, 'cut.mp4');
    const bytes = fs.readFileSync(whole);
    fs.writeFileSync(cut, bytes.subarray(0, bytes.length - 100));
    const matroska = made('other.mkv', av, ['-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac']);
    const noise = path.join(dir, 'noise.MP4');
    // Noise from a fixed seed: random bytes pass ffprobe now and then (about one 64 KiB file in 300 reads as H.263).
    fs.writeFileSync(noise, Buffer.concat(Array.from({ length: 2048 }, (_, i) => crypto.createHash('sha256').update(`noise ${i}`).digest())));
    const ftypOnly = path.join(dir, 'ftyp-only.mp4');
    fs.writeFileSync(ftypOnly, bytes.subarray(0, bytes.readUInt32BE(0)));
    for (const f of [fragmented, cut, matroska, noise, ftypOnly]) expect(await isoMediaInfo(f), path.basename(f)).toBeNull();
    const spy = counting(ffprobe);
    const probe = new IsoMediaFirst(spy);
    const verdict = await probe.probe(noise);
    expect(spy.seen).toEqual([noise]);
    expect(verdict.ok).toBe(false);
  });

  it('leaves a codec it has no name for to ffprobe, and a track whose kind and codec disagree', async () => {
    const vp9 = made('vp9.mp4', PICTURE, ['-t', '1', '-c:v', 'libvpx-vp9', '-deadline', 'realtime', '-cpu-used', '8']);
    expect(await isoMediaInfo(vp9)).toBeNull();
    const f = made('retyped.mp4', av, ['-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac']);
    const bytes = fs.readFileSync(f);
    // The audio track's handler made "vide": its mp4a entry no longer fits its kind.
    bytes.write('vide', bytes.indexOf('soun'), 'latin1');
    fs.writeFileSync(f, bytes);
    expect(await isoMediaInfo(f)).toBeNull();
  });

  it('does not follow a link to the file', async () => {
    const f = made('linked-target.mp4', av, ['-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac']);
    const link = path.join(dir, 'link.mp4');
    fs.symlinkSync(f, link);
    await expect(isoMediaInfo(link)).rejects.toThrow(/ELOOP|symbolic/);
  });
});

describe('a damaged or crafted movie box', () => {
  it('never throws: every mutation gives the facts or null (ffprobe then decides)', () => {
    const f = made('to-mutate.mp4', [...PICTURE, ...SOUND], ['-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac', '-movflags', '+faststart', '-metadata', 'location=+10.0000+020.0000/']);
    const bytes = fs.readFileSync(f);
    const start = bytes.indexOf('moov') - 4;
    const moov = bytes.subarray(start + 8, start + bytes.readUInt32BE(start));
    expect(movieFacts(moov, bytes.length)?.videoCodec).toBe('h264');
    // A fixed seed: the same mutations on every run.
    let seed = 15;
    const next = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff);
    const outcomes = new Set<string>();
    for (let i = 0; i < 3000; i++) {
      const copy = Buffer.from(moov);
      for (let k = 0; k <= i % 4; k++) copy[next() % copy.length] = next() & 0xff;
      const facts = movieFacts(copy, bytes.length);
      outcomes.add(facts === null ? 'null' : facts.format!);
    }
    expect([...outcomes].sort()).toEqual(['mov,mp4,m4a,3gp,3g2,mj2', 'null']);
  });
});

describe('damage and crafted boxes the headers alone would not show', () => {
  const ffprobe = new FfprobeMediaProbe(20);
  const base = () => made(`base-${crypto.randomUUID()}.mov`, [...PICTURE, ...SOUND], ['-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac']);
  /** A copy of `file` with `edit` applied to its bytes. */
  const patched = (file: string, name: string, edit: (b: Buffer) => void): string => {
    const bytes = fs.readFileSync(file);
    edit(bytes);
    const out = path.join(dir, name);
    fs.writeFileSync(out, bytes);
    return out;
  };
  const after = (b: Buffer, type: string, from = 0) => b.indexOf(type, from) + 4;

  it('sample tables that overrun or contradict: left to ffprobe, which flags them', async () => {
    const f = base();
    const files = [
      // The sample count of the first stsz far beyond its entries.
      patched(f, 'stsz-count.mov', (b) => b.writeUInt32BE(0xfffffff0, after(b, 'stsz') + 8)),
      // The sample-to-chunk table's first run starting at chunk 100000.
      patched(f, 'stsc-first.mov', (b) => b.writeUInt32BE(100_000, after(b, 'stsc') + 8)),
      // A chunk offset past the end of the file.
      patched(f, 'stco-offset.mov', (b) => b.writeUInt32BE(0x7ffffff0, after(b, 'stco') + 8)),
    ];
    for (const file of files) {
      expect(await isoMediaInfo(file), path.basename(file)).toBeNull();
      expect(await new IsoMediaFirst(ffprobe).probe(file)).toEqual(await ffprobe.probe(file));
    }
  });

  it('a box in the user data FFmpeg would parse as structure, a negative timescale, an AAC configuration it names otherwise: left to ffprobe', async () => {
    const f = base();
    const files = [
      patched(f, 'udta-mvhd.mov', (b) => b.write('mvhd', b.indexOf('\u00a9swr', 0, 'latin1'), 'latin1')),
      patched(f, 'timescale.mov', (b) => b.writeUInt32BE(0x80000000, after(b, 'mvhd') + 12)),
      // The audio specific configuration's object type made 32 (an escape: 31, then 1): "mp3on4" to FFmpeg.
      patched(f, 'aot.mov', (b) => {
        const tag = b.indexOf(Buffer.from([0x05]), b.indexOf(Buffer.from([0x04]), after(b, 'esds') + 4) + 15);
        let config = tag + 1;
        while (b[config]! & 0x80) config++;
        b[config + 1] = 0xf8;
      }),
    ];
    await expectLeftToFfprobe(files, await ffprobe.probe(f));
  });

  it('a movie box of a hundred thousand empty boxes is given up quickly, not walked', async () => {
    const ftyp = fs.readFileSync(base()).subarray(0, 20);
    const empty = Buffer.alloc(100_000 * 8);
    for (let i = 0; i < 100_000; i++) {
      empty.writeUInt32BE(8, i * 8);
      empty.write('free', i * 8 + 4, 'latin1');
    }
    const moov = Buffer.alloc(8);
    moov.writeUInt32BE(8 + empty.length);
    moov.write('moov', 4, 'latin1');
    const head = Buffer.from(ftyp);
    head.writeUInt32BE(20);
    const file = path.join(dir, 'many-boxes.mp4');
    fs.writeFileSync(file, Buffer.concat([head, moov, empty]));
    expect(await isoMediaInfo(file)).toBeNull();
  });
});

describe('boxes FFmpeg acts on wherever they stand', () => {
  const ffprobe = new FfprobeMediaProbe(20);
  /** An H.264 + AAC MP4 as ffmpeg writes it by default: its movie box after the media data, so nothing moves when it grows. */
  const base = () => made(`late-moov-${crypto.randomUUID()}.mp4`, [...PICTURE, ...SOUND], ['-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-c:a', 'aac']);
  const saved = (name: string, bytes: Buffer) => {
    const f = path.join(dir, name);
    fs.writeFileSync(f, bytes);
    return f;
  };

  /** `box` added at the end of the first track, the track's and the movie box's sizes grown to hold it. */
  function intoFirstTrack(file: string, box: Buffer): Buffer {
    const bytes = fs.readFileSync(file);
    const moov = bytes.indexOf('moov') - 4;
    const trak = bytes.indexOf('trak', moov) - 4;
    const end = trak + bytes.readUInt32BE(trak);
    const out = Buffer.concat([bytes.subarray(0, end), box, bytes.subarray(end)]);
    out.writeUInt32BE(out.readUInt32BE(trak) + box.length, trak);
    out.writeUInt32BE(out.readUInt32BE(moov) + box.length, moov);
    return out;
  }

  it('a movie header inside a track, a data reference with no entry, a sync table past its box, a short uuid: left to ffprobe', async () => {
    const f = base();
    const bytes = fs.readFileSync(f);
    const start = bytes.indexOf('mvhd') - 4;
    const mvhd = Buffer.from(bytes.subarray(start, start + bytes.readUInt32BE(start)));
    mvhd.writeUInt32BE(mvhd.readUInt32BE(8 + 12) * 5, 8 + 16); // five seconds
    const dref = Buffer.from(bytes);
    dref.writeUInt32BE(0, dref.indexOf('dref') + 4 + 4);
    const stss = Buffer.from(bytes);
    stss.writeUInt32BE(0xffff, stss.indexOf('stss') + 4 + 4);
    const uuid = Buffer.alloc(8);
    uuid.writeUInt32BE(8);
    uuid.write('uuid', 4, 'latin1');
    const before = await ffprobe.probe(f);
    const files = [
      saved('mvhd-in-trak.mp4', intoFirstTrack(f, mvhd)),
      saved('dref-none.mp4', dref),
      saved('stss-count.mp4', stss),
      saved('short-uuid.mp4', Buffer.concat([bytes, uuid])),
    ];
    await expectLeftToFfprobe(files, before);
  });

  it('an SPS hidden in the PPS list is left to ffprobe; a High SPS marked with a profile FFmpeg reads without chroma fields gets ffprobe\u2019s answer', async () => {
    const f = made(`high-${crypto.randomUUID()}.mp4`, [...PICTURE, ...SOUND], ['-t', '1', '-c:v', 'libx264', '-preset', 'ultrafast', '-profile:v', 'high', '-c:a', 'aac']);
    const bytes = fs.readFileSync(f);
    const avcC = bytes.indexOf('avcC') + 4;
    const spsLength = bytes.readUInt16BE(avcC + 6);
    // The PPS list's first entry made a copy of the SPS's first bytes' type: a second SPS (NAL type 7).
    const ppsAt = avcC + 8 + spsLength + 1;
    const hidden = Buffer.from(bytes);
    hidden[ppsAt + 2] = (hidden[ppsAt + 2]! & 0xe0) | 7;
    // Profile 139 (in the standard, not in FFmpeg 5.1's list of profiles with chroma fields).
    const profile = Buffer.from(bytes);
    profile[avcC + 1] = 139;
    profile[avcC + 8 + 1] = 139;
    const inPps = saved('sps-in-pps.mp4', hidden);
    expect(await isoMediaInfo(inPps)).toBeNull();
    for (const file of [inPps, saved('profile-139.mp4', profile)]) expect(await new IsoMediaFirst(ffprobe).probe(file), path.basename(file)).toEqual(await ffprobe.probe(file));
  });
});
