/**
 * Still pictures are probed in-process: a recorder's day can hold a thousand photos, and an ffprobe
 * process per photo costs about 70 ms of CPU each, far more than storing its bytes. The header is
 * read once; image-size gives the dimensions and exifr the EXIF capture time and GPS position. The
 * result is named as ffprobe names it (image2/mjpeg, png_pipe/png …) so the catalogue, the gap
 * report and the register see no difference. Anything that is not a picture these libraries read
 * cleanly goes to ffprobe, which gives its own verdict (a damaged file gets its probe-error flag there).
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import { PROBE_HEAD_BYTES as HEAD_BYTES, type MediaInfo } from '../core/types.js';
import { instantOf, isRealDate, type WallClock } from '../core/zoned-time.js';
import type { MediaProbe, ProbeResult } from './media-probe.js';

type ExifrOptions = Parameters<(typeof import('exifr'))['default']['parse']>[1];


/** The container and codec names ffprobe gives each still format (core/gaps.ts knows them as stills). */
const AS_FFPROBE: Readonly<Record<string, { format: string; codec: string }>> = {
  jpg: { format: 'image2', codec: 'mjpeg' },
  png: { format: 'png_pipe', codec: 'png' },
  bmp: { format: 'bmp_pipe', codec: 'bmp' },
  webp: { format: 'webp_pipe', codec: 'webp' },
  tiff: { format: 'tiff_pipe', codec: 'tiff' },
};

/** The first bytes of the formats above: only these are read in-process. */
function looksLikeStill(head: Buffer): boolean {
  const at = (hex: string, offset = 0) => head.subarray(offset, offset + hex.length / 2).toString('hex') === hex;
  return at('ffd8ff') || at('89504e470d0a1a0a') || at('424d') || at('49492a00') || at('4d4d002a') || (at('52494646') && at('57454250', 8));
}

export class StillImageFirst implements MediaProbe {
  constructor(
    private readonly fallback: MediaProbe,
    /** EXIF times carry no zone unless OffsetTimeOriginal is set: they are the unit's local time. */
    private readonly timeZone: string,
  ) {}

  get stillZone(): string {
    return this.timeZone;
  }

  async probe(file: string, given?: Uint8Array): Promise<ProbeResult> {
    const head = given ? Buffer.from(given.buffer, given.byteOffset, Math.min(given.byteLength, HEAD_BYTES)) : await readHead(file).catch(() => null);
    const info = head ? await stillInfoOf(head, this.timeZone) : null;
    return info ? { ok: true, info } : this.fallback.probe(file);
  }
}

/**
 * The facts of a still picture from its first bytes, as StillImageFirst gives them; null when they
 * are not a picture these libraries read cleanly (ffprobe then gives the verdict). The file workers
 * call it on the bytes they have just copied, so the service's own thread neither receives a
 * photo's head nor parses it (file-workers.ts).
 */
export async function stillInfoOf(given: Buffer, timeZone: string): Promise<MediaInfo | null> {
  if (!looksLikeStill(given)) return null;
  const head = ownMemory(given);
  const { imageSize } = await imageSizeLib();
  let size: { width: number; height: number; type?: string };
  try {
    size = imageSize(head);
  } catch {
    return null;
  }
  const names = size.type ? AS_FFPROBE[size.type] : undefined;
  if (!names || !size.width || !size.height || !decodable(size.width, size.height)) return null;
  const exif = await readExif(head);
  return {
    durationSeconds: null,
    format: names.format,
    videoCodec: names.codec,
    audioCodec: null,
    width: size.width,
    height: size.height,
    creationTime: exif ? capturedAt(exif, timeZone) : null,
    location: exif ? iso6709(exif.latitude, exif.longitude) : null,
  };
}

/**
 * The head alone in its memory. image-size reads through `new DataView(input.buffer, byteOffset + n)`,
 * bounded by the buffer, not the view: a picture cut short is sized from whatever follows its head
 * there. A head from a worker's reply is a view into the IPC message (the serialized "readBack" key
 * after it became 29285 × 8712), one read by readHead a view into unzeroed memory; only a head that
 * owns its buffer gives every reader (the worker, the service, a file read alone) the same answer.
 */
