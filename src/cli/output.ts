/** How results reach people and scripts: --json prints one JSON value on stdout; otherwise plain text. */
export interface Output {
  json: boolean;
  /** Print the result: `value` as JSON, or `text()` for a person. */
  result(value: unknown, text: () => string): void;
}

export function createOutput(json: boolean): Output {
  return {
    json,
    result(value, text) {
      process.stdout.write(json ? JSON.stringify(value, null, 2) + '\n' : text().replace(/\n?$/, '\n'));
    },
  };
}

/** A plain text table: columns padded to their widest cell (CJK characters count double). */
export function table(headers: string[], rows: (string | number | null | undefined)[][]): string {
  const cells = [headers, ...rows.map((r) => r.map((c) => (c === null || c === undefined ? '' : String(c))))];
  const width = (s: string) => [...s].reduce((n, ch) => n + (/[\u1100-\uffe6]/u.test(ch) ? 2 : 1), 0);
  const widths = headers.map((_, i) => Math.max(...cells.map((r) => width(r[i] ?? ''))));
  const line = (r: string[]) => r.map((c, i) => (i === r.length - 1 ? c : c + ' '.repeat(widths[i]! - width(c)))).join('  ');
  return cells.map((r) => line(r)).join('\n');
}
