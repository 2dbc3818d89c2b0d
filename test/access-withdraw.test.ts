/**
 * R14: footage classified above its approver's clearance after approval is no longer covered by the
 * grant. `access open` refused it already, but the working copy stayed, readable by the requester's
 * group at a path they knew, until the grant ended. Now the classification withdraws it, on the record.
 * The same holds for the requester, to whom the footage goes: a request, an approval and every use
 * need their clearance too, and a use by anyone else needs that person's.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { accessWorkspace, as, asJson, seed, setClearance, setLevel, trail } from './support/access-fixtures.js';
import { openVaultParts } from '../src/wiring.js';

describe('a working copy whose footage is classified after approval', () => {
  const ws = accessWorkspace('ev-access-withdraw-');
  afterAll(() => ws.cleanup());

  it('is removed when the footage goes above the approver’s clearance, on the record, and open is refused', () => {
    const [id] = seed(ws, ['2026-05-15']) as [number];
    setClearance(ws, 'zhao', 'internal');
    setClearance(ws, 'chen', 'state-secret');
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const grant = asJson<{ id: number }>(ws, 'li', 'access', 'request', '--recordings', String(id), '--purpose', 'view', '--for', '办案人员', '--until', until).id;
    const approved = asJson<{ copy: string }>(ws, 'zhao', 'access', 'approve', String(grant));
    expect(fs.readdirSync(approved.copy).length).toBeGreaterThan(0);

    // Within the approver's clearance: the copy stays.
    expect(as(ws, 'chen', 'recordings', 'classify', String(id), '--level', 'internal', '--reason', '内部').status).toBe(0);
    expect(fs.existsSync(approved.copy)).toBe(true);
    // Above it: withdrawn at once.
    const r = as(ws, 'chen', 'recordings', 'classify', String(id), '--level', 'state-secret', '--reason', '涉及军事设施');
    expect(r.status, r.stderr).toBe(0);
    expect(fs.existsSync(approved.copy)).toBe(false);
    expect(trail(ws, `access:${grant}`).filter((e) => e.action === 'access.withdraw')).toEqual([
      expect.objectContaining({ operator: 'chen', outcome: 'ok', details: { recordings: [id], why: 'above a clearance', approvedBy: 'zhao', requestedBy: 'li', removed: approved.copy } }),
    ]);
    expect(as(ws, 'li', 'access', 'open', String(grant)).status).toBe(77);
    // Nothing to withdraw twice.
    expect(as(ws, 'li', 'access', 'list').status).toBe(0);
    expect(trail(ws, `access:${grant}`).filter((e) => e.action === 'access.withdraw')).toHaveLength(1);
  });

  it('is refused once its requester’s clearance is lowered below the footage; nobody uncleared uses a grant', () => {
    const [id] = seed(ws, ['2026-05-16']) as [number];
    setClearance(ws, 'zhao', 'commercial-secret');
    setClearance(ws, 'li', 'commercial-secret');
    expect(as(ws, 'chen', 'recordings', 'classify', String(id), '--level', 'commercial-secret', '--reason', '涉企').status).toBe(0);
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const grant = asJson<{ id: number }>(ws, 'li', 'access', 'request', '--recordings', String(id), '--purpose', 'view', '--for', '办案人员', '--until', until).id;
    // Lowered between the request and the decision: the approval is refused and names the requester.
    setClearance(ws, 'li', 'internal');
    const early = as(ws, 'zhao', 'access', 'approve', String(grant));
    expect(early.status).toBe(77);
    expect(early.stderr).toContain(`recording ${id} is commercial secret, above the clearance of li, who asked for access ${grant} (internal)`);
    setClearance(ws, 'li', 'commercial-secret');
    // Approved; li has no account on this PC, so no working copy of secret footage (exit 1, the grant
    // stands; access-readers.test.ts has those copies).
    const approved = as(ws, 'zhao', 'access', 'approve', String(grant));
    expect(approved.status).toBe(1);
    expect(approved.stdout).toContain('cannot make it readable by li alone');
    // wang, a custodian of the same group without the clearance, may not use li's grant.
    const other = as(ws, 'wang', 'access', 'copy', String(grant));
    expect(other.status).toBe(77);
    expect(other.stderr).toContain(`recording ${id} is commercial secret, above your clearance (internal)`);
    expect(trail(ws, `access:${grant}`).at(-1)).toMatchObject({ action: 'access.copy', operator: 'wang', outcome: 'refused', details: { clearance: 'internal', needed: 'commercial-secret' } });
    // A leader lowers li's clearance: li is refused from then on.
    const lowered = as(ws, 'zhao', 'operator', 'clearance', 'li', '--level', 'internal', '--reason', '调离涉企案件');
    expect(lowered.status, lowered.stderr).toBe(0);
    const late = as(ws, 'li', 'access', 'copy', String(grant));
    expect(late.status).toBe(77);
    expect(late.stderr).toContain(`above the clearance of li, who asked for access ${grant} (internal)`);
  });

  it('is removed at once when its recording is linked into a secret case, as a classification does', () => {
    const [rec] = seed(ws, ['2026-05-17']) as [number];
    setClearance(ws, 'chen', 'state-secret');
    setClearance(ws, 'li', 'internal');
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const grant = asJson<{ id: number }>(ws, 'li', 'access', 'request', '--recordings', String(rec), '--purpose', 'view', '--for', '办案人员', '--until', until).id;
    const { copy } = asJson<{ copy: string }>(ws, 'zhao', 'access', 'approve', String(grant));
    expect(fs.existsSync(copy)).toBe(true);
    expect(as(ws, 'chen', 'case', 'create', '鞍自然执〔2026〕90号', '--title', '涉密').status).toBe(0);
    expect(as(ws, 'chen', 'case', 'classify', '鞍自然执〔2026〕90号', '--level', 'state-secret', '--reason', '涉及军事设施').status).toBe(0);
    const linked = as(ws, 'chen', 'case', 'link', '鞍自然执〔2026〕90号', '--recording', String(rec));
    expect(linked.status, linked.stderr).toBe(0);
    expect(fs.existsSync(copy)).toBe(false);
    expect(trail(ws, `access:${grant}`).filter((e) => e.action === 'access.withdraw')).toEqual([expect.objectContaining({ operator: 'chen', outcome: 'ok' })]);
  });

  it('that cannot be removed is on the record as failed once, not at every sweep, and withdrawn once it can be', () => {
    const [rec] = seed(ws, ['2026-05-19']) as [number];
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const grant = asJson<{ id: number }>(ws, 'li', 'access', 'request', '--recordings', String(rec), '--purpose', 'view', '--for', '办案人员', '--until', until).id;
    const { copy } = asJson<{ copy: string }>(ws, 'zhao', 'access', 'approve', String(grant));
    const stuck = `${copy}/${fs.readdirSync(copy)[0]!}`;
    // An immutable file (as a disk error or a tool holding it would): the folder cannot be removed.
    const chattr = (flag: string) => expect(spawnSync('chattr', [flag, stuck], { encoding: 'utf8' }).status).toBe(0);
    chattr('+i');
    try {
      setLevel(ws, rec, 'state-secret');
      // Three sweeps (each access command runs one): one entry of the failure, not three.
      for (let i = 0; i < 3; i++) expect(as(ws, 'li', 'access', 'list').status).toBe(0);
      const failed = trail(ws, `access:${grant}`).filter((e) => e.action === 'access.withdraw');
      expect(failed).toEqual([expect.objectContaining({ outcome: 'failed', details: expect.objectContaining({ why: 'above a clearance', error: expect.any(String) }) })]);
      expect(fs.existsSync(copy)).toBe(true);
    } finally {
      chattr('-i');
    }
    expect(as(ws, 'li', 'access', 'list').status).toBe(0);
    expect(fs.existsSync(copy)).toBe(false);
    expect(trail(ws, `access:${grant}`).filter((e) => e.action === 'access.withdraw').map((e) => e.outcome)).toEqual(['failed', 'ok']);
  });

  it('is withdrawn, and recorded, once when two sweeps run at the same moment', async () => {
    const [rec] = seed(ws, ['2026-05-18']) as [number];
    const until = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
    const grant = asJson<{ id: number }>(ws, 'li', 'access', 'request', '--recordings', String(rec), '--purpose', 'view', '--for', '办案人员', '--until', until).id;
    const { copy } = asJson<{ copy: string }>(ws, 'zhao', 'access', 'approve', String(grant));
    setLevel(ws, rec, 'state-secret');
    const a = openVaultParts({ configFile: ws.config, logLevel: 'silent', actor: { operator: 'zhao', role: 'approver' } });
    const b = openVaultParts({ configFile: ws.config, logLevel: 'silent', actor: { operator: 'li', role: 'custodian' } });
    try {
      await Promise.all([a.access.ending.withdrawUncovered(), b.access.ending.withdrawUncovered()]);
    } finally {
      await a.close();
      await b.close();
    }
    expect(fs.existsSync(copy)).toBe(false);
    expect(trail(ws, `access:${grant}`).filter((e) => e.action === 'access.withdraw')).toHaveLength(1);
  });

  it('ends a deactivated requester’s grants, on the record, so that reactivating them brings none back', async () => {
    const [rec, other] = seed(ws, ['2026-05-20', '2026-05-21']) as [number, number];
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    for (const user of ['sun', 'zhou']) expect(as(ws, 'boss', 'operator', 'add', user, '--name', user, '--role', 'custodian').status).toBe(0);
    const grant = asJson<{ id: number }>(ws, 'sun', 'access', 'request', '--recordings', String(rec), '--purpose', 'view', '--for', '办案人员', '--until', until).id;
    const { copy } = asJson<{ copy: string }>(ws, 'zhao', 'access', 'approve', String(grant));
    const off = as(ws, 'boss', 'operator', 'deactivate', 'sun');
    expect(off.status, off.stderr).toBe(0);
    expect(fs.existsSync(copy)).toBe(false);
    const ends = trail(ws, `access:${grant}`).filter((e) => e.action === 'access.end' || e.action === 'access.expire');
    expect(ends).toEqual([
      expect.objectContaining({ action: 'access.end', operator: 'boss', outcome: 'ok', details: expect.objectContaining({ requestedBy: 'sun', why: 'requester deactivated' }) }),
      expect.objectContaining({ action: 'access.expire', operator: 'boss', outcome: 'ok', details: expect.objectContaining({ removed: copy }) }),
    ]);
    // Back at work: the old grant stays ended; footage needs a new request, approved again.
    expect(as(ws, 'boss', 'operator', 'roles', 'sun', '--role', 'custodian').status).toBe(0);
    const reopen = as(ws, 'sun', 'access', 'open', String(grant));
    expect(reopen.status).not.toBe(0);
    expect(fs.existsSync(copy)).toBe(false);

    // Deactivated by a command that ended before its sweep (killed between the two): the reactivation ends the grant first.
    const second = asJson<{ id: number }>(ws, 'zhou', 'access', 'request', '--recordings', String(other), '--purpose', 'view', '--for', '办案人员', '--until', until).id;
    asJson(ws, 'zhao', 'access', 'approve', String(second));
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent', actor: { operator: 'boss', role: 'admin' } });
    try {
      v.operators.deactivate('zhou');
    } finally {
      await v.close();
    }
    expect(as(ws, 'boss', 'operator', 'roles', 'zhou', '--role', 'custodian').status).toBe(0);
    expect(trail(ws, `access:${second}`).map((e) => e.action)).toContain('access.end');
    expect(as(ws, 'zhou', 'access', 'open', String(second)).status).not.toBe(0);
  });
});
