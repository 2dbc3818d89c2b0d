/** How results reach people and scripts: --json prints one JSON value on stdout; otherwise plain text. */
import { once } from 'node:events';
export interface Output {
  json: boolean;
  /** Print the result: `value` as JSON, or `text()` for a person. */
  result(value: unknown, text: () => string): void;
  /** A JSON array written row by row, so memory stays flat however many rows there are. */
  jsonArray<T>(rows: Iterable<T>, toJson: (row: T) => unknown): Promise<void>;
  /** A JSON object whose `key` is a long array: the other fields first, then the array row by row. */
  jsonWithArray<T>(fields: Record<string, unknown>, key: string, rows: Iterable<T>): Promise<void>;
  /**
   * Rows printed as they are found, never held: with --json an object whose `key` array comes first,
   * one row a line, and the other fields (known only at the end) after it; else a line of text a row.
   */
  stream<T>(key: string, toText: (row: T) => string, beforeLine?: () => void): RowStream<T>;
}

export interface RowStream<T> {
  row(r: T): Promise<void>;
  /** Close the array with the remaining fields (--json), or print the closing text. */
  end(fields: Record<string, unknown>, text: () => string): Promise<void>;
  /**
   * The command failed after rows went out: the rows found so far are printed, never dropped, and
   * --json closes its object with `"incomplete": true` and no totals (the error goes to stderr).
   */
  abort(): Promise<void>;
}

/**
 * Text a person reads carries what others typed (a beneficiary, a reason): a control character in it
 * would act on their terminal (an escape sequence rewriting the line above, a carriage return hiding
 * what precedes it). Shown as a visible escape instead; line breaks and tabs of the text itself stay.
 */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f]/g;
/** In one table cell nothing may break the line either (a line break there forges a row). */
const CELL_CONTROL = /[\x00-\x1f\x7f-\x9f]/g;
const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
const escaped = (c: string) => NAMED[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
export const forTerminal = (text: string): string => text.replace(CONTROL, escaped);

export function createOutput(json: boolean): Output {
  return {
    json,
    result(value, text) {
      process.stdout.write(json ? JSON.stringify(value, null, 2) + '\n' : forTerminal(text()).replace(/\n?$/, '\n'));
    },
    async jsonArray(rows, toJson) {
      await writeArray('[', rows, toJson, '\n');
    },
    async jsonWithArray(fields, key, rows) {
      const head = Object.entries(fields).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},\n`).join('');
      await writeArray(`{\n${head}  ${JSON.stringify(key)}: [`, rows, (r) => r, '\n}\n');
    },
    stream(key, toText, beforeLine) {
      return json ? jsonStream(key) : textStream(toText, beforeLine);
    },
  };
}

/** Writes batched to about 64 KiB; a full pipe is waited for, so a slow reader never makes it buffer the lot. */
function batchedStdout(): { add(text: string): Promise<void>; flush(): Promise<void> } {
  let batch = '';
  const flush = async () => {
    const text = batch;
    batch = '';
    if (text && !process.stdout.write(text)) await once(process.stdout, 'drain');
  };
  return {
    async add(text) {
      batch += text;
      if (batch.length > 1 << 16) await flush();
    },
    flush,
  };
}

function jsonStream<T>(key: string): RowStream<T> {
  const out = batchedStdout();
  let first = true;
  return {
    async row(r) {
      const sep = first ? `{\n  ${JSON.stringify(key)}: [\n` : ',\n';
      first = false; // before the wait: rows come from several lanes at once
      await out.add(`${sep}${JSON.stringify(r)}`);
    },
    async end(fields) {
      const tail = Object.entries(fields).map(([k, v]) => `,\n  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join('');
      await out.add(`${first ? `{\n  ${JSON.stringify(key)}: []` : '\n]'}${tail}\n}\n`);
      await out.flush();
    },
    async abort() {
      await out.add(`${first ? `{\n  ${JSON.stringify(key)}: []` : '\n]'},\n  "incomplete": true\n}\n`);
      await out.flush();
    },
  };
}

function textStream<T>(toText: (row: T) => string, beforeLine?: () => void): RowStream<T> {
  const out = batchedStdout();
  return {
    async row(r) {
      await out.add(`${forTerminal(toText(r))}\n`);
      // Under a progress bar a line goes out at once, the bar's line cleared first (it redraws below).
      if (beforeLine) {
        beforeLine();
        await out.flush();
      }
    },
    async end(_fields, text) {
      beforeLine?.();
      await out.add(forTerminal(text()).replace(/\n?$/, '\n'));
      await out.flush();
    },
    async abort() {
      beforeLine?.();
      await out.flush();
    },
  };
}

/** One row per line; waits for the pipe to drain, so a slow reader never makes it buffer the lot. */
async function writeArray<T>(start: string, rows: Iterable<T>, toJson: (row: T) => unknown, end: string): Promise<void> {
  let batch = start;
  let first = true;
  const flush = async () => {
    if (!process.stdout.write(batch)) await once(process.stdout, 'drain');
    batch = '';
  };
  for (const row of rows) {
    batch += `${first ? '\n' : ',\n'}${JSON.stringify(toJson(row))}`;
    first = false;
    if (batch.length > 1 << 16) await flush();
  }
  batch += `${first ? ']' : '\n]'}${end}`;
  await flush();
}

/** The columns a text takes on a terminal: CJK characters take two. */
const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u1100-\uffe6]/u.test(ch) ? 2 : 1), 0);

/** `s` padded to `columns` as a terminal shows it (String.padEnd counts a Chinese character as one). */
export function padded(s: string, columns: number): string {
  return s + ' '.repeat(Math.max(0, columns - width(s)));
}

/** A plain text table: columns padded to their widest cell (CJK characters count double). */
export function table(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c).replace(CELL_CONTROL, escaped))))];
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c)))).join('  ');
  return cells.map((r) => line(r)).join('\n');
}
