import { describe, expect, it } from 'vitest';
import { busyCatalogueForPerson } from './system-error.js';

describe('busyCatalogueForPerson', () => {
  it('turns a catalogue locked past the busy timeout into a "try again" (exit 75), and nothing else', () => {
    const e = busyCatalogueForPerson(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
    expect(e?.exitCode).toBe(75);
    expect(e?.message).toContain('the catalogue is busy');
    expect(busyCatalogueForPerson(Object.assign(new Error('x'), { code: 'SQLITE_FULL' }))).toBeNull();
    expect(busyCatalogueForPerson('text')).toBeNull();
  });
});
