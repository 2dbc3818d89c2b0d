/**
 * The file side of `repair`: a source folder read without following links, a damaged vault file set
 * aside (moved, never destroyed), an extracted copy made durable, vault folders that stay inside the
 * vault, and a per-recording lock so that two repairs of one recording take turns.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { resolveInVault } from '../core/vault-layout.js';
import { ensureDirDurable, fsyncDir, syncWrittenFile } from './durable-file.js';
import { openRegular } from './opened-as-named.js';
import { pidAlive } from './process-identity.js';

/** The vault's folder for repair's own files: the damaged copies set aside, the locks. Not footage. */
export const REPAIR_FOLDER = '.repair';
const LOCKS = `${REPAIR_FOLDER}/locks`;
const LOCK_POLL_MS = 200;

export interface SourceEntry {
  path: string;
  size: number;
}

/** What a path a person named is, following links (they named it): null when nothing is there. */
export async function sourceKind(p: string): Promise<'folder' | 'file' | 'device' | 'other' | null> {
  const st = await fsp.stat(p).catch(() => null);
  if (!st) return null;
  if (st.isDirectory()) return 'folder';
  if (st.isFile()) return 'file';
  if (st.isBlockDevice()) return 'device';
  return 'other';
}

/** A file or folder of a source that could not be read, and why. */
export interface Unreadable {
  from: string;
  error: string;
}

/**
 * Every regular file under `root` with its size. Links are never followed (a link is skipped, so a
 * source cannot point repair at the vault's own files); a sub-folder or a file that cannot be read
 * is listed with why (a name that is not UTF-8, as an archive disk written elsewhere may hold, is
 * one this program cannot open by its name: said, not skipped in silence).
 */
export async function listSourceFiles(root: string): Promise<{ files: SourceEntry[]; unreadable: Unreadable[] }> {
  const files: SourceEntry[] = [];
  const unreadable: Unreadable[] = [];
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = await fsp.readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (dir === root) throw err;
      unreadable.push({ from: dir, error: notOpenable(dir, 'folder cannot be read') });
      continue;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) stack.push(p);
      else if (e.isFile()) {
        const st = await fsp.lstat(p).catch((err: unknown) => err as Error);
        if (st instanceof Error) unreadable.push({ from: p, error: notOpenable(p, (st as NodeJS.ErrnoException).code ?? st.message) });
        else if (st.isFile()) files.push({ path: p, size: st.size });
      }
    }
  }
  return { files, unreadable };
}

/** Why a listed name could not be read: node decodes a name that is not UTF-8 with U+FFFD, which names nothing. */
function notOpenable(p: string, otherwise: string): string {
  return p.includes('\uFFFD') ? 'its name is not valid UTF-8: it cannot be opened by that name' : otherwise;
}

/**
 * A file xorriso extracted into the staging area, made this program's and durable. Refused unless a
 * regular file: a disc swapped in the drive since its listing may hold a folder or a FIFO at that
 * path (a FIFO opened to be flushed would wait for a writer for ever). Owned by this account with no
 * special bits (xorriso run as root keeps a disc's owner and modes, and the owner could make the
 * sealed copy writable again). fsynced: an error means the copy cannot be trusted.
 */
export const makeDurable = (file: string): Promise<void> =>
  syncWrittenFile(file, async (fh) => {
    const st = await fh.stat();
    const uid = process.getuid?.();
    const gid = process.getgid?.();
    if (uid !== undefined && gid !== undefined && (st.uid !== uid || st.gid !== gid)) await fh.chown(uid, gid);
    await fh.chmod(0o600);
  });

/**
 * mkdir -p of a vault folder, durable, and then its real path must still be inside the vault: a folder
 * replaced by a link to elsewhere is refused rather than written through.
 */
export async function ensureVaultFolder(vaultRoot: string, relDir: string): Promise<void> {
  const dir = await ensureDirDurable(vaultRoot, relDir);
  const real = await fsp.realpath(dir);
  const root = await fsp.realpath(vaultRoot);
  if (real !== root && !real.startsWith(root + path.sep)) throw new Error(`vault folder ${relDir} leads outside the vault (${real})`);
}

/**
 * Move what is at `rel` (a damaged file, a link, anything) to `asideRel` inside the vault, durably,
 * and make a file there read-only. rename(2) within the vault: nothing is copied, nothing destroyed.
 * False when nothing was there; `onMoved` hears of the move as soon as it is done (before the fsyncs).
 */
export async function setAside(vaultRoot: string, rel: string, asideRel: string, onMoved?: () => void): Promise<boolean> {
  const from = resolveInVault(vaultRoot, rel);
  const to = resolveInVault(vaultRoot, asideRel);
  if (!(await fsp.lstat(from).catch(() => null))) return false;
  await ensureVaultFolder(vaultRoot, path.posix.dirname(asideRel));
  // The aside name is new for each run: a rename never lands on an existing file.
  if (await fsp.lstat(to).catch(() => null)) throw new Error(`${asideRel} is already there`);
  try {
    await fsp.rename(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw err;
  }
  // Moved, whatever happens next: the caller must be able to say where the damaged file is.
  onMoved?.();
  await fsyncDir(path.dirname(from));
  await fsyncDir(path.dirname(to));
  const st = await fsp.lstat(to);
  if (st.isFile()) await fsp.chmod(to, 0o444);
  return true;
}

/**
 * Whether the vault's file at `rel` can still be written (a restore interrupted between its link and
 * its seal leaves the right bytes writable); false when it is sealed or is no regular file.
 */
export async function unsealed(vaultRoot: string, rel: string): Promise<boolean> {
  const st = await fsp.lstat(resolveInVault(vaultRoot, rel)).catch(() => null);
  return Boolean(st?.isFile() && st.mode & 0o222);
}

/** Make the vault's file at `rel` read-only, through the file opened without following a link. */
export async function seal(vaultRoot: string, rel: string): Promise<void> {
  const fh = await openRegular(resolveInVault(vaultRoot, rel), 'sealed');
  try {
    await fh.chmod(0o444);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

/**
 * Hold the repair lock of one recording: a file `.repair/locks/<id>.lock` holding the holder's pid.
 * Waits (polling) while a live process holds it; a lock whose process is gone is a crash's leftover
 * and is taken over. `onWait` hears once that another run holds it.
 */
export async function lockRecording(vaultRoot: string, id: number, onWait?: (holderPid: number) => void): Promise<() => Promise<void>> {
  await ensureDirDurable(vaultRoot, LOCKS);
  const file = path.join(vaultRoot, LOCKS, `${id}.lock`);
  let told = false;
  for (;;) {
    try {
      const fh = await fsp.open(file, 'wx', 0o600);
      try {
        await fh.writeFile(String(process.pid));
      } catch (err) {
        await fh.close();
        await fsp.rm(file, { force: true });
        throw err;
      }
      await fh.close();
      return () => fsp.rm(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number((await fsp.readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && pidAlive(holder)) {
      if (!told) onWait?.(holder);
      told = true;
      await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
      continue;
    }
    if (!holder) {
      // Just created, pid not written yet: give its maker a moment.
      await new Promise((r) => setTimeout(r, LOCK_POLL_MS));
      const again = await fsp.readFile(file, 'utf8').catch(() => null);
      if (again === null || again.trim()) continue;
    }
    // The holder is gone: move its lock away under a unique name (one taker wins), then try again.
    const stale = `${file}.stale-${process.pid}-${Date.now()}`;
    if (await fsp.rename(file, stale).then(() => true, () => false)) await fsp.rm(stale, { force: true });
  }
}
