import { describe, expect, it } from 'vitest';
import { boundDetails, boundText, MAX_TEXT } from './audit-bounds.js';

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
});
