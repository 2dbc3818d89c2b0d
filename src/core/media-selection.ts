/**
 * Which entries on a recorder volume are footage. Recorders put media under DCIM/100MEDIA, RECORD,
 * PHOTO and the like; the host OSes that touched the card leave their own files beside them.
 */
import path from 'node:path';

export const DEFAULT_MEDIA_EXTENSIONS: readonly string[] = [
  'mp4', 'mov', 'avi', 'ts', 'mts', 'm2ts', 'm4v', 'mkv', '3gp',
  'jpg', 'jpeg', 'png',
  'wav', 'mp3', 'amr', 'aac', 'm4a',
];

/** Folders that operating systems or cameras create and that never hold footage. */
const SYSTEM_FOLDERS = new Set(
  ['system volume information', '$recycle.bin', 'recycled', '.trashes', '.spotlight-v100', '.fseventsd',
    '.thumbnails', '.temporaryitems', 'lost.dir', '.android_secure'],
);
const SYSTEM_FILES = new Set(['thumbs.db', 'desktop.ini', '.ds_store']);

export function isSystemFolder(name: string): boolean {
  return SYSTEM_FOLDERS.has(name.toLowerCase());
}

export type FileVerdict = 'media' | 'system' | 'other';

export function classifyFile(name: string, extensions: ReadonlySet<string>): FileVerdict {
  const lower = name.toLowerCase();
  // AppleDouble "._x" companions carry Finder metadata, not footage.
  if (lower.startsWith('._') || SYSTEM_FILES.has(lower)) return 'system';
  const ext = path.extname(lower).slice(1);
  return ext && extensions.has(ext) ? 'media' : 'other';
}

export function extensionSet(extensions: readonly string[]): ReadonlySet<string> {
  return new Set(extensions.map((e) => e.toLowerCase().replace(/^\./, '')));
}

/** Still-picture extensions: a photo has a moment, not a duration. */
const STILL_EXTENSIONS = new Set(['jpg', 'jpeg', 'png']);

/** A still picture (by its original name): registered with its time and no length. */
export function isStillPicture(originalName: string): boolean {
  return STILL_EXTENSIONS.has(path.extname(originalName).slice(1).toLowerCase());
}
