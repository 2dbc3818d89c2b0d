/**
 * Reading a bag on disk for its verification, never through a link: a bag may sit in a folder its
 * maker controls, and the verifier runs as the service user, so a link would make it read (and
 * report) the vault's own files.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { PAYLOAD_DIR } from '../core/bagit.js';
import { errorCode } from '../core/errors.js';

/**
 * A bag's text file, never through a symlink: a bag may sit in a folder its maker controls, and the
 * verifier runs as the service user, so a link would make it read (and report) the vault's own files.
 */
async function readText(file: string): Promise<string | null> {
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


/** Sub-folders of a folder (a link is no folder). */
async function subfolders(dir: string): Promise<string[]> {
  return (await fsp.readdir(dir, { withFileTypes: true })).filter((e) => e.isDirectory()).map((e) => e.name);
}

/** A file's size, the link itself when it is one. */
async function sizeNoFollow(file: string): Promise<number> {
  return (await fsp.lstat(file)).size;
}

export const bagDisk = { readText, walk, tagFiles, subfolders, sizeNoFollow };
export type BagDisk = typeof bagDisk;
