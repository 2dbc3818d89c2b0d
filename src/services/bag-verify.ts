/**
 * Check a BagIt bag on its own, with nothing but the bag: bagit.txt, Payload-Oxum, every manifest line
 * and the tag manifest. Findings are values naming the exact file; all are collected, none stops the check.
 */
import path from 'node:path';
import {
  BAG_INFO,
  BAGIT,
  bagInfoValue,
  MANIFEST,
  parseBagInfo,
  parseManifest,
  parseOxum,
  PARTIAL_SUFFIX,
  PAYLOAD_DIR,
  TAG_MANIFEST,
} from '../core/bagit.js';
import { errorCode, errorMessage } from '../core/errors.js';
import type { HashResult } from '../adapters/durable-file.js';
import type { BagDisk } from '../adapters/bag-disk.js';
import type { Progress } from '../core/progress.js';
import { checkDetailMessages as d } from '../core/i18n/check-detail-messages.js';
import { withDetail } from '../core/i18n/detail-said.js';

export type BagProblemKind =
  | 'not-a-bag' // no bagit.txt, or no payload manifest
  | 'unfinished' // a .partial folder: an export that has not completed
  | 'corrupted' // a payload file whose SHA-256 is not the manifest's
  | 'missing' // listed in the manifest, not in the bag
  | 'extra' // in data/, not in the manifest
  | 'oxum-mismatch' // Payload-Oxum disagrees with the payload on disk
  | 'tag-corrupted' // a tag file whose SHA-256 is not the tag manifest's
  | 'tag-missing' // listed in the tag manifest, not in the bag
  | 'malformed' // a manifest line or bag-info value that cannot be read
  | 'unreadable';

export interface BagProblem {
  kind: BagProblemKind;
  /** Relative to the bag root; '' for the bag as a whole. */
  path: string;
  detail?: string;
}

export interface BagReport {
  bag: string;
  ok: boolean;
  /** External-Identifier and Bag-Group-Identifier from bag-info.txt. */
  quarter: string | null;
  setId: string | null;
  files: number;
  bytes: number;
  problems: BagProblem[];
}

/** The hashing seam: the file workers in the service, anything with the same shape in a script. */
export interface Hasher {
  readonly size: number;
  hash(file: string): Promise<HashResult>;
}

const abs = (bag: string, rel: string) => path.join(bag, ...rel.split('/'));

/** What verifying a bag needs: a hasher for the files, and the bag's folder read without following links. */
export interface BagTools {
  hasher: Hasher;
  disk: BagDisk;
}

