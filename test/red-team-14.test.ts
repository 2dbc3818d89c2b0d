/**
 * Red team for issue 14: holes found by attacking access by approval, classification, permanent
 * holds and disposal through the built CLI as lesser and careless operators, each kept as a test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessWorkspace, as, asJson, seed, setLevel, trail, type Workspace } from './support/access-fixtures.js';

const dayFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('red team 14', () => {
  let ws: Workspace;
  let ids: number[];
  const ok = (user: string, ...args: string[]) => {
    const r = as(ws, user, ...args);
    expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };
  const request = (user: string, ...args: string[]) => asJson<{ id: number }>(ws, user, 'access', 'request', ...args).id;

  beforeAll(() => {
    ws = accessWorkspace('ev-red14-');
    ids = seed(ws, ['2025-01-15', '2025-01-16', '2025-01-17', '2025-01-18', '2025-01-19']);
  });
  afterAll(() => ws.cleanup());

  it('refuses an --until years away (a typo for this year, or a grant meant to last for ever) with a clear error, not a crash', () => {
    for (const until of ['9999-12-31', '2062-12-05', dayFromNow(400)]) {
      const r = as(ws, 'li', 'access', 'request', '--recordings', String(ids[0]), '--purpose', 'view', '--for', '当事人 张某', '--until', until);
      expect(r.status, `${until}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(until);
      expect(r.stderr).not.toContain('unexpected failure');
    }
    // Within a year is a request like any other.
    expect(request('li', '--recordings', String(ids[0]), '--purpose', 'view', '--for', '当事人 张某', '--until', dayFromNow(300))).toBeGreaterThan(0);
  });
});
