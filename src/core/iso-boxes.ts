/**
 * Reading ISO base media boxes (MP4, QuickTime): a box is a 32-bit size (1: a 64-bit size follows;
 * 0: to the end), a four-character type, its body. Pure; what is read of them is in iso-media.ts.
 */

/** A box header: its type, its size (the header's included) and the header's size. */
export interface BoxHeader {
  type: string;
  size: number;
  headerSize: number;
}

/**
 * The header of the box at the start of `bytes` (8 or 16 bytes, fewer only at the end of the file),
 * `left` bytes from there to the end of the file or enclosing box; null when it is not a sane box.
 */
export function boxHeader(bytes: Uint8Array, left: number): BoxHeader | null {
  if (bytes.length < 8 || left < 8) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const size32 = view.getUint32(0);
  const type = fourcc(bytes, 4);
  let size = size32;
  let headerSize = 8;
  if (size32 === 1) {
    if (bytes.length < 16) return null;
    size = Number(view.getBigUint64(8));
    headerSize = 16;
  } else if (size32 === 0) size = left;
  if (!Number.isSafeInteger(size) || size < headerSize || size > left) return null;
  return { type, size, headerSize };
}

/** Thrown inside the reader for anything it does not read exactly as FFmpeg does. */
export class Unusual extends Error {}
export const unusual = (): never => {
  throw new Unusual();
};

export interface Box {
  type: string;
  body: Uint8Array;
  view: DataView;
}

export function fourcc(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(bytes[at]!, bytes[at + 1]!, bytes[at + 2]!, bytes[at + 3]!);
}

/**
 * How many more boxes a reading may visit (withBudget): a movie box is a few dozen of them, and one
 * crafted of millions of empty boxes would hold the service's thread for seconds.
 */
let boxesLeft = Infinity;

export function withBudget<T>(boxes: number, fn: () => T): T {
  const before = boxesLeft;
  boxesLeft = boxes;
  try {
    return fn();
  } finally {
    boxesLeft = before;
  }
}

/** The boxes in `bytes`, which they must fill exactly; nested, so a size of 0 ("to the end") is refused as FFmpeg's stsd does. */
export function children(bytes: Uint8Array): Box[] {
  const out: Box[] = [];
  for (let at = 0; at < bytes.length; ) {
    if (--boxesLeft < 0 || bytes.length - at < 8 || (bytes[at]! | bytes[at + 1]! | bytes[at + 2]! | bytes[at + 3]!) === 0) unusual();
    const h = boxHeader(bytes.subarray(at, at + 16), bytes.length - at) ?? unusual();
    const body = bytes.subarray(at + h.headerSize, at + h.size);
    out.push({ type: h.type, body, view: new DataView(body.buffer, body.byteOffset, body.byteLength) });
    at += h.size;
  }
  return out;
}

export const only = (boxes: Box[], type: string): Box => {
  const found = boxes.filter((b) => b.type === type);
  return found.length === 1 ? found[0]! : unusual();
};
