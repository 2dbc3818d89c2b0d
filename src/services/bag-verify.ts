/**
 * Check a BagIt bag on its own, with nothing but the bag: bagit.txt, Payload-Oxum, every manifest line
 * and the tag manifest. Findings are values naming the exact file; all are collected, none stops the check.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
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
import type { Progress } from '../core/progress.js';

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

/**
 * A bag's text file, never through a symlink: a bag may sit in a folder its maker controls, and the
 * verifier runs as the service user, so a link would make it read (and report) the vault's own files.
 */
export async function readText(file: string): Promise<string | null> {
  try {
    const fh = await fsp.open(file, fs.constants.O_RDONLY | fs.constants.O_NOFOLLOW);
    try {
      if (!(await fh.stat()).isFile()) return null;
      return await fh.readFile('utf8');
    } finally {
      await fh.close();
    }
  } catch (err) {
    if (errorCode(err) === 'ENOENT' || errorCode(err) === 'ELOOP') return null;
    throw err;
  }
}

/**
 * Every file under `dir`, as paths relative to `root` with forward slashes. Symlinks are never
 * followed (a linked `dir` itself is not walked); they count as files, and so as extra.
 */
async function walk(root: string, dir: string, out: string[] = []): Promise<string[]> {
  const st = await fsp.lstat(path.join(root, dir));
  if (!st.isDirectory()) return out;
  for (const e of await fsp.readdir(path.join(root, dir), { withFileTypes: true })) {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) await walk(root, rel, out);
    else out.push(rel);
  }
  return out;
}

/** Regular files (not links) directly in the bag and in its tag folders, for the tag manifest. */
async function tagFiles(bag: string): Promise<Set<string>> {
  const found = new Set<string>();
  for (const e of await fsp.readdir(bag, { withFileTypes: true })) {
    if (e.isFile()) found.add(e.name);
    else if (e.isDirectory() && e.name !== PAYLOAD_DIR) for (const rel of await walk(bag, e.name)) found.add(rel);
  }
  return found;
}

const abs = (bag: string, rel: string) => path.join(bag, ...rel.split('/'));

export async function verifyBag(bag: string, hasher: Hasher, progress?: Progress): Promise<BagReport> {
  const problems: BagProblem[] = [];
  const report = (quarter: string | null, setId: string | null, files: number, bytes: number): BagReport => {
    problems.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : a.kind < b.kind ? -1 : 1));
    return { bag, ok: problems.length === 0, quarter, setId, files, bytes, problems };
  };
  if (bag.endsWith(PARTIAL_SUFFIX)) {
    problems.push({ kind: 'unfinished', path: '', detail: 'this is a bag still being built: run the export again to finish it' });
  }
  const bagit = await readText(path.join(bag, BAGIT));
  const manifestText = await readText(path.join(bag, MANIFEST));
  if (bagit === null || !/^BagIt-Version:\s*\d+\.\d+/m.test(bagit)) problems.push({ kind: 'not-a-bag', path: BAGIT, detail: 'bagit.txt is missing or has no BagIt-Version' });
  if (manifestText === null) problems.push({ kind: 'not-a-bag', path: MANIFEST, detail: 'no payload manifest' });
  const infoText = (await readText(path.join(bag, BAG_INFO))) ?? '';
  const info = parseBagInfo(infoText);
  const quarter = bagInfoValue(info, 'External-Identifier') ?? null;
  const setId = bagInfoValue(info, 'Bag-Group-Identifier') ?? null;
  if (manifestText === null) return report(quarter, setId, 0, 0);

  const manifest = parseManifest(manifestText);
  for (const e of manifest.errors) problems.push({ kind: 'malformed', path: MANIFEST, detail: `line ${e.line} is not "<sha256>  <path>"` });
  let onDisk: string[] = [];
  try {
    onDisk = await walk(bag, PAYLOAD_DIR);
  } catch (err) {
    if (errorCode(err) !== 'ENOENT') throw err;
  }
  const listed = new Set(manifest.lines.map((l) => l.path));
  for (const rel of onDisk) if (!listed.has(rel)) problems.push({ kind: 'extra', path: rel, detail: 'in the payload but not in the manifest' });

  // Payload-Oxum is checked against what is on disk, as RFC 8493 §3 describes it: a cheap first test.
  let diskBytes = 0;
  for (const rel of onDisk) diskBytes += (await fsp.lstat(abs(bag, rel))).size;
  const oxumText = bagInfoValue(info, 'Payload-Oxum');
  if (oxumText !== undefined) {
    const oxum = parseOxum(oxumText);
    if (!oxum) problems.push({ kind: 'malformed', path: BAG_INFO, detail: `Payload-Oxum "${oxumText}" is not <bytes>.<files>` });
    else if (oxum.bytes !== diskBytes || oxum.files !== onDisk.length) {
      problems.push({ kind: 'oxum-mismatch', path: BAG_INFO, detail: `Payload-Oxum says ${oxum.bytes} bytes in ${oxum.files} files; the payload has ${diskBytes} bytes in ${onDisk.length} files` });
    }
  }

  const present = new Set(onDisk);
  const toHash = manifest.lines.filter((l) => {
    if (present.has(l.path)) return true;
    problems.push({ kind: 'missing', path: l.path, detail: 'listed in the manifest, not in the bag' });
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
        if (got.sha256 !== line.sha256) problems.push({ kind: 'corrupted', path: line.path, detail: `SHA-256 is ${got.sha256}, the manifest says ${line.sha256}` });
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

  const tagText = await readText(path.join(bag, TAG_MANIFEST));
  if (tagText !== null) {
    const tags = parseManifest(tagText);
    for (const e of tags.errors) problems.push({ kind: 'malformed', path: TAG_MANIFEST, detail: `line ${e.line} is not "<sha256>  <path>"` });
    const tagsOnDisk = await tagFiles(bag);
    for (const t of tags.lines) {
      // Only the bag's own regular files are hashed: a listed path elsewhere (or through a link) is missing.
      if (!tagsOnDisk.has(t.path)) {
        problems.push({ kind: 'tag-missing', path: t.path, detail: 'listed in the tag manifest, not in the bag' });
        continue;
      }
      try {
        const got = await hasher.hash(abs(bag, t.path));
        if (got.sha256 !== t.sha256) problems.push({ kind: 'tag-corrupted', path: t.path, detail: `SHA-256 is ${got.sha256}, the tag manifest says ${t.sha256}` });
      } catch (err) {
        problems.push(errorCode(err) === 'ENOENT' ? { kind: 'tag-missing', path: t.path, detail: 'listed in the tag manifest, not in the bag' } : { kind: 'unreadable', path: t.path, detail: errorMessage(err) });
      }
    }
  }
  return report(quarter, setId, manifest.lines.length, bytes);
}

/**
 * A path holding one bag, or a folder holding the bags of a split set. Half-made bags (.partial) are
 * included so that they are reported as unfinished, never passed over or taken for finished ones.
 */
export async function findBags(target: string): Promise<string[]> {
  const isBag = async (dir: string) =>
    dir.endsWith(PARTIAL_SUFFIX) || (await readText(path.join(dir, BAGIT))) !== null || (await readText(path.join(dir, MANIFEST))) !== null;
  if (await isBag(target)) return [target];
  const found: string[] = [];
  for (const e of await fsp.readdir(target, { withFileTypes: true })) {
    if (e.isDirectory() && (await isBag(path.join(target, e.name)))) found.push(path.join(target, e.name));
  }
  return found.sort();
}
