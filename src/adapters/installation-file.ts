/**
 * The installed program's `installed.json` and the files it trusts. Only root can have put them
 * there, and only root may be able to change them: a file a lesser account can write would let
 * that account choose the vault.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { errorCode, UserError } from '../core/errors.js';
import { said } from '../core/i18n/said.js';
import { startupMessages as sm } from '../core/i18n/startup-messages.js';
import { parseInstallation, type Installation } from '../core/installation.js';

/** The folder that holds the program's package.json (the checkout, or /opt/evidence-vault). */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('cannot find the package folder of evidence-vault');
    dir = up;
  }
  return dir;
}

export const INSTALLATION_FILE = 'installed.json';

/** The installation this program belongs to, or null in a development checkout. */
export function readInstallation(root = packageRoot()): Installation | null {
  const file = path.join(root, INSTALLATION_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new UserError(said(sm.cannotReadFile, { path: file, what: (err as Error).message, code: errorCode(err) ?? 'EIO' }), sm.reinstallHint);
  }
  assertRootOnly(file);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    raw = null;
  }
  const installation = parseInstallation(raw);
  if (!installation) throw new UserError(said(sm.notInstallation, { path: file }), sm.reinstallHint);
  assertRootOnly(installation.config);
  return installation;
}

/**
 * The file and every folder above it belong to root and nobody else can write them; symlinks are
 * not followed to find that out (a link is itself refused).
 */
export function assertRootOnly(file: string): void {
  let p = path.resolve(file);
  for (;;) {
    let st: fs.Stats;
    try {
      st = fs.lstatSync(p);
    } catch (err) {
      throw new UserError(said(sm.cannotCheck, { path: p, what: (err as Error).message, code: errorCode(err) ?? 'EIO' }), sm.reinstallHint);
    }
    const problem = st.isSymbolicLink()
      ? said(sm.symlinkUntrusted, { path: p })
      : st.uid !== 0
        ? said(sm.ownerUntrusted, { path: p, uid: st.uid })
        : st.mode & 0o022 && !(st.isDirectory() && st.mode & 0o1000)
          ? said(sm.writableUntrusted, { path: p })
          : null;
    if (problem) throw new UserError(problem, sm.untrustedHint, 77);
    const up = path.dirname(p);
    if (up === p) return;
    p = up;
  }
}

/** The uid of a local account, from /etc/passwd (the service user is a local system account). */
export function uidOf(user: string): number | null {
  try {
    for (const line of fs.readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f[0] === user && f[2] !== undefined) return Number(f[2]);
    }
  } catch {
    return null;
  }
  return null;
}
