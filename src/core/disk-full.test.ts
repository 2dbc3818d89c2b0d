import { describe, expect, it } from 'vitest';
import { UserError } from './errors.js';
import { diskFullError, diskFullForPerson, EXIT_DISK_FULL, isDiskFull } from './disk-full.js';
import { repairCommand, repairLines } from './repair-suggestion.js';

describe('a full disk', () => {
  it('is told by SQLite and system codes, and by a message carrying one', () => {
    expect(isDiskFull(Object.assign(new Error('database or disk is full'), { code: 'SQLITE_FULL' }))).toBe(true);
    expect(isDiskFull(Object.assign(new Error('write'), { code: 'ENOSPC' }))).toBe(true);
    expect(isDiskFull(new Error('copy a.MP4: ENOSPC: no space left on device'))).toBe(true);
    expect(isDiskFull(Object.assign(new Error('busy'), { code: 'SQLITE_BUSY' }))).toBe(false);
    expect(isDiskFull(new Error('ENOSPCX is not a code'))).toBe(false);
    expect(isDiskFull(null)).toBe(false);
  });

  it("becomes a person's error naming the disks once, in both languages, with what to do", () => {
    const e = diskFullError(['/v', '/c', '/v'], 'SQLITE_FULL');
    expect(e.message).toMatch(/^the disk holding \/v and \/c is full \(SQLITE_FULL\)/);
    expect(e.said.zh).toMatch(/^\/v、\/c 所在的磁盘已满（SQLITE_FULL）：命令已停止/);
    expect(e.message).not.toMatch(/[\u4e00-\u9fff]/);
    expect(e.hintSaid?.zh).toContain('df -h /v');
    expect(e.hint).toMatch(/free space .*df -h \/v/);
    expect(e.exitCode).toBe(EXIT_DISK_FULL);
  });

  it('leaves other errors and errors already meant for people as they are', () => {
    const other = new Error('EIO');
    expect(diskFullForPerson(other, ['/v'])).toBe(other);
    const person = new UserError('full, said already');
    expect(diskFullForPerson(Object.assign(person, { code: 'ENOSPC' }), ['/v'])).toBe(person);
    expect(diskFullForPerson(Object.assign(new Error('x'), { code: 'SQLITE_FULL' }), ['/v'])).toBeInstanceOf(UserError);
  });
});

describe('the repair suggestion', () => {
  it('names each damaged or missing recording once, in order; unexpected files and rows without a recording are not repaired', () => {
    expect(
      repairCommand([
        { kind: 'missing', recordingId: 13 },
        { kind: 'mismatch', recordingId: 4 },
        { kind: 'size-changed', recordingId: 13 },
        { kind: 'unexpected' },
        { kind: 'hash-differs-from-trail', recordingId: 9 },
      ]),
    ).toEqual(['evidence-vault', 'repair', '4', '13']);
    expect(repairCommand([{ kind: 'unexpected' }])).toBeNull();
    expect(repairLines(null)).toEqual([]);
    expect(repairLines(['evidence-vault', 'repair', '4']).at(-1)).toBe('  evidence-vault repair 4');
  });
});
