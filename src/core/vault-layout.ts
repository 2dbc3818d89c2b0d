/**
 * Where a recording lives in the vault (R11): 现场执法记录仪影像资料/YYYY/MM/DD/<device number>/<name>.
 * Pure: callers pass in what is taken; nothing here touches the disk.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';

/** The folder R11 names for footage on the dedicated computer. */
export const FOOTAGE_ROOT = '现场执法记录仪影像资料';
/** Recordings whose recorder cannot be told go here, inside their day folder, never lost. */
export const QUARANTINE_FOLDER = '未识别设备-quarantine';
/** Temp files live here until they are complete, fsynced and verified; cleaned at start. */
export const STAGING_FOLDER = '.incoming';

const LONG_NAME = 'name longer than 240 bytes';

export type NameCheck =
  | { ok: true; name: string; sanitized: boolean }
  | { ok: false; reason: string };

// Control characters and path separators (both kinds: the tree is also browsed from Windows).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f/\\]/gu;

/**
 * A file name fit to be a single vault path component. Names that would escape the vault are
 * refused; control characters are replaced (the original is kept in the catalogue).
 */
export function checkFileName(name: string): NameCheck {
  if (name.length === 0) return { ok: false, reason: 'empty name' };
  if (name === '.' || name === '..') return { ok: false, reason: `"${name}" would escape the vault` };
  if (path.isAbsolute(name) || name.includes('/')) return { ok: false, reason: 'name holds a path separator' };
  const cleaned = name.replace(UNSAFE, '_');
  if (cleaned === '.' || cleaned === '..' || /^\.+$/.test(cleaned)) {
    return { ok: false, reason: 'name is only dots' };
  }
  if (Buffer.byteLength(cleaned) > MAX_NAME_BYTES) return { ok: false, reason: LONG_NAME };
  return { ok: true, name: cleaned, sanitized: cleaned !== name };
}

/** Longest vault file name kept whole: room under the usual 255-byte limit for a ~N suffix. */
const MAX_NAME_BYTES = 240;
/** A shortened name: its stem cut to this, then ~ and a hash of the whole original name, then its extension. */
const SHORT_STEM_BYTES = 180;

export type VaultName = { ok: true; name: string; sanitized: boolean; shortened: boolean } | { ok: false; reason: string };

/**
 * A recorder's file name as a vault file name. A name too long for the file system (a legal 253-byte
 * UTF-8 name is) is shortened, never refused: its stem is cut at a whole character and a hash of the
 * whole name keeps two long names apart. The original name stays in the catalogue and the trail.
 */
export function vaultName(original: string): VaultName {
  const check = checkFileName(original);
  if (check.ok) return { ...check, shortened: false };
  if (check.reason !== LONG_NAME) return check;
  const cleaned = original.replace(UNSAFE, '_');
  const rawExt = path.extname(cleaned);
  const ext = Buffer.byteLength(rawExt) <= 16 ? rawExt : '';
  const stem = cutToBytes(cleaned.slice(0, cleaned.length - ext.length), SHORT_STEM_BYTES);
  const tag = createHash('sha256').update(original).digest('hex').slice(0, 10);
  return { ok: true, name: `${stem}~${tag}${ext}`, sanitized: cleaned !== original, shortened: true };
}

/** The longest prefix of `s` within `max` UTF-8 bytes, never splitting a character. */
function cutToBytes(s: string, max: number): string {
  let out = '';
  for (const ch of s) {
    if (Buffer.byteLength(out + ch) > max) break;
    out += ch;
  }
  return out;
}

/** The device folder name: a register number, or the quarantine folder. */
export function deviceFolder(deviceNumber: string | null, quarantineTag?: string): string {
  if (deviceNumber === null) return quarantineTag ? `${QUARANTINE_FOLDER}/${tagFolder(quarantineTag)}` : QUARANTINE_FOLDER;
  const check = checkFileName(deviceNumber);
  if (!check.ok || check.sanitized) throw new Error(`device number "${deviceNumber}" is not usable as a folder name`);
  return deviceNumber;
}

/** The day folder, relative to the vault root, with forward slashes. */
export function dayFolder(localDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(localDate);
  if (!m) throw new Error(`not a local date: ${localDate}`);
  return `${FOOTAGE_ROOT}/${m[1]}/${m[2]}/${m[3]}`;
}

/** A quarantined source's own folder name: one folder per unknown volume, so two never share names. */
function tagFolder(tag: string): string {
  const check = checkFileName(tag);
  if (!check.ok || check.name.startsWith('.')) return 'unknown';
  return check.name;
}

/** The folder a recording goes to, relative to the vault root; a quarantined one under its source's tag. */
export function recordingFolder(localDate: string, deviceNumber: string | null, quarantineTag?: string): string {
  return `${dayFolder(localDate)}/${deviceFolder(deviceNumber, quarantineTag)}`;
}

/** `name` with a numeric suffix before the extension: A.MP4, A~2.MP4, A~3.MP4 … */
export function suffixedName(name: string, n: number): string {
  if (n <= 1) return name;
  const ext = path.extname(name);
  const stem = ext && ext !== name ? name.slice(0, -ext.length) : name;
  return `${stem}~${n}${ext === name ? '' : ext}`;
}

/**
 * The first free path for `name` in `folder`: a different file under a taken name gets a suffix,
 * never an overwrite. `isTaken` answers for catalogue rows, files on disk and in-flight copies.
 */
export function firstFreePath(folder: string, name: string, isTaken: (relPath: string) => boolean): string {
  for (let n = 1; ; n++) {
    const candidate = `${folder}/${suffixedName(name, n)}`;
    if (!isTaken(candidate)) return candidate;
  }
}

/** The last absolute vault root given and its normal form: an ingest resolves two names a file. */
let lastRoot = { given: '', normal: '' };

/** A path with an empty, `.` or `..` segment, or a slash at either end: not plain (resolveInVault). */
const NOT_PLAIN = /(^|\/)\.{1,2}(\/|$)|\/\/|^\/|\/$/;

/** Forward-slash relative path → absolute path on this machine. Refuses anything that leaves the root. */
export function resolveInVault(vaultRoot: string, relPath: string): string {
  if (path.isAbsolute(vaultRoot) && relPath && !NOT_PLAIN.test(relPath)) {
    if (lastRoot.given !== vaultRoot) lastRoot = { given: vaultRoot, normal: path.resolve(vaultRoot) };
    // A plain relative path below a normal root other than "/": what path.resolve makes, without its
    // walk over every character (on an ingest of small files, 2 KB of garbage a name).
    if (lastRoot.normal !== path.sep) return `${lastRoot.normal}${path.sep}${relPath}`;
  }
  const abs = path.resolve(vaultRoot, ...relPath.split('/'));
  const root = path.resolve(vaultRoot);
  if (abs !== root && !abs.startsWith(root + path.sep)) throw new Error(`path escapes the vault: ${relPath}`);
  return abs;
}
