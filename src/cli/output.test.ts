import { afterEach, describe, expect, it, vi } from 'vitest';
import { createOutput } from './output.js';

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
