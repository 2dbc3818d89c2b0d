/**
 * Where a recording was made, as FFmpeg's MOV demuxer reads it from the movie's user data (`udta`).
 * Part of iso-media.ts's reading: anything not read exactly as FFmpeg does throws Unusual.
 */
import { children, fourcc, only, unusual, type Box } from './iso-boxes.js';

/**
 * User data FFmpeg reads as a tag (mov_read_udta_string) none of which is a location or a time: any
 * `©` string but `©xyz`, and the 3GPP strings. Any other box there may be one its general box table
 * parses (a movie header, a track, cover art …) and changes the facts: left to ffprobe.
 */
const PLAIN_STRINGS = new Set(['cprt', 'titl', 'auth', 'perf', 'gnre', 'dscp', 'albm', 'yrrc', 'kywd', 'rtng', 'clsf']);
const isString = (type: string) => type.startsWith('\u00a9') || PLAIN_STRINGS.has(type);

/**
 * The location FFmpeg gives the file from the movie's user data, the last of: a QuickTime `©xyz`
 * string (16-bit length, 16-bit language, the text) and a 3GPP `loci` box (an MP4 muxer's), which
 * FFmpeg writes out in the ISO 6709 form of the first; trimmed, and none when empty, as
 * media-probe.ts takes ffprobe's. Text with a control character (ffprobe's output keeps only its first
 * line), not plain ASCII under a Macintosh language code (FFmpeg converts it from Mac Roman) or not
 * UTF-8, a place name that is not plain ASCII, and anything else that could also say where, are left
 * to ffprobe.
 */
export function locationOf(udta: Box[]): string | null {
  let location: string | null = null;
  for (const b of udta) {
    if (b.type === 'meta') plainTags(b);
    else if (b.type === 'loci') location = loci(b);
    else if (b.type === '\u00a9xyz') location = xyz(b);
    else if (!isString(b.type)) unusual();
  }
  return location?.trim() || null;
}

function xyz(b: Box): string {
  if (b.view.byteLength < 4) unusual();
  const length = b.view.getUint16(0);
  const language = b.view.getUint16(2);
  if (length > b.view.byteLength - 4) unusual();
  let text = b.body.subarray(4, 4 + length);
  const nul = text.indexOf(0);
  if (nul >= 0) text = text.subarray(0, nul);
  if (text.some((c) => c < 0x20 || c === 0x7f)) unusual();
  const macRoman = language < 0x400 || language === 0x7fff;
  if (macRoman && text.some((c) => c >= 0x80)) unusual();
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(text);
  } catch {
    return unusual();
  }
}

/**
 * FFmpeg's mov_metadata_loci: version and flags, language, the place's name (ended by a zero), its
 * role, then longitude, latitude and altitude in 16.16 fixed point, written as
 * `%+08.4f%+09.4f` (latitude, longitude), `%+f` (altitude, unless 0) and `/place`.
 */
function loci(b: Box): string {
  const body = b.body;
  const end = body.indexOf(0, 6);
  if (end < 0 || end - 6 >= 100) unusual();
  const place = body.subarray(6, end);
  if (place.some((c) => c < 0x20 || c >= 0x7f)) unusual();
  const at = end + 2;
  if (body.length < at + 12) unusual();
  // FFmpeg divides by a float: a value of 256 or more loses its lowest bits first.
  const [longitude, latitude, altitude] = [0, 4, 8].map((k) => Math.fround(b.view.getInt32(at + k)));
  let text = `${fixed(latitude!, 4, 8)}${fixed(longitude!, 4, 9)}`;
  if (altitude) text += fixed(altitude, 6, 0);
  return `${text}/${String.fromCharCode(...place)}`;
}

/**
 * printf("%+0<width>.<decimals>f") of `units`/65536, exactly as glibc rounds it (to the nearest,
 * an exact half to even): from the integer, as the binary value has an exact decimal form.
 */
function fixed(units: number, decimals: number, width: number): string {
  const scale = 10n ** BigInt(decimals);
  const n = BigInt(Math.abs(units)) * scale;
  let q = n / 65536n;
  const r = n % 65536n;
  if (r * 2n > 65536n || (r * 2n === 65536n && q % 2n === 1n)) q += 1n;
  const digits = q.toString().padStart(decimals + 1, '0');
  const number = `${digits.slice(0, -decimals)}.${digits.slice(-decimals)}`;
  return `${units < 0 ? '-' : '+'}${number.padStart(width - 1, '0')}`;
}

/**
 * The iTunes-style tags an MP4 muxer writes in the user data (`meta` holding `hdlr` "mdir" and an
 * `ilst` of `©` strings: the encoder's name, a title …): none of them is a fact the catalogue keeps,
 * unless it is a location (`©xyz`). Any other item (cover art, which FFmpeg turns into a picture
 * stream; free-form `----` items, which may be named "location" or "creation_time") and keyed tags
 * (`keys`, Apple's location among them) are left to ffprobe.
 */
function plainTags(meta: Box): void {
  // A full box (version and flags first) in MP4; QuickTime's has none.
  const boxes = children(fourcc(meta.body, 4) === 'hdlr' ? meta.body : meta.body.subarray(4));
  const hdlr = only(boxes, 'hdlr');
  if (hdlr.view.byteLength < 12 || fourcc(hdlr.body, 8) !== 'mdir' || boxes.some((b) => b.type === 'keys')) unusual();
  for (const list of boxes.filter((b) => b.type === 'ilst')) {
    if (children(list.body).some((item) => item.type === '\u00a9xyz' || !item.type.startsWith('\u00a9'))) unusual();
  }
}
