import { describe, expect, it } from 'vitest';
import { contradiction, describeContradiction } from './device-contradiction.js';

describe('contradiction', () => {
  it('finds file names that name another recorder', () => {
    const c = contradiction('9999999', ['0001234', '0001234', null], null);
    expect(c).toEqual({ typed: '9999999', namedInFiles: { '0001234': 2 }, volumeRecorder: null });
    expect(describeContradiction(c!)).toContain('2 files name recorder 0001234');
  });
  it('finds a volume that is another registered recorder, even when the names say nothing', () => {
    expect(contradiction('0001235', [null, null], '0001234')?.volumeRecorder).toBe('0001234');
  });
  it('is silent when names and volume agree or say nothing', () => {
    expect(contradiction('0001234', ['0001234', null], '0001234')).toBeNull();
    expect(contradiction('0001234', [], null)).toBeNull();
  });
});