function ownMemory(head: Buffer): Buffer {
  if (head.byteOffset === 0 && head.buffer.byteLength === head.byteLength) return head;
  // Not Buffer.from(head): a small copy is carved out of Node's shared pool, a view again.
  const copy = new Uint8Array(head.byteLength);
  copy.set(head);
  return Buffer.from(copy.buffer);
}

/** DateTimeOriginal ("2026:03:01 10:15:00") in its own offset when given, else in the unit's zone. */
function capturedAt(exif: ExifFacts, timeZone: string): string | null {
  const m = /^(\d{4}):(\d{2}):(\d{2}) (\d{2}):(\d{2}):(\d{2})/.exec(exif.DateTimeOriginal ?? '');
  if (!m) return null;
  const w: WallClock = { year: +m[1]!, month: +m[2]!, day: +m[3]!, hour: +m[4]!, minute: +m[5]!, second: +m[6]! };
  if (!isRealDate(w)) return null;
  const offset = /^[+-]\d{2}:\d{2}$/.test(exif.OffsetTimeOriginal ?? '') ? exif.OffsetTimeOriginal : null;
  if (offset) return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${offset}`;
  return instantOf(w, timeZone).toISOString();
}

/**
 * FFmpeg's own limit for a picture (av_image_check_size): a header claiming more is damaged or
 * crafted, and ffprobe, not a header parser, gives the verdict (a probe-error flag, or no size).
 */
function decodable(width: number, height: number): boolean {
  return width > 0 && height > 0 && (width + 128) * (height + 128) < 0x7fffffff / 8;
}

interface ExifFacts {
  DateTimeOriginal?: string;
  OffsetTimeOriginal?: string;
  latitude?: number;
  longitude?: number;
}

/**
 * Only the two blocks the facts are in, and only their tags: the EXIF IFD (capture time, offset) and
 * the GPS IFD (position, which exifr turns into latitude/longitude), in one pass over the header.
 * Raw values: exifr would otherwise make a Date in this process's zone, not the unit's.
 */
const EXIF_OPTIONS: ExifrOptions = {
  tiff: true,
  exif: { pick: ['DateTimeOriginal', 'OffsetTimeOriginal'] },
  gps: { pick: ['GPSLatitude', 'GPSLatitudeRef', 'GPSLongitude', 'GPSLongitudeRef'] },
  ifd1: false,
  interop: false,
  makerNote: false,
  userComment: false,
  xmp: false,
  icc: false,
  iptc: false,
  jfif: false,
  ihdr: false,
  reviveValues: false,
  translateValues: false,
  mergeOutput: true,
};

/**
 * Loaded on the first picture (commands that probe nothing start without them), and kept: each
 * `import()` in the bundle copies the module's exports again, which for ten thousand small photos
 * cost more than parsing their headers.
 */
const imageSizeLib = importOnce(() => import('image-size'));
const exifrLib = importOnce(() => import('exifr'));

function importOnce<T>(load: () => Promise<T>): () => Promise<T> {
  let loaded: Promise<T> | undefined;
  return () => (loaded ??= load());
}

async function readExif(head: Buffer): Promise<ExifFacts | null> {
  const { default: exifr } = await exifrLib();
  try {
    const tags = (await exifr.parse(head, EXIF_OPTIONS)) as ExifFacts | undefined;
    return tags ?? null;
  } catch {
    return null; // no or unreadable EXIF: the picture is still a picture
  }
}

/** "+41.1087+122.9946/" as QuickTime writes it, the form the catalogue keeps for videos. */
function iso6709(lat: number | undefined, lon: number | undefined): string | null {
  if (lat === undefined || lon === undefined || !Number.isFinite(lat) || !Number.isFinite(lon)) return null;
  const f = (v: number) => `${v >= 0 ? '+' : '-'}${Math.abs(v).toFixed(4)}`;
  return `${f(lat)}${f(lon)}/`;
}

async function readHead(file: string): Promise<Buffer> {
  const fh = await fsp.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
  try {
    // Not zeroed: only the bytes read are looked at.
    const buf = Buffer.allocUnsafe(HEAD_BYTES);
    const { bytesRead } = await fh.read(buf, 0, HEAD_BYTES, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await fh.close();
  }
}
