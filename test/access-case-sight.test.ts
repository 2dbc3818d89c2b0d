/**
 * R14: a request by case names no more of a secret case than `case show` would to the same person.
 * Before, a custodian without the clearance, refused `case show`, learnt which recordings the case
 * holds from the refusal of `access request --case`, which listed them with their levels.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { accessWorkspace, as, asJson, seed, setClearance } from './support/access-fixtures.js';

describe('a request by case for a case above the requester’s clearance', () => {
  const ws = accessWorkspace('ev-access-case-');
  afterAll(() => ws.cleanup());

  it('is refused as a case, naming none of its recordings, on the record with them', () => {
    const recs = seed(ws, ['2026-05-15', '2026-05-16', '2026-05-17']);
    setClearance(ws, 'chen', 'state-secret');
    const number = '鞍自然执〔2026〕91号';
    expect(as(ws, 'chen', 'case', 'create', number, '--title', '军事设施').status).toBe(0);
    expect(as(ws, 'chen', 'case', 'link', number, '--recording', String(recs[0]), String(recs[2])).status).toBe(0);
    expect(as(ws, 'chen', 'case', 'classify', number, '--level', 'state-secret', '--reason', '涉密').status).toBe(0);
    expect(as(ws, 'li', 'case', 'show', number).status).toBe(77);
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const r = as(ws, 'li', 'access', 'request', '--case', number, '--purpose', 'view', '--for', 'x', '--until', until);
    expect(r.status).toBe(77);
    expect(r.stderr).toContain(`case ${number} is classified state secret, above your clearance (internal)`);
    for (const id of recs) expect(r.stderr).not.toMatch(new RegExp(`recording ${id}\\b`));
    const zh = as(ws, 'li', 'access', 'request', '--case', number, '--purpose', 'view', '--for', 'x', '--until', until, '--lang', 'zh');
    expect(zh.stderr).toContain(`案件 ${number} 的密级为国家秘密`);
    const entry = asJson<{ outcome: string; details: Record<string, unknown> }[]>(ws, 'boss', 'audit', 'log', '--action', 'access.request', '--outcome', 'refused').at(-1)!;
    expect(entry.details).toMatchObject({ recordings: [recs[0], recs[2]], case: number, clearance: 'internal', needed: 'state-secret' });
  });
});
