/** What an attacker with write access would do to the catalogue and the vault, for tamper tests. */
import fs from 'node:fs';
import Database from 'better-sqlite3';

/** Run SQL against a catalogue file with the append-only triggers dropped, as an attacker would. */
export function tamperCatalogue(catalogPath: string, sql: string): void {
  const db = new Database(catalogPath);
  try {
    db.exec('DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete;');
    db.exec(sql);
  } finally {
    db.close();
  }
}

export function queryCatalogue<T>(catalogPath: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(catalogPath, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Flip one byte of a read-only vault file in place. */
export function flipByte(file: string, offset: number): void {
  fs.chmodSync(file, 0o644);
  const fd = fs.openSync(file, 'r+');
  try {
    const b = Buffer.alloc(1);
    fs.readSync(fd, b, 0, 1, offset);
    b[0] = b[0]! ^ 0xff;
    fs.writeSync(fd, b, 0, 1, offset);
  } finally {
    fs.closeSync(fd);
  }
  fs.chmodSync(file, 0o444);
}

/** Rewrite the JSON-lines trail file's lines. */
export function editLines(file: string, edit: (lines: string[]) => string[]): void {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const trailing = lines[lines.length - 1] === '' ? lines.pop() : undefined;
  fs.writeFileSync(file, edit(lines).join('\n') + (trailing === '' ? '\n' : ''));
}
