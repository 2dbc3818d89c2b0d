/**
 * A drop folder (footage handed in on other media: a USB stick, a card reader, files copied over by
 * the custodian) is taken in batches: each sub-folder of the drop folder is one batch. Which recorder
 * a batch is from: the sub-folder's name when it is a registered device number, else the one
 * registered device number its file names give, else nobody can tell and it goes into quarantine
 * (R17, invariant 5: the footage is still kept).
 */
import path from 'node:path';

/** The batch (sub-folder name) a file below `dropFolder` belongs to; null for a file at the top or outside. */
export function batchOf(dropFolder: string, file: string): string | null {
  const rel = path.relative(dropFolder, file);
  if (!rel || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  const parts = rel.split(path.sep);
  return parts.length >= 2 ? parts[0]! : null;
}

export type DropDevice =
  | { kind: 'recorder'; number: string; by: 'folder-name' | 'file-names' }
  | { kind: 'unknown'; reason: string };

export function dropDevice(folderName: string, fileDeviceNumbers: readonly string[], isRegistered: (n: string) => boolean): DropDevice {
  if (isRegistered(folderName)) return { kind: 'recorder', number: folderName, by: 'folder-name' };
  const named = [...new Set(fileDeviceNumbers)];
  if (named.length === 1) {
    if (isRegistered(named[0]!)) return { kind: 'recorder', number: named[0]!, by: 'file-names' };
    return { kind: 'unknown', reason: `file names say ${named[0]}, which is not a registered recorder` };
  }
  if (named.length > 1) return { kind: 'unknown', reason: `file names name several recorders (${named.slice(0, 5).join(', ')})` };
  return { kind: 'unknown', reason: `neither the folder name "${folderName}" nor the file names give a registered recorder` };
}
