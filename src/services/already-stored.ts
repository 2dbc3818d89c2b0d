/**
 * Whether a file on a source is a recording the vault holds already. Same bytes and same name are
 * needed, and one of: the same source (the very volume or folder, whatever recorder number is typed
 * now), the same recorder, or (when a person typed the number) the same start time in the name. Two
 * unknown recorders holding identical files are two sources: each keeps its own recording.
 */
import path from 'node:path';
import type { StoredFrom } from '../adapters/catalog/recording-store.js';

export interface SourceContext {
  key: string;
  realPath: string;
  /** This file's place below the source folder. */
  relPath: string;
  /** The recorder this file would be filed under; null: quarantine. */
  device: string | null;
  /** A person named the recorder (`--device`): a typo must not store the files again. */
  deviceTyped: boolean;
  /** The start time the file name gives (ISO, unit zone), if it gives one. */
  startFromName: string | null;
}

export function alreadyStored(candidates: readonly StoredFrom[], sha256: string, ctx: SourceContext): StoredFrom | undefined {
  const same = candidates.filter((c) => c.sha256 === sha256);
  // A folder and a folder inside it are two keys but one file: `ingest /x` then `ingest /x/DCIM` must
  // not store it twice. Only for folders on the PC's disks (known by path): a card's paths are reused
  // by the next card mounted at the same place.
  const sameFile = (c: StoredFrom) =>
    ctx.key.startsWith('path:') && !!c.sourceKey?.startsWith('path:') && c.sourceRoot !== null && path.join(c.sourceRoot, c.sourcePath) === path.join(ctx.realPath, ctx.relPath);
  const fromThisSource = (c: StoredFrom) => c.sourceKey === ctx.key || (c.sourceKey === null && c.sourceRoot === ctx.realPath) || sameFile(c);
  return (
    same.find(fromThisSource) ??
    same.find((c) => ctx.device !== null && c.deviceNumber === ctx.device) ??
    // A typed number stores nothing twice only where the name's own time says it is the same recording:
    // two recorders can hold one identical file without a time in its name, and each keeps its copy.
    (ctx.deviceTyped && ctx.startFromName !== null ? same.find((c) => c.startedAt === ctx.startFromName) : undefined)
  );
}
