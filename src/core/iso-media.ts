/**
 * The facts of an MP4 or QuickTime file (ISO base media) read from its movie box, named exactly as
 * ffprobe names them. A recorder's video used to cost an ffprobe process each, about 0.13 s of CPU
 * spent almost wholly loading FFmpeg's 215 libraries: with eight recorders docked that was more CPU
 * than the hashing. Only the plain, common layout is read here, and only the facts the catalogue
 * keeps; anything else (no `ftyp` first, fragments, a compressed or second movie box, a codec not in
 * the tables below, item metadata, a string that is not plain text …) gives null, and ffprobe
 * decides as before. Pure: the adapter (iso-media-probe.ts) reads the bytes.
 *
 * How FFmpeg's MOV demuxer arrives at each fact, which this follows:
 * - duration: the movie header's (mvhd) duration over its timescale, rounded to microseconds
 *   (av_rescale), which it sets as the file's duration "because the tracks' may be inaccurate";
 * - creation_time: the movie header's, seconds since 1904 (or since 1970 when smaller), as
 *   `YYYY-MM-DDTHH:MM:SS.000000Z`; the video track's media header (mdhd) when the movie's is 0;
 * - codecs: the sample description's four-character code, refined by the MPEG-4 elementary stream
 *   descriptor's object type and AAC configuration for `mp4a`;
 * - width and height: the H.264 or HEVC parameter set's, as its decoder gives them (iso-video-size.ts);
 * - location: the movie's user data, a `©xyz` string or a `loci` box (key "location").
 * Each track's sample tables are checked as well (iso-sample-tables.ts): a damaged file must still
 * reach ffprobe and get its probe-error flag.
 */
import type { MediaInfo } from './types.js';
import { children, fourcc, only, unusual, Unusual, withBudget, type Box } from './iso-boxes.js';
import { locationOf } from './iso-media-location.js';
import { checkSampleTables } from './iso-sample-tables.js';
import { avcSize, hevcSize, type PictureSize } from './iso-video-size.js';

/** The name FFmpeg's MOV demuxer gives every file it reads. */
export const ISO_MEDIA_FORMAT = 'mov,mp4,m4a,3gp,3g2,mj2';

/** Top-level boxes read past (or, for `moov`, read); any other top-level box leaves the file to ffprobe. */
const TOP_LEVEL = new Set(['ftyp', 'moov', 'mdat', 'free', 'skip', 'wide', 'uuid', 'pdin']);

/**
 * Whether a file whose top-level boxes are these (in order, with their sizes) is one this module
 * reads; FFmpeg refuses an `ftyp` without its brand and version, and a `uuid` without its 16-byte id.
 */
export function plainLayout(boxes: readonly { type: string; size: number }[]): boolean {
  const sane = (b: { type: string; size: number }) => TOP_LEVEL.has(b.type) && (b.type !== 'ftyp' || b.size >= 16) && (b.type !== 'uuid' || b.size >= 24);
  return boxes[0]?.type === 'ftyp' && boxes.filter((b) => b.type === 'moov').length === 1 && boxes.every(sane);
}

/**
 * The boxes each container may hold. FFmpeg acts on a box by its type wherever it stands (a movie
 * header inside a track changes the file's duration, a `glbl` in a sample entry replaces its
 * parameter sets, a `wfex` its codec), so a container holding anything but what muxers put there
 * is left to ffprobe.
 */
const HOLDS: Readonly<Record<string, ReadonlySet<string>>> = {
  moov: new Set(['mvhd', 'trak', 'udta', 'iods']),
  trak: new Set(['tkhd', 'edts', 'mdia', 'tref', 'udta']),
  edts: new Set(['elst']),
  tref: new Set(['tmcd', 'hint']),
  mdia: new Set(['mdhd', 'hdlr', 'minf']),
  minf: new Set(['vmhd', 'smhd', 'gmhd', 'nmhd', 'hmhd', 'sthd', 'dinf', 'stbl', 'hdlr']),
  dinf: new Set(['dref']),
  stbl: new Set(['stsd', 'stts', 'stss', 'ctts', 'stsc', 'stsz', 'stco', 'co64', 'sgpd', 'sbgp', 'sdtp', 'cslg', 'stps']),
  avc1: new Set(['avcC', 'pasp', 'btrt', 'colr', 'fiel', 'clap']),
  hvc1: new Set(['hvcC', 'pasp', 'btrt', 'colr', 'fiel', 'clap']),
  mp4a: new Set(['esds', 'wave', 'chan', 'btrt']),
  wave: new Set(['frma', 'mp4a', 'esds', 'chan', '\0\0\0\0']),
  ...Object.fromEntries(['ulaw', 'alaw', 'sowt', 'twos'].map((pcm) => [pcm, new Set(['chan', 'btrt'])])),
  samr: new Set(['damr', 'btrt']),
  sawb: new Set(['damr', 'btrt']),
};

