/**
 * The vault folder and the catalogue's folder are the service's own: no source it reads from and no
 * folder it writes an output to may be one of them, sit inside one, or hold one. Paths are compared
 * after resolving symlinks, so a link pointing into the vault is caught too, and callers go on with
 * the resolved path, so a link swapped after the check changes nothing.
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathsOverlap } from '../core/installation.js';
import type { Said } from '../core/errors.js';

/** `problem` is the English (for the trail and the logs); `problemSaid` the same in both languages, for the person. */
export type PlaceCheck = { ok: true; real: string } | { ok: false; problem: string; problemSaid: Said; protectedPath?: string };

function refused(problemSaid: Said, protectedPath?: string): PlaceCheck {
  return { ok: false, problem: problemSaid.en, problemSaid, ...(protectedPath ? { protectedPath } : {}) };
}

export class ProtectedPaths {
  constructor(
    private readonly roots: readonly string[],
    /**
     * On an installed PC: the uids that may own an output folder and every folder above it (root and
     * the service user). A folder a person can write would let them swap what the service writes
     * into for a link to the vault. Null in development, where caller and program are one account.
     */
    private readonly trustedOwners: readonly number[] | null = null,
  ) {}

  /**
   * The same checks with other protected folders: the service's own page may sit beside the catalogue
   * (its default place), never in the vault or where recorders are read.
   */
  withRoots(roots: readonly string[]): ProtectedPaths {
    return new ProtectedPaths(roots, this.trustedOwners);
  }

  /**
   * The protected folder `candidate` overlaps, or null. A path not there yet is judged by its nearest
   * existing parent. Also by identity: a bind mount shows a protected folder under a second path that
   * no path comparison sees, so the candidate and every folder above it are compared with each
   * protected folder by device and inode (is or lies inside one; a mount holding one is not seen).
   */
  overlapping(candidate: string): string | null {
    const { real, existing } = realOrNearest(path.resolve(candidate));
    const roots = this.roots.map((root) => ({ root, real: realOrNearest(path.resolve(root)).real }));
    for (const r of roots) {
      if (pathsOverlap(real, r.real)) return r.root;
    }
    const byIdentity = new Map(roots.map((r) => [identity(r.real), r.root] as const).filter(([id]) => id !== null));
    for (let dir = existing; ; dir = path.dirname(dir)) {
      const hit = byIdentity.get(identity(dir));
      if (hit) return hit;
      if (path.dirname(dir) === dir) return null;
    }
  }

  /** A source folder: resolved once; the resolved path is what the caller reads from. */
  source(candidate: string): PlaceCheck {
    const hit = this.overlapping(candidate);
    if (hit) return refused({ zh: `是或包含音像资料库自身的目录 ${hit}`, en: `is or holds the vault's own folder ${hit}` }, hit);
    return { ok: true, real: realOrNearest(path.resolve(candidate)).real };
  }

  /** An output folder (`--out`): not the vault's, and on an installed PC nowhere a person could swap it. */
  output(candidate: string): PlaceCheck {
    const hit = this.overlapping(candidate);
    if (hit) return refused({ zh: `是或包含音像资料库自身的目录 ${hit}`, en: `is or holds the vault's own folder ${hit}` }, hit);
    const { real, existing } = realOrNearest(path.resolve(candidate));
    return this.trusted(existing) ?? { ok: true, real };
  }

  /**
   * One output file the service keeps replacing (its dock screen): its folder resolved (a link at the
   * file's own name is replaced, never followed), the file not inside a protected folder (its folder
   * may hold one: the default page sits beside the catalogue, above the vault), the folders trusted
   * as for `output`. `real` is the file's path in the resolved folder.
   */
  outputFile(file: string): PlaceCheck {
    const folder = realOrNearest(path.dirname(path.resolve(file)));
    const real = path.join(folder.real, path.basename(file));
    for (const root of this.roots) {
      const r = realOrNearest(path.resolve(root)).real;
      if (real === r || real.startsWith(r + path.sep)) return refused({ zh: `位于受保护的目录 ${root} 中（音像资料库或记录仪目录）`, en: `lies in the protected folder ${root} (the vault or a recorders' folder)` }, root);
    }
    return this.trusted(folder.existing) ?? { ok: true, real };
  }

  /** On an installed PC: a refusal when `existing` or a folder above it is one a person could change. */
  private trusted(existing: string): PlaceCheck | null {
    if (this.trustedOwners) {
      for (let dir = existing; ; dir = path.dirname(dir)) {
        const st = fs.statSync(dir);
        const sticky = st.isDirectory() && (st.mode & 0o1000) !== 0;
        if (!this.trustedOwners.includes(st.uid)) {
          return refused({ zh: `位于 ${dir} 中，该目录属于 uid ${st.uid}，不属于 root 或服务账户`, en: `lies in ${dir}, which belongs to uid ${st.uid}, not to root or the service account` });
        }
        if (st.mode & 0o022 && !sticky) return refused({ zh: `位于 ${dir} 中，其他人可写入该目录`, en: `lies in ${dir}, which others can write to` });
        // The folder the service makes its names in: sticky or not, anyone who can write there can make
        // a name first (a bag's folder with a link inside, a hard link where a disc image was).
        if (st.mode & 0o022 && dir === existing) {
          return refused({ zh: `将写在 ${dir} 中，其他人可在该目录中创建文件（即使设有粘滞位）`, en: `would be written in ${dir}, where others can make files (sticky or not)` });
        }
        if (path.dirname(dir) === dir) break;
      }
    }
    return null;
  }
}

/** A folder's device and inode, the same under every path it is seen by; null when nothing is there. */
function identity(p: string): string | null {
  const st = fs.statSync(p, { throwIfNoEntry: false });
  return st ? `${st.dev}:${st.ino}` : null;
}

/** The real path of `p`, through its nearest existing parent when it is not there yet. */
function realOrNearest(p: string): { real: string; existing: string } {
  const rest: string[] = [];
  let cur = p;
  for (;;) {
    try {
      const existing = fs.realpathSync(cur);
      return { real: path.join(existing, ...rest.reverse()), existing };
    } catch {
      const up = path.dirname(cur);
      if (up === cur) return { real: p, existing: cur };
      rest.push(path.basename(cur));
      cur = up;
    }
  }
}
