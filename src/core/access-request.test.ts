import { describe, expect, it } from 'vitest';
import { accessState, copyName, dayAfter, getsWorkingCopy, isAccessPurpose, manifestJson, sha256sums, untilProblem } from './access-request.js';

describe('access requests (R13, P27)', () => {
  it('knows the purposes and which get a working copy', () => {
    expect(isAccessPurpose('archive')).toBe(true);
    expect(isAccessPurpose('look')).toBe(false);
    expect(['view', 'public-use', 'copy', 'evidence', 'archive'].filter((p) => getsWorkingCopy(p as never))).toEqual(['view', 'public-use']);
  });

  it('ends a grant after its last day and reads its state at an instant', () => {
    expect(dayAfter('2026-12-31')).toBe('2027-01-01');
    expect(dayAfter('2028-02-28')).toBe('2028-02-29');
    const r = { status: 'approved' as const, endsAtMs: 1000, expiredAt: null };
    expect(accessState(r, 999)).toBe('live');
    expect(accessState(r, 1000)).toBe('ended');
    expect(accessState({ ...r, expiredAt: 'x' }, 0)).toBe('ended');
    expect(accessState({ ...r, status: 'open' }, 999)).toBe('open');
    expect(accessState({ ...r, status: 'open' }, 1000)).toBe('lapsed');
    expect(accessState({ ...r, status: 'refused' }, 0)).toBe('refused');
  });

  it('refuses a last day that is not a date or is already past', () => {
    expect(untilProblem('2026-12-05', '2026-12-05')).toBeNull();
    expect(untilProblem('2026-12-04', '2026-12-05')?.en).toContain('before today');
    expect(untilProblem('2026-12-04', '2026-12-05')?.zh).toContain('早于今天');
    expect(untilProblem('2026-02-30', '2026-01-01')?.en).toContain('not a date');
    expect(untilProblem('tomorrow', '2026-01-01')?.en).toContain('not a date');
    expect(untilProblem('2027-01-01', '2026-01-01')).toBeNull();
    expect(untilProblem('2027-01-03', '2026-01-01')?.en).toContain('more than 366 days');
    expect(untilProblem('9999-12-31', '2026-01-01')?.en).toContain('more than 366 days');
  });

  it('writes a manifest and sums naming the grant and each file', () => {
    const files = [{ recordingId: 812, name: copyName(812, 'a/b/X.MP4'), sha256: 'f'.repeat(64), size: 3 }];
    expect(files[0]!.name).toBe('812-X.MP4');
    const m = JSON.parse(manifestJson({ grantId: 14, purpose: 'view', beneficiary: '当事人 张某', requestedBy: 'li', approvedBy: 'zhao', until: '2026-12-05', endsAt: 'e', madeAt: 'm' }, files));
    expect(m).toMatchObject({ grantId: 14, approvedBy: 'zhao', files });
    expect(sha256sums(files)).toBe(`${'f'.repeat(64)}  812-X.MP4\n`);
  });
});
