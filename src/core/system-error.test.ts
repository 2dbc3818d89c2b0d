import { describe, expect, it } from 'vitest';
import { UserError } from './errors.js';
import { systemErrorForPerson } from './system-error.js';

describe('systemErrorForPerson', () => {
  it('tells a person the catalogue was busy (exit 75), not "unexpected failure"', () => {
    const err = systemErrorForPerson(Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' }));
    expect(err).toBeInstanceOf(UserError);
    expect(err).toMatchObject({ exitCode: 75 });
    expect(err!.message).toContain('catalogue is busy');
  });

  it('leaves other catalogue errors to the bug path', () => {
    expect(systemErrorForPerson(Object.assign(new Error('x'), { code: 'SQLITE_CORRUPT' }))).toBeNull();
  });
});
