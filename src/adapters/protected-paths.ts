/**
 * The vault folder and the catalogue's folder are the service's own: no source it reads from and no
 * folder it writes an output to may be one of them, sit inside one, or hold one. Paths are compared
 * after resolving symlinks, so a link pointing into the vault is caught too.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathsOverlap } from '../core/installation.js';

export class ProtectedPaths {
  constructor(private readonly roots: readonly string[]) {}

  /** The protected folder `candidate` overlaps, or null. A path not there yet is judged by its nearest existing parent. */
  overlapping(candidate: string): string | null {
    const real = realOrNearest(path.resolve(candidate));
    for (const root of this.roots) {
      const r = realOrNearest(path.resolve(root));
      if (pathsOverlap(real, r)) return root;
    }
    return null;
  }
}

function realOrNearest(p: string): string {
  const rest: string[] = [];
  let cur = p;
  for (;;) {
    try {
      return path.join(fs.realpathSync(cur), ...rest.reverse());
    } catch {
      const up = path.dirname(cur);
      if (up === cur) return p;
      rest.push(path.basename(cur));
      cur = up;
    }
  }
}
