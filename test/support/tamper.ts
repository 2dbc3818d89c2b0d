/** What an attacker with write access would do to the catalogue and the vault, for tamper tests. */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { rowToEntry } from '../../src/adapters/catalog/audit-store.js';
import { chainEntry, GENESIS_HASH, type AuditEntry } from '../../src/core/audit-chain.js';

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

/** Flip bits (`mask`) of one byte of a file in place, read-only or not; its mode is put back as it was. */
export function flipByte(file: string, offset: number, mask = 0xff): void {
  const mode = fs.statSync(file).mode & 0o7777;
  fs.chmodSync(file, mode | 0o200);
  const fd = fs.openSync(file, 'r+');
  try {
    const b = Buffer.alloc(1);
    fs.readSync(fd, b, 0, 1, offset);
    b[0] = b[0]! ^ mask;
    fs.writeSync(fd, b, 0, 1, offset);
  } finally {
    fs.closeSync(fd);
  }
  fs.chmodSync(file, mode);
}

/** Rewrite the JSON-lines trail file's lines. */
export function editLines(file: string, edit: (lines: string[]) => string[]): void {
  const text = fs.readFileSync(file, 'utf8');
  const lines = text.split('\n');
  const trailing = lines[lines.length - 1] === '' ? lines.pop() : undefined;
  fs.writeFileSync(file, edit(lines).join('\n') + (trailing === '' ? '\n' : ''));
}

/**
 * What root can do: remove one recording without a trace the trail itself could show. The stored file,
 * its catalogue row (and every row naming it) and its `ingest.file` entry go; every later entry is
 * renumbered and re-hashed, in the catalogue and in the JSON-lines file alike, and the triggers that
 * refuse UPDATE and DELETE are dropped for the work and put back as they were. Returns the removed seq.
 */
export function rewriteTrailWithout(catalogPath: string, vaultRoot: string, trailFile: string, recordingId: number): number {
  const db = new Database(catalogPath);
  try {
    const rec = db.prepare('SELECT vault_path FROM recordings WHERE id = ?').get(recordingId) as { vault_path: string } | undefined;
    if (!rec) throw new Error(`no recording ${recordingId}`);
    const ingest = db.prepare("SELECT seq FROM audit_log WHERE action = 'ingest.file' AND outcome = 'ok' AND target = ?").get(rec.vault_path) as { seq: number } | undefined;
    if (!ingest) throw new Error(`no ingest.file entry for ${rec.vault_path}`);
    const triggers = db.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all() as { name: string; sql: string }[];
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((t) => t.name);
    db.transaction(() => {
      for (const t of triggers) db.exec(`DROP TRIGGER "${t.name}"`);
      for (const t of tables) {
        const cols = db.prepare(`PRAGMA table_info("${t}")`).all() as { name: string }[];
        // Every column that names a recording (recording_id; a dock's newest_recording_id; a gap's before_id and after_id).
        for (const c of cols.filter((c) => ['recording_id', 'newest_recording_id', 'before_id', 'after_id'].includes(c.name))) {
          db.prepare(`DELETE FROM "${t}" WHERE "${c.name}" = ?`).run(recordingId);
        }
      }
      db.prepare('DELETE FROM recordings WHERE id = ?').run(recordingId);
      const rows = (db.prepare('SELECT * FROM audit_log ORDER BY seq').all() as Parameters<typeof rowToEntry>[0][]).map(rowToEntry);
      db.exec('DELETE FROM audit_log');
      const insert = db.prepare(
        'INSERT INTO audit_log (seq, at, operator, role, action, target, outcome, details, prev_hash, hash) VALUES (@seq, @at, @operator, @role, @action, @target, @outcome, @details, @prevHash, @hash)',
      );
      let prev = GENESIS_HASH;
      const rewritten: AuditEntry[] = [];
      for (const e of rows) {
        if (e.seq === ingest.seq) continue;
        const { prevHash: _p, hash: _h, ...fields } = e;
        const entry = chainEntry({ ...fields, seq: rewritten.length + 1 }, prev);
        insert.run({ ...entry, details: JSON.stringify(entry.details) });
        rewritten.push(entry);
        prev = entry.hash;
      }
      db.prepare('UPDATE audit_file_state SET last_seq = ?').run(rewritten.length);
      for (const t of triggers) db.exec(t.sql);
      fs.writeFileSync(trailFile, rewritten.map((e) => JSON.stringify(e) + '\n').join(''));
    })();
    const file = path.join(vaultRoot, rec.vault_path);
    fs.rmSync(file, { force: true });
    return ingest.seq;
  } finally {
    db.close();
  }
}
