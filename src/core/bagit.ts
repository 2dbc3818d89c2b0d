/**
 * BagIt (RFC 8493) text, pure: bagit.txt, manifests, bag-info.txt, Payload-Oxum, and how a set is
 * split into bags. Manifests use two spaces between hash and path so `sha256sum -c` reads them as is.
 */

export const BAGIT_TXT = 'BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n';
export const PAYLOAD_DIR = 'data';
export const MANIFEST = 'manifest-sha256.txt';
export const TAG_MANIFEST = 'tagmanifest-sha256.txt';
export const BAG_INFO = 'bag-info.txt';
export const BAGIT = 'bagit.txt';
/** A bag still being built carries this suffix; only a complete, verified bag loses it. */
export const PARTIAL_SUFFIX = '.partial';

export interface ManifestLine {
  sha256: string;
  /** Relative to the bag root, forward slashes, e.g. data/现场执法记录仪影像资料/2026/07/01/… */
  path: string;
}

/** RFC 8493 §2.1.3: CR, LF and % in a path are percent-encoded. */
export function encodeManifestPath(p: string): string {
  return p.replace(/%/g, '%25').replace(/\n/g, '%0A').replace(/\r/g, '%0D');
}

export function decodeManifestPath(p: string): string {
  return p.replace(/%0A/gi, '\n').replace(/%0D/gi, '\r').replace(/%25/g, '%');
}

/** Manifest text, lines sorted by path so the same bag always yields the same manifest hash. */
export function manifestText(lines: readonly ManifestLine[]): string {
  return [...lines]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((l) => `${l.sha256}  ${encodeManifestPath(l.path)}\n`)
    .join('');
}

export type ManifestParse = { lines: ManifestLine[]; errors: { line: number; text: string }[] };

/** Lenient on whitespace (the RFC allows one or more), strict on the hash. */
export function parseManifest(text: string): ManifestParse {
  const lines: ManifestLine[] = [];
  const errors: { line: number; text: string }[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    const m = /^([0-9a-fA-F]{64})[ \t]+\*?(.+)$/.exec(line);
    if (!m) errors.push({ line: i + 1, text: line });
    else lines.push({ sha256: m[1]!.toLowerCase(), path: decodeManifestPath(m[2]!) });
  });
  return { lines, errors };
}

/** Payload-Oxum: octet count "." stream count. */
export function payloadOxum(bytes: number, files: number): string {
  return `${bytes}.${files}`;
}

export function parseOxum(text: string): { bytes: number; files: number } | null {
  const m = /^(\d+)\.(\d+)$/.exec(text.trim());
  return m ? { bytes: Number(m[1]), files: Number(m[2]) } : null;
}

export type BagInfo = [label: string, value: string][];

export function bagInfoText(info: BagInfo): string {
  return info
    .map(([label, value]) => {
      if (/[:\n\r]/.test(label)) throw new Error(`bag-info label "${label}" holds a colon or a line break`);
      return `${label}: ${value.replace(/\r?\n/g, ' ')}\n`;
    })
    .join('');
}

/** Labels may repeat; continuation lines (leading whitespace) join the value before them. */
export function parseBagInfo(text: string): BagInfo {
  const out: BagInfo = [];
  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line === '') continue;
    if (/^[ \t]/.test(line) && out.length) {
      out[out.length - 1]![1] += ` ${line.trim()}`;
      continue;
    }
    const i = line.indexOf(':');
    if (i > 0) out.push([line.slice(0, i).trim(), line.slice(i + 1).trim()]);
  }
  return out;
}

export function bagInfoValue(info: BagInfo, label: string): string | undefined {
  return info.find(([l]) => l.toLowerCase() === label.toLowerCase())?.[1];
}

/** Bag-Count: "1 of 3". */
export function bagCount(index: number, count: number): string {
  return `${index} of ${count}`;
}

/** The folder name of bag `index` (1-based) of a set: the set id alone when the set is one bag. */
export function bagDirName(setId: string, index: number, count: number): string {
  return count === 1 ? setId : `${setId}-bag${index}of${count}`;
}

export interface Sized {
  size: number;
}

export type BagPlan<T> = { ok: true; bags: T[][] } | { ok: false; tooLarge: T };

/**
 * Split items, in the order given, into bags of at most `maxBytes` payload each (contiguous runs, so a
 * bag holds a span of days). No limit → one bag. An item larger than the limit cannot be placed.
 */
export function planBags<T extends Sized>(items: readonly T[], maxBytes?: number): BagPlan<T> {
  if (maxBytes === undefined) return { ok: true, bags: [[...items]] };
  const bags: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const item of items) {
    if (item.size > maxBytes) return { ok: false, tooLarge: item };
    if (current.length && bytes + item.size > maxBytes) {
      bags.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += item.size;
  }
  if (current.length || bags.length === 0) bags.push(current);
  return { ok: true, bags };
}

const UNITS: Record<string, number> = { '': 1, B: 1, K: 1024, M: 1024 ** 2, G: 1024 ** 3, T: 1024 ** 4 };

/** "500M", "4.7G", "1T", "123456" (bytes) → bytes; binary units. Null when unreadable. */
export function parseSize(text: string): number | null {
  const m = /^(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?$/i.exec(text.trim());
  if (!m) return null;
  const n = Math.floor(Number(m[1]) * UNITS[m[2]!.toUpperCase()]!);
  return n > 0 ? n : null;
}
