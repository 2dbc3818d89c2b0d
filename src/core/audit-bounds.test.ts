import { describe, expect, it } from 'vitest';
import { boundDetails, boundText, MAX_TEXT, wellFormed } from './audit-bounds.js';

describe('bounded trail entries', () => {
  it('keeps short text as it is and cuts long text to its head, length and digest', () => {
    expect(boundText('/media/recorders/0001234')).toBe('/media/recorders/0001234');
    const long = 'x'.repeat(131_072);
    const cut = boundText(long);
    expect(cut.length).toBeLessThan(MAX_TEXT + 80);
    expect(cut).toMatch(/…\[131072 characters, sha256 [0-9a-f]{16}…\]$/);
  });

  it('bounds every string in nested details, keys too, and keeps lists whole', () => {
    const d = boundDetails({ options: { device: 'y'.repeat(5000) }, ids: [1, 2, 3], ['k'.repeat(3000)]: true }) as Record<string, unknown>;
    expect(JSON.stringify(d).length).toBeLessThan(4000);
    expect((d.ids as number[]).length).toBe(3);
  });

  it('cuts long text between characters, never inside a surrogate pair; lone halves become U+FFFD', () => {
    const cut = boundText(`${'x'.repeat(MAX_TEXT - 1)}😀${'y'.repeat(10)}`);
    expect(cut.startsWith(`${'x'.repeat(MAX_TEXT - 1)}…[`)).toBe(true);
    expect(wellFormed('a😀b')).toBe('a😀b');
    expect(wellFormed('\ud800a\udc00\udbff')).toBe('\ufffda\ufffd\ufffd');
    expect(wellFormed('\udc00\ud800')).toBe('\ufffd\ufffd');
  });
});