export async function verifyBag(bag: string, tools: BagTools, progress?: Progress): Promise<BagReport> {
  const { hasher, disk } = tools;
  const problems: BagProblem[] = [];
  const report = (quarter: string | null, setId: string | null, files: number, bytes: number): BagReport => {
    problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.kind < b.kind ? -1 : 1));
    return { bag, ok: problems.length === 0, quarter, setId, files, bytes, problems };
  };
  if (bag.endsWith(PARTIAL_SUFFIX)) {
    problems.push(withDetail({ kind: 'unfinished', path: '' }, d.bagUnfinished));
  }
  const bagit = await disk.readText(path.join(bag, BAGIT));
  const manifestText = await disk.readText(path.join(bag, MANIFEST));
  if (bagit === null || !/^BagIt-Version:\s*\d+\.\d+/m.test(bagit)) problems.push(withDetail({ kind: 'not-a-bag', path: BAGIT }, d.noBagit));
  if (manifestText === null) problems.push(withDetail({ kind: 'not-a-bag', path: MANIFEST }, d.noManifest));
  const infoText = (await disk.readText(path.join(bag, BAG_INFO))) ?? '';
  const info = parseBagInfo(infoText);
  const quarter = bagInfoValue(info, 'External-Identifier') ?? null;
  const setId = bagInfoValue(info, 'Bag-Group-Identifier') ?? null;
  if (manifestText === null) return report(quarter, setId, 0, 0);

  const manifest = parseManifest(manifestText);
  for (const e of manifest.errors) problems.push(withDetail({ kind: 'malformed', path: MANIFEST }, d.badManifestLine, { line: e.line }));
  let onDisk: string[] = [];
  try {
    onDisk = await disk.walk(bag, PAYLOAD_DIR);
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
  }
  const listed = new Set(manifest.lines.map((l) => l.path));
  for (const rel of onDisk) if (!listed.has(rel)) problems.push(withDetail({ kind: 'extra', path: rel }, d.notInManifest));

  // Payload-Oxum is checked against what is on disk, as RFC 8493 §3 describes it: a cheap first test.
  let diskBytes = 0;
  for (const rel of onDisk) diskBytes += await disk.sizeNoFollow(abs(bag, rel));
  const oxumText = bagInfoValue(info, 'Payload-Oxum');
  if (oxumText !== undefined) {
    const oxum = parseOxum(oxumText);
    if (!oxum) problems.push(withDetail({ kind: 'malformed', path: BAG_INFO }, d.badOxum, { text: oxumText }));
    else if (oxum.bytes !== diskBytes || oxum.files !== onDisk.length) {
      problems.push(withDetail({ kind: 'oxum-mismatch', path: BAG_INFO }, d.oxumMismatch, { saysBytes: oxum.bytes, saysFiles: oxum.files, bytes: diskBytes, count: onDisk.length }));
    }
  }

  const present = new Set(onDisk);
  const toHash = manifest.lines.filter((l) => {
    if (present.has(l.path)) return true;
    problems.push(withDetail({ kind: 'missing', path: l.path }, d.notInBag));
    return false;
  });
  progress?.start(toHash.length, diskBytes);
  let next = 0;
  let bytes = 0;
  const lane = async () => {
    while (next < toHash.length) {
      const line = toHash[next++]!;
      try {
        const got = await hasher.hash(abs(bag, line.path));
        bytes += got.size;
        if (got.sha256 !== line.sha256) problems.push(withDetail({ kind: 'corrupted', path: line.path }, d.hashDiffers, { got: got.sha256, listed: line.sha256 }));
        progress?.advance(1, got.size);
      } catch (err) {
        problems.push({ kind: 'unreadable', path: line.path, detail: errorMessage(err) });
        progress?.advance(1, 0);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, hasher.size * 2) }, lane));
  } finally {
    progress?.stop();
  }

  const tagText = await disk.readText(path.join(bag, TAG_MANIFEST));
  if (tagText !== null) {
    const tags = parseManifest(tagText);
    for (const e of tags.errors) problems.push(withDetail({ kind: 'malformed', path: TAG_MANIFEST }, d.badManifestLine, { line: e.line }));
    const tagsOnDisk = await disk.tagFiles(bag);
    for (const t of tags.lines) {
      // Only the bag's own regular files are hashed: a listed path elsewhere (or through a link) is missing.
      if (!tagsOnDisk.has(t.path)) {
        problems.push(withDetail({ kind: 'tag-missing', path: t.path }, d.tagNotInBag));
        continue;
      }
      try {
        const got = await hasher.hash(abs(bag, t.path));
        if (got.sha256 !== t.sha256) problems.push(withDetail({ kind: 'tag-corrupted', path: t.path }, d.tagHashDiffers, { got: got.sha256, listed: t.sha256 }));
      } catch (err) {
        problems.push(errorCode(err) === 'ENOENT' ? withDetail({ kind: 'tag-missing' as const, path: t.path }, d.tagNotInBag) : { kind: 'unreadable', path: t.path, detail: errorMessage(err) });
      }
    }
  }
  return report(quarter, setId, manifest.lines.length, bytes);
}

/**
 * A path holding one bag, or a folder holding the bags of a split set. Half-made bags (.partial) are
 * included so that they are reported as unfinished, never passed over or taken for finished ones.
 */
export async function findBags(disk: BagDisk, target: string): Promise<string[]> {
  const isBag = async (dir: string) =>
    dir.endsWith(PARTIAL_SUFFIX) || (await disk.readText(path.join(dir, BAGIT))) !== null || (await disk.readText(path.join(dir, MANIFEST))) !== null;
  if (await isBag(target)) return [target];
  const found: string[] = [];
  for (const name of await disk.subfolders(target)) {
    if (await isBag(path.join(target, name))) found.push(path.join(target, name));
  }
  return found.sort();
}
