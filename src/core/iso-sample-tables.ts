/**
 * A track's sample tables, checked before its facts are trusted. FFmpeg refuses, or repairs with a
 * warning, a track whose tables are missing, overrun their box or contradict each other ("missing
 * mandatory atoms", "contradictionary STSC and STCO", "Invalid sample size"), and ffprobe then gives
 * a damaged file its probe-error flag. Reading only the headers would call such a file good, so the
 * tables are checked here, more strictly than FFmpeg does: each exactly once and filled exactly, the
 * sample-to-chunk runs in order, the three sample counts equal, every chunk inside the file. Anything
 * else throws Unusual, and ffprobe gives its verdict.
 */
import { unusual, type Box } from './iso-boxes.js';

/** The one box of a type among a table's boxes, its entry count and its entries' view. */
function table(boxes: Box[], types: string[], headerBytes: number, entryBytes: number): { box: Box; count: number } {
  const found = boxes.filter((b) => types.includes(b.type));
  if (found.length !== 1) unusual();
  const box = found[0]!;
  if (box.view.byteLength < headerBytes || box.view.getUint8(0) !== 0) unusual();
  const count = box.view.getUint32(headerBytes - 4);
  if (entryBytes && box.view.byteLength !== headerBytes + count * entryBytes) unusual();
  return { box, count };
}

export function checkSampleTables(stbl: Box[], fileSize: number): void {
  // Sync samples and composition offsets: optional, but when there, once and filled exactly (FFmpeg
  // refuses a count past its box, "Invalid data found when processing input").
  if (stbl.some((b) => b.type === 'stss')) table(stbl, ['stss'], 8, 4);
  if (stbl.some((b) => b.type === 'ctts')) table(stbl, ['ctts'], 8, 8);
  const stts = table(stbl, ['stts'], 8, 8);
  let timed = 0;
  for (let i = 0; i < stts.count; i++) timed += stts.box.view.getUint32(8 + i * 8);

  const stsz = table(stbl, ['stsz'], 12, 0);
  const fixedSize = stsz.box.view.getUint32(4);
  if (stsz.box.view.byteLength !== 12 + (fixedSize ? 0 : stsz.count * 4)) unusual();
  if (fixedSize >= 0x80000000) unusual();
  const sizeOf = (k: number): number => {
    const size = stsz.box.view.getUint32(12 + k * 4);
    return size >= 0x80000000 ? unusual() : size;
  };

  const wide = stbl.some((b) => b.type === 'co64');
  const chunks = table(stbl, ['stco', 'co64'], 8, wide ? 8 : 4);
  const offsetOf = (c: number): number =>
    wide ? Number(chunks.box.view.getBigUint64(8 + c * 8)) : chunks.box.view.getUint32(8 + c * 4);

  const stsc = table(stbl, ['stsc'], 8, 12);
  let sample = 0;
  for (let i = 0; i < stsc.count; i++) {
    const first = stsc.box.view.getUint32(8 + i * 12);
    const perChunk = stsc.box.view.getUint32(12 + i * 12);
    const description = stsc.box.view.getUint32(16 + i * 12);
    const next = i + 1 < stsc.count ? stsc.box.view.getUint32(20 + i * 12) : chunks.count + 1;
    if ((i === 0 && first !== 1) || next <= first || first > chunks.count || perChunk < 1 || description !== 1) unusual();
    for (let c = first - 1; c < next - 1; c++) {
      if (sample + perChunk > stsz.count) unusual();
      let end = offsetOf(c);
      // One size for all (no entries to bound a loop): the chunk's length is a product.
      if (fixedSize) end += perChunk * fixedSize;
      else for (let k = 0; k < perChunk; k++) end += sizeOf(sample + k);
      sample += perChunk;
      if (end > fileSize) unusual();
    }
  }
  if (stsc.count === 0 && chunks.count !== 0) unusual();
  if (sample !== stsz.count || timed !== stsz.count) unusual();
}
