import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOutput, table } from './output.js';

/** What the stream wrote to stdout. */
function capture(): { text: () => string } {
  let text = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    text += String(chunk);
    return true;
  });
  return { text: () => text };
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('a findings stream cut short by a failure', () => {
  it('--json: prints the rows found so far and closes the object marked incomplete', async () => {
    const out = capture();
    const s = createOutput(true).stream<{ n: number }>('problems', (r) => String(r.n));
    await s.row({ n: 1 });
    await s.row({ n: 2 });
    await s.abort();
    expect(JSON.parse(out.text())).toEqual({ problems: [{ n: 1 }, { n: 2 }], incomplete: true });
  });

  it('--json with nothing found yet: still one object, marked incomplete', async () => {
    const out = capture();
    await createOutput(true).stream('problems', String).abort();
    expect(JSON.parse(out.text())).toEqual({ problems: [], incomplete: true });
  });

  it('text: the lines found so far are printed, not dropped', async () => {
    const out = capture();
    const s = createOutput(false).stream<{ n: number }>('problems', (r) => `row ${r.n}`);
    await s.row({ n: 1 });
    await s.abort();
    expect(out.text()).toBe('row 1\n');
  });
});

describe('what others typed, shown to a person', () => {
  const hostile = 'Journalist X (press)\r\x1b[2K法制审核 legal review\x07\x1b]0;title\x07';

  it('never reaches the terminal as control characters: escapes show instead, the text’s own lines stay', () => {
    const out = capture();
    createOutput(false).result({}, () => `beneficiary: ${hostile}\nsecond line\tkept`);
    expect(out.text()).toBe('beneficiary: Journalist X (press)\\r\\x1b[2K法制审核 legal review\\x07\\x1b]0;title\\x07\nsecond line\tkept\n');
  });

  it('cannot break a table cell into a forged row', () => {
    const text = table(['id', 'for'], [[1, 'party\n99  open  view'], [2, hostile]]);
    expect(text.split('\n')).toHaveLength(3);
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(text).toContain('party\\n99  open  view');
  });

  it('--json keeps the text exactly (JSON escapes it)', () => {
    const out = capture();
    createOutput(true).result({ for: hostile }, () => '');
    expect(JSON.parse(out.text())).toEqual({ for: hostile });
  });
});
