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
}

export function createOutput(json: boolean): Output {
  return {
    json,
    result(value, text) {
      process.stdout.write(json ? JSON.stringify(value, null, 2) + '\n' : text().replace(/\n?$/, '\n'));
    },
    async jsonArray(rows, toJson) {
      await writeArray('[', rows, toJson, '\n');
    },
    async jsonWithArray(fields, key, rows) {
      const head = Object.entries(fields).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)},\n`).join('');
      await writeArray(`{\n${head}  ${JSON.stringify(key)}: [`, rows, (r) => r, '\n}\n');
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

/** A plain text table: columns padded to their widest cell (CJK characters count double). */
export function table(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))))];
  const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u1100-\uffe6]/u.test(ch) ? 2 : 1), 0);
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c)))).join('  ');
  return cells.map((r) => line(r)).join('\n');
}