/** The boxes of a container, when it holds only what it may (HOLDS). */
function contents(bytes: Uint8Array, container: string): Box[] {
  const boxes = children(bytes);
  const allowed = HOLDS[container]!;
  return boxes.every((b) => allowed.has(b.type)) ? boxes : unusual();
}

/** A movie box has a few dozen boxes; a crafted one of millions goes to ffprobe before it costs seconds. */
const MAX_BOXES = 20_000;

/** The facts from the movie box's body (without its own header) of a file of `fileSize` bytes; null: leave the file to ffprobe. */
export function movieFacts(moov: Uint8Array, fileSize: number): MediaInfo | null {
  try {
    return withBudget(MAX_BOXES, () => readMovie(moov, fileSize));
  } catch (err) {
    // A length that points outside its box ends in a RangeError from the DataView: unusual too.
    if (err instanceof Unusual || err instanceof RangeError) return null;
    throw err;
  }
}

/** Times and duration of a movie (mvhd) or media (mdhd) header: both start alike. */
function header(box: Box): { created: bigint; timescale: number; duration: bigint } {
  const v = box.view;
  if (v.byteLength < 4) unusual();
  const version = v.getUint8(0);
  if (version === 0 && v.byteLength >= 20) return { created: BigInt(v.getUint32(4)), timescale: v.getUint32(12), duration: BigInt(v.getUint32(16)) };
  if (version === 1 && v.byteLength >= 32) return { created: v.getBigUint64(4), timescale: v.getUint32(20), duration: v.getBigUint64(24) };
  return unusual();
}

function readMovie(moov: Uint8Array, fileSize: number): MediaInfo {
  // Fragments (mvex), a compressed movie (cmov) or item metadata (meta) among them: ffprobe reads those.
  const boxes = contents(moov, 'moov');
  const movie = header(only(boxes, 'mvhd'));
  // No duration or timescale, a timescale FFmpeg reads as negative, or a duration of more than twelve
  // days (no recording; FFmpeg's arithmetic overflows on some): ffprobe works it out, or says what it makes of it.
  if (movie.timescale === 0 || movie.timescale > 0x7fffffff || movie.duration === 0n) unusual();
  const duration = microseconds(movie.duration, movie.timescale);
  if (duration > 2 ** 40) unusual();
  const tracks = boxes.filter((b) => b.type === 'trak').map((t) => readTrack(t, fileSize));
  const video = tracks.find((t) => t.kind === 'video');
  const audio = tracks.find((t) => t.kind === 'audio');
  const udta = boxes.filter((b) => b.type === 'udta');
  if (udta.length > 1) unusual();
  return {
    durationSeconds: duration / 1e6,
    format: ISO_MEDIA_FORMAT,
    videoCodec: video?.codec ?? null,
    audioCodec: audio?.codec ?? null,
    width: video?.width ?? null,
    height: video?.height ?? null,
    creationTime: creationTime(movie.created) ?? (video ? creationTime(video.created) : null),
    location: udta.length ? locationOf(children(udta[0]!.body)) : null,
  };
}

/** av_rescale(duration, 1000000, timescale): rounded to the nearest, halves away from zero. */
function microseconds(duration: bigint, timescale: number): number {
  const ts = BigInt(timescale);
  return Number((duration * 2_000_000n + ts) / (2n * ts));
}

