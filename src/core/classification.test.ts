import { describe, expect, it } from 'vitest';
import { clearanceCovers, isSecret, strictest } from './classification.js';

describe('classification (R14)', () => {
  it('a recording is as secret as the most secret of its own level and its cases', () => {
    expect(strictest([])).toBe('ordinary');
    expect(strictest(['internal', 'state-secret', 'commercial-secret'])).toBe('state-secret');
    expect(strictest(['ordinary', 'internal'])).toBe('internal');
  });

  it('every role sees internal footage; the secret levels need their own clearance, nested', () => {
    expect(clearanceCovers('ordinary', 'internal')).toBe(true);
    expect(clearanceCovers('internal', 'commercial-secret')).toBe(false);
    expect(clearanceCovers('commercial-secret', 'commercial-secret')).toBe(true);
    expect(clearanceCovers('commercial-secret', 'state-secret')).toBe(false);
    expect(clearanceCovers('state-secret', 'commercial-secret')).toBe(true);
    expect(isSecret('internal')).toBe(false);
    expect(isSecret('state-secret')).toBe(true);
  });
});
