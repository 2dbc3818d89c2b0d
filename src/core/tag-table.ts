/** Catalogue rows as tag files in a bag: CSV (RFC 4180, UTF-8 with BOM for spreadsheet programs) and JSON. */

export type TagValue = string | number | boolean | null | readonly unknown[] | Record<string, unknown>;
export type TagRow = Record<string, TagValue>;

function csvCell(v: TagValue): string {
  if (v === null) return '';
  const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Header line from `columns`, one line per row, CRLF as RFC 4180 asks. */
export function csvText(columns: readonly string[], rows: readonly TagRow[]): string {
  const lines = [columns.map((c) => csvCell(c)).join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c] ?? null)).join(','))];
  return '\uFEFF' + lines.map((l) => `${l}\r\n`).join('');
}

export function jsonText(rows: readonly TagRow[]): string {
  return JSON.stringify(rows, null, 2) + '\n';
}
