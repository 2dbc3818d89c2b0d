/**
 * Where a disc is written in --out, and when it gets its final name ("nothing unfinished looks
 * finished", issue 12). A disc is built as `.GP2026-0001.<pid>-<tag>.partial/` (register, note, sums)
 * and `.GP2026-0001.iso.<pid>-<tag>.partial` (the image): hidden, and named partial. Only after the
 * image was read back and proved against the catalogue are they linked to `GP2026-0001/` and
 * `GP2026-0001.iso` (never replacing anything), and then the disc is catalogued.
 *
 * The number is used only once the catalogue commits. So a build killed at any moment leaves temp
 * names only, and the rerun takes the same number and builds cleanly (the dead run's temp files are
 * removed once their process is gone). The one narrow window — killed after the final names were
 * given, before the catalogue committed — leaves final-named files the catalogue does not know: a
 * rerun whose number would take such a name refuses, naming it, and never overwrites it. A person
 * looks at it and moves it aside; it was never issued.
 */
import path from 'node:path';
import type { OutputPublisher } from '../adapters/output-publish.js';

export interface DiscPlace {
  number: string;
  /** Where the disc is built. */
  tempFolder: string;
  tempImage: string;
  /** The names it gets once proved. */
  folder: string;
  image: string;
}

const PARTIAL = /^\.(GP\d{4}-\d{4,})(\.iso)?\.(\d+)-([0-9a-z]+)\.partial$/;

export function discPlace(outDir: string, number: string, pid: number, tag: string): DiscPlace {
  return {
    number,
    tempFolder: path.join(outDir, `.${number}.${pid}-${tag}.partial`),
    tempImage: path.join(outDir, `.${number}.iso.${pid}-${tag}.partial`),
    folder: path.join(outDir, number),
    image: path.join(outDir, `${number}.iso`),
  };
}

/** Temp files of disc builds whose process is gone (killed, crashed): removed; their names returned. */
export async function removeOrphanedParts(pub: OutputPublisher, outDir: string, remove: (p: string) => Promise<void>): Promise<string[]> {
  const removed: string[] = [];
  for (const name of await pub.names(outDir)) {
    const m = PARTIAL.exec(name);
    if (!m) continue;
    const pid = Number(m[3]);
    if (pid === pub.pid || pub.processAlive(pid)) continue; // a live build's work, maybe another at once
    await remove(path.join(outDir, name));
    removed.push(name);
  }
  return removed;
}

/** The final names among `places` already taken in --out (by anything: file, folder, link). */
export async function takenFinalNames(pub: OutputPublisher, places: readonly DiscPlace[]): Promise<string[]> {
  const taken: string[] = [];
  for (const p of places) for (const f of [p.image, p.folder]) if (await pub.taken(f)) taken.push(f);
  return taken;
}

/**
 * Give a proved disc its final names, the image last (the image is what a person takes for a disc).
 * Returns the names given, for removal if the catalogue then refuses it; throws when a name was taken
 * meanwhile (another build at the same time), having given none.
 */
export async function publishDisc(pub: OutputPublisher, p: DiscPlace, remove: (p: string) => Promise<void>): Promise<string[]> {
  await pub.syncDir(p.tempFolder);
  if (!(await pub.publishFolder(p.tempFolder, p.folder))) throw new NameTakenError(p.folder);
  if (!(await pub.publishFile(p.tempImage, p.image))) {
    await remove(p.folder);
    throw new NameTakenError(p.image);
  }
  return [p.image, p.folder];
}

export class NameTakenError extends Error {
  constructor(readonly taken: string) {
    super(`${taken} appeared while the disc was being built (another disc build into the same --out at the same time?)`);
    this.name = 'NameTakenError';
  }
}
