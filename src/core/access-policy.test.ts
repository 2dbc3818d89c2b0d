import { describe, expect, it } from 'vitest';
import { decideAccess, type Operator } from './access-policy.js';

const op = (roles: Operator['roles'], active = true): Operator => ({ osUser: 'li', name: '李四', roles, active, createdAt: '', updatedAt: '' });
const ingest = { action: 'ingest', roles: ['custodian', 'admin'] } as const;

describe('decideAccess', () => {
  it('allows in the first of the command\'s roles the operator holds', () => {
    expect(decideAccess('li', op(['admin', 'custodian']), ingest)).toEqual({ allowed: true, role: 'custodian' });
    expect(decideAccess('li', op(['admin']), ingest)).toEqual({ allowed: true, role: 'admin' });
  });

  it('refuses a stranger, naming the role and the command to ask for', () => {
    const d = decideAccess('wang', undefined, ingest);
    expect(d.allowed).toBe(false);
    if (d.allowed) return;
    expect(d.reason).toBe('not-an-operator');
    expect(d.message.en).toContain('custodian or admin');
    expect(d.hint.en).toBe('ask an administrator: evidence-vault operator add wang --name "<full name>" --role custodian');
    expect(d.message.zh).toContain('custodian（专（兼）职管理员）或admin（系统管理员）');
    expect(d.hint.zh).toBe('请系统管理员执行：evidence-vault operator add wang --name "<姓名>" --role custodian');
  });

  it('refuses a missing role and an inactive operator', () => {
    const d = decideAccess('li', op(['archivist']), ingest);
    expect(d.allowed === false && d.reason).toBe('missing-role');
    expect(d.allowed === false && d.hint.en).toContain('operator roles li --role archivist --role custodian');
    expect(decideAccess('li', op(['custodian'], false), ingest).allowed).toBe(false);
  });

  it('never tells an administrator to ask an administrator', () => {
    const release = { action: 'hold.release', roles: ['approver'] } as const;
    const d = decideAccess('li', op(['admin']), release);
    expect(d.allowed).toBe(false);
    if (d.allowed) return;
    expect(d.hint.en).not.toContain('ask an administrator');
    expect(d.hint.en).toContain('you are an administrator: grant it (recorded) with evidence-vault operator roles li --role admin --role approver');
    expect(d.hint.en).toContain('another operator');
  });

  it('sends anyone else to a leader for a leader\'s decision, never to the administrator for the role', () => {
    const approve = { action: 'access.approve', roles: ['approver'] } as const;
    const d = decideAccess('li', op(['custodian']), approve);
    expect(d.allowed).toBe(false);
    if (d.allowed) return;
    expect(d.hint.en).not.toContain('operator roles');
    expect(d.hint.zh).toBe('这是领导（approver，审批人）的决定：请交由领导办理；申请人不得审批本人的申请');
  });

  it('never offers an auditor the role whose work they check, nor those roles the auditor’s', () => {
    const repair = { action: 'repair', roles: ['custodian', 'admin'] } as const;
    for (const [held, access] of [[['auditor'], repair], [['custodian'], { action: 'audit.verify', roles: ['auditor'] } as const], [['auditor'], { action: 'export', roles: ['archivist'] } as const]] as const) {
      const d = decideAccess('shen', op([...held]), access);
      expect(d.allowed).toBe(false);
      if (d.allowed) return;
      expect(d.hint.en).not.toContain('operator roles');
      expect(d.hint.zh).toContain('请交由担任该角色的人办理');
    }
  });
});
