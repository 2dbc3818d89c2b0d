/**
 * The audit trail's second copy: an append-only JSON-lines file in the vault. Deleting or editing
 * either copy is detected against the other. Appends are fsynced; a torn last line left by a crash
 * is kept (not rewritten) and reported by verification.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { AuditEntry } from '../core/audit-chain.js';

const TAIL_WINDOW = 256 * 1024;

export class AuditFile {
  constructor(readonly file: string) {}

  /** The last complete entry's sequence number, and whether the file ends in a torn line. */
  tail(): { lastSeq: number; torn: boolean } {
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { lastSeq: 0, torn: false };
      throw err;
    }
    try {
      const size = fs.fstatSync(fd).size;
      if (size === 0) return { lastSeq: 0, torn: false };
      const len = Math.min(size, TAIL_WINDOW);
      const buf = Buffer.allocUnsafe(len);
      const window = buf.subarray(0, fs.readSync(fd, buf, 0, len, size - len));
      // Line by line from the end, decoding only the lines looked at (this runs at every flush).
      const torn = window[window.length - 1] !== 0x0a;
      // `end`: where the line being looked at ends (its newline); a torn last line is not looked at.
      for (let end = torn ? window.lastIndexOf(0x0a) : window.length - 1; end >= 0; ) {
        const start = end === 0 ? 0 : window.lastIndexOf(0x0a, end - 1) + 1;
        const line = window.toString('utf8', start, end).trim();
        if (line) {
          try {
            return { lastSeq: (JSON.parse(line) as AuditEntry).seq, torn };
          } catch {
            // a damaged line: look further back
          }
        }
        end = start - 1;
      }
      return { lastSeq: 0, torn };
    } finally {
      fs.closeSync(fd);
    }
  }

  /** Whether the file is there at all (gone is a finding, not an empty trail). */
  exists(): boolean {
    return fs.existsSync(this.file);
  }

  append(entries: readonly AuditEntry[], startOnNewLine: boolean): void {
    if (!entries.length && !startOnNewLine) return;
    fs.mkdirSync(path.dirname(this.file), { recursive: true, mode: 0o750 });
    const text = (startOnNewLine ? '\n' : '') + entries.map((e) => JSON.stringify(e) + '\n').join('');
    const fd = fs.openSync(this.file, fs.constants.O_WRONLY | fs.constants.O_APPEND | fs.constants.O_CREAT, 0o640);
    try {
      // A short write (a full disk, a file-size limit) must not leave half a line: cut the file back
      // to where it was, so the next flush appends the entries whole.
      const before = fs.fstatSync(fd).size;
      const buf = Buffer.from(text);
      let written = 0;
      try {
        written = fs.writeSync(fd, buf);
      } finally {
        if (written !== buf.length) fs.ftruncateSync(fd, before);
      }
      if (written !== buf.length) throw new Error(`short write to ${this.file}: ${written} of ${buf.length} bytes`);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  }

  /**
   * The file made anew from `entries` (a station's trail restored from the store): written to a temp
   * file and fsynced, the file there until now kept under `keepOldAs` (a name beside it, never
   * deleted), then the new one renamed into place and the folder fsynced.
   */
  rewrite(entries: Iterable<AuditEntry>, keepOldAs: string): void {
    const dir = path.dirname(this.file);
    fs.mkdirSync(dir, { recursive: true, mode: 0o750 });
    const tmp = `${this.file}.${process.pid}.rewriting`;
    const fd = fs.openSync(tmp, 'w', 0o640);
    try {
      let batch: string[] = [];
      for (const e of entries) {
        batch.push(`${JSON.stringify(e)}\n`);
        if (batch.length >= 1000) {
          writeAll(fd, batch.join(''));
          batch = [];
        }
      }
      writeAll(fd, batch.join(''));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    if (fs.existsSync(this.file)) fs.linkSync(this.file, path.join(dir, keepOldAs));
    fs.renameSync(tmp, this.file);
    const d = fs.openSync(dir, fs.constants.O_RDONLY | fs.constants.O_DIRECTORY);
    try {
      fs.fsyncSync(d);
    } finally {
      fs.closeSync(d);
    }
  }

  /** Every line, parsed where it parses; line numbers from 1. Streamed: the trail grows for years. */
  async *lines(): AsyncGenerator<{ line: number; entry: AuditEntry | null; raw: string }> {
    if (!fs.existsSync(this.file)) return;
    // Loaded here: only the checks read the file back, and node:readline is seven modules more at every command's start.
    const readline = await import('node:readline');
    const reader = readline.createInterface({ input: fs.createReadStream(this.file, 'utf8'), crlfDelay: Infinity });
    let n = 0;
    for await (const raw of reader) {
      n++;
      let entry: AuditEntry | null = null;
      try {
        entry = JSON.parse(raw) as AuditEntry;
      } catch {
        entry = null;
      }
      yield { line: n, entry, raw };
    }
  }
}

function writeAll(fd: number, text: string): void {
  const buf = Buffer.from(text);
  for (let off = 0; off < buf.length; ) off += fs.writeSync(fd, buf, off, buf.length - off);
}
