/**
 * A JPEG with an EXIF block, built byte by byte (TIFF little-endian): the capture time a camera
 * writes (DateTimeOriginal, optionally OffsetTimeOriginal) and a GPS position. Tests make the picture
 * with ffmpeg and put this block after its SOI marker, as cameras do.
 */
interface Entry {
  tag: number;
  type: 2 | 4 | 5; // ASCII, LONG, RATIONAL
  count: number;
  /** Inline (≤ 4 bytes) or stored after the IFD. */
  data: Buffer;
}

const ascii = (s: string) => Buffer.from(s + '\0', 'latin1');
const long = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b;
};
const rationals = (values: number[]) => {
  const b = Buffer.alloc(values.length * 8);
  values.forEach((v, i) => {
    b.writeUInt32LE(Math.round(v * 10000), i * 8);
    b.writeUInt32LE(10000, i * 8 + 4);
  });
  return b;
};

/** One IFD at `offset` (from the TIFF header) with its out-of-line values right after it. */
function ifd(entries: Entry[], offset: number): Buffer {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  const tableSize = 2 + sorted.length * 12 + 4;
  const table = Buffer.alloc(tableSize);
  const extra: Buffer[] = [];
  let extraAt = offset + tableSize;
  table.writeUInt16LE(sorted.length, 0);
  sorted.forEach((e, i) => {
    const at = 2 + i * 12;
    table.writeUInt16LE(e.tag, at);
    table.writeUInt16LE(e.type, at + 2);
    table.writeUInt32LE(e.count, at + 4);
    if (e.data.length <= 4) e.data.copy(table, at + 8);
    else {
      table.writeUInt32LE(extraAt, at + 8);
      const padded = e.data.length % 2 ? Buffer.concat([e.data, Buffer.alloc(1)]) : e.data;
      extra.push(padded);
      extraAt += padded.length;
    }
  });
  return Buffer.concat([table, ...extra]);
}

export function withExif(jpeg: Buffer, facts: { dateTimeOriginal?: string; offset?: string; lat?: number; lon?: number }): Buffer {
  const exifEntries: Entry[] = [];
  if (facts.dateTimeOriginal) exifEntries.push({ tag: 0x9003, type: 2, count: 20, data: ascii(facts.dateTimeOriginal) });
  if (facts.offset) exifEntries.push({ tag: 0x9011, type: 2, count: 7, data: ascii(facts.offset) });
  const gpsEntries: Entry[] = [];
  if (facts.lat !== undefined && facts.lon !== undefined) {
    const dms = (v: number) => {
      const a = Math.abs(v);
      const d = Math.floor(a);
      const m = Math.floor((a - d) * 60);
      return [d, m, (a - d - m / 60) * 3600];
    };
    gpsEntries.push({ tag: 1, type: 2, count: 2, data: ascii(facts.lat >= 0 ? 'N' : 'S') });
    gpsEntries.push({ tag: 2, type: 5, count: 3, data: rationals(dms(facts.lat)) });
    gpsEntries.push({ tag: 3, type: 2, count: 2, data: ascii(facts.lon >= 0 ? 'E' : 'W') });
    gpsEntries.push({ tag: 4, type: 5, count: 3, data: rationals(dms(facts.lon)) });
  }
  // IFD0 holds the pointers; its size is fixed by its entry count, so the offsets can be laid out first.
  const ifd0Count = 1 + (gpsEntries.length ? 1 : 0);
  const ifd0Size = 2 + ifd0Count * 12 + 4;
  const exifAt = 8 + ifd0Size;
  const exifIfd = ifd(exifEntries, exifAt);
  const gpsAt = exifAt + exifIfd.length;
  const ifd0Entries: Entry[] = [{ tag: 0x8769, type: 4, count: 1, data: long(exifAt) }];
  if (gpsEntries.length) ifd0Entries.push({ tag: 0x8825, type: 4, count: 1, data: long(gpsAt) });
  const tiff = Buffer.concat([Buffer.from('49492a0008000000', 'hex'), ifd(ifd0Entries, 8), exifIfd, gpsEntries.length ? ifd(gpsEntries, gpsAt) : Buffer.alloc(0)]);
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff]);
  const app1 = Buffer.alloc(4);
  app1.writeUInt16BE(0xffe1, 0);
  app1.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([jpeg.subarray(0, 2), app1, payload, jpeg.subarray(2)]);
}