/** FFmpeg's mov_metadata_creation_time: 0 is none; seconds since 1904, or since 1970 when smaller. */
function creationTime(raw: bigint): string | null {
  if (raw === 0n) return null;
  const unix = raw >= 2_082_844_800n ? raw - 2_082_844_800n : raw;
  const date = new Date(Number(unix) * 1000);
  if (Number.isNaN(date.getTime()) || date.getUTCFullYear() > 9999) unusual();
  return `${date.toISOString().slice(0, 19)}.000000Z`;
}

interface Track {
  kind: 'video' | 'audio' | 'other';
  codec?: string;
  width?: number;
  height?: number;
  created: bigint;
}

function readTrack(trak: Box, fileSize: number): Track {
  const track = contents(trak.body, 'trak');
  // A chapter reference (chap) is not among a tref's: FFmpeg would turn its track into a picture or text stream.
  for (const b of track) {
    if (b.type === 'tref') contents(b.body, 'tref');
    if (b.type === 'edts') contents(b.body, 'edts');
    // FFmpeg reads a track's user data as tags too: only strings that say neither where nor when.
    if (b.type === 'udta' && children(b.body).some((t) => !t.type.startsWith('\u00a9') || t.type === '\u00a9xyz')) unusual();
  }
  const mdia = only(track, 'mdia');
  const parts = contents(mdia.body, 'mdia');
  const media = header(only(parts, 'mdhd'));
  const handler = handlerOf(only(parts, 'hdlr'));
  const minf = contents(only(parts, 'minf').body, 'minf');
  // FFmpeg reads the media information's handler too (QuickTime's data handler): it must not say another kind.
  for (const h of minf.filter((b) => b.type === 'hdlr')) if (!['alis', 'url ', handler].includes(handlerOf(h))) unusual();
  checkReferences(only(contents(only(minf, 'dinf').body, 'dinf'), 'dref'));
  const stbl = contents(only(minf, 'stbl').body, 'stbl');
  const stsd = only(stbl, 'stsd');
  if (stsd.view.byteLength < 8 || stsd.view.getUint32(0) !== 0 || stsd.view.getUint32(4) !== 1) unusual();
  const entry = children(stsd.body.subarray(8));
  if (entry.length !== 1) unusual();
  checkSampleTables(stbl, fileSize);
  const sample = entry[0]!;
  const visual = VIDEO[sample.type];
  const sound = AUDIO[sample.type];
  if (handler === 'vide' && visual) return { kind: 'video', codec: visual, ...videoSize(sample, visual), created: media.created };
  if (handler === 'soun' && sound) return { kind: 'audio', codec: audioCodec(sample, sound), created: media.created };
  // FFmpeg takes a stream's kind from its codec's code when it knows it, whatever the handler says:
  // any other track must be one of the few it keeps as data.
  if (!OTHER_TRACKS.has(sample.type) || handler === 'vide' || handler === 'soun') unusual();
  return { kind: 'other', created: media.created };
}

const handlerOf = (hdlr: Box): string => (hdlr.view.byteLength < 12 ? unusual() : fourcc(hdlr.body, 8));

/** The data reference: one entry (`url ` or `alis`, the media in this file), as FFmpeg refuses none or a short one. */
function checkReferences(dref: Box): void {
  if (dref.view.byteLength < 8 || dref.view.getUint32(0) !== 0 || dref.view.getUint32(4) !== 1) unusual();
  const entries = children(dref.body.subarray(8));
  if (entries.length !== 1 || !['url ', 'alis'].includes(entries[0]!.type) || entries[0]!.view.byteLength < 4) unusual();
}

/** Video sample descriptions read here (ff_codec_movvideo_tags), with every parameter set in the description. */
const VIDEO: Readonly<Record<string, string>> = { avc1: 'h264', hvc1: 'hevc' };
/** Audio sample descriptions (ff_codec_movaudio_tags); `mp4a` by its object type, PCM by its sample size. */
const AUDIO: Readonly<Record<string, string>> = { mp4a: 'by-object-type', ulaw: 'pcm_mulaw', alaw: 'pcm_alaw', sowt: 'pcm_s16le', twos: 'pcm_s16be', samr: 'amr_nb', sawb: 'amr_wb' };
/** Tracks FFmpeg keeps as data or subtitles: timecode, timed text, hints. */
const OTHER_TRACKS = new Set(['tmcd', 'tx3g', 'text', 'rtp ']);
/** MPEG-4 object types (ff_mp4_obj_type) of the sound codecs above. */
const OBJECT_TYPES: Readonly<Record<number, string>> = { 0x40: 'aac', 0x66: 'aac', 0x67: 'aac', 0x68: 'aac', 0x69: 'mp3', 0x6b: 'mp3' };

