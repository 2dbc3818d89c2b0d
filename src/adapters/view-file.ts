/**
 * Derived files for people browsing the vault (the case view): written whole via temp + rename, so a
 * reader never sees half a file. They are rewritten freely; originals never go through here.
 */
import fs from 'node:fs';
import path from 'node:path';

export function writeViewFile(abs: string, text: string): void {
  fs.mkdirSync(path.dirname(abs), { recursive: true, mode: 0o755 });
  const tmp = `${abs}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, { mode: 0o444 });
  fs.renameSync(tmp, abs);
}

export function removeViewFile(abs: string): void {
  fs.rmSync(abs, { force: true });
}