/**
 * A visual sample entry: 8 bytes of sample entry, 16 reserved, then width and height; boxes from byte
 * 78 (`avcC`, `hvcC`). The size is the parameter set's, where the entry says the same (iso-video-size.ts).
 */
function videoSize(sample: Box, codec: string): PictureSize {
  if (sample.view.byteLength < 78) unusual();
  const boxes = contents(sample.body.subarray(78), sample.type);
  const size = codec === 'h264' ? avcSize(only(boxes, 'avcC').body) : hevcSize(only(boxes, 'hvcC').body);
  if (size.width !== sample.view.getUint16(24) || size.height !== sample.view.getUint16(26)) unusual();
  return size;
}

/**
 * A sound sample entry: 8 bytes of sample entry, then the QuickTime sound description (version 0: 20
 * bytes; 1: 36); boxes after it (`esds`, or `wave` holding it). Version 2 keeps its sample size
 * elsewhere: left to ffprobe.
 */
function audioCodec(sample: Box, codec: string): string {
  if (sample.view.byteLength < 28) unusual();
  const version = sample.view.getUint16(8);
  const bits = sample.view.getUint16(18);
  if (version > 1) unusual();
  const boxes = contents(sample.body.subarray(version === 1 ? 44 : 28), sample.type);
  if (codec === 'pcm_s16le' || codec === 'pcm_s16be') return bits === 16 ? codec : unusual();
  if (codec !== 'by-object-type') return codec;
  const wave = boxes.filter((b) => b.type === 'wave');
  if (wave.length > 1) unusual();
  return objectType(wave.length ? contents(wave[0]!.body, 'wave') : boxes);
}

/**
 * The codec an `esds` box's decoder configuration names (OBJECT_TYPES). AAC also needs
 * its audio specific configuration, which FFmpeg reads and may name otherwise (MPEG-4 ALS, layers
 * 1-3 "mp3on4") or refuse: only AAC-LC, alone or under SBR (HE-AAC), at a listed sampling rate with a
 * channel configuration of one to seven, is read here.
 */
function objectType(boxes: Box[]): string {
  const esds = only(boxes, 'esds').body;
  let at = 4;
  const descriptor = (tag: number): number => {
    if (esds[at++] !== tag) unusual();
    // The length: up to four bytes of seven bits each.
    let length = 0;
    for (let i = 0; i < 4; i++) {
      const byte = esds[at++] ?? unusual();
      length = length * 128 + (byte & 0x7f);
      if (!(byte & 0x80)) break;
    }
    return length;
  };
  descriptor(0x03);
  at += 2;
  const flags = esds[at++] ?? unusual();
  if (flags & 0x80) at += 2;
  if (flags & 0x40) at += 1 + (esds[at] ?? unusual());
  if (flags & 0x20) at += 2;
  descriptor(0x04);
  const codec = OBJECT_TYPES[esds[at] ?? unusual()];
  if (!codec) return unusual();
  if (codec !== 'aac') return codec;
  at += 13;
  const length = descriptor(0x05);
  const config = esds.subarray(at, at + length);
  if (config.length < 2 || config.length !== length) unusual();
  // 5 bits object type, 4 bits sampling index, 4 bits channels; SBR (5): its rate, then the core's type.
  const bits = (config[0]! << 24) | (config[1]! << 16) | ((config[2] ?? 0) << 8) | (config[3] ?? 0);
  const field = (from: number, n: number) => (bits >>> (32 - from - n)) & ((1 << n) - 1);
  const plain = field(0, 5) === 2 && field(5, 4) <= 12;
  const sbr = field(0, 5) === 5 && field(5, 4) <= 12 && field(13, 4) <= 12 && field(17, 5) === 2 && config.length >= 3;
  const channels = field(9, 4);
  return (plain || sbr) && channels >= 1 && channels <= 7 ? codec : unusual();
}
