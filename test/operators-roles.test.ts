/** Roles on every command, through the built CLI as different OS accounts (SUDO_USER, as sudo sets it). */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { makeWorkspace, runCli, runJson } from './support/cli.js';
import type { AuditEntry } from '../src/core/audit-chain.js';

describe('operators and roles', () => {
  const ws = makeWorkspace('ev-roles-', { admin: 'boss' });
  afterAll(() => ws.cleanup());
  const as = (user: string | null, ...args: string[]) => runCli(['--config', ws.config, ...args], user ? { SUDO_USER: user } : { SUDO_USER: '' });
  const log = (...filters: string[]) => runJson<AuditEntry[]>(['--config', ws.config, 'audit', 'log', ...filters], { SUDO_USER: 'boss' });

  it('makes the account that ran init its administrator, on the record', () => {
    expect(as('boss', 'operator', 'list').status).toBe(0);
    const ops = runJson<{ osUser: string; roles: string[]; active: boolean }[]>(['--config', ws.config, 'operator', 'list'], { SUDO_USER: 'boss' });
    expect(ops).toEqual([expect.objectContaining({ osUser: 'boss', roles: ['admin'], active: true })]);
    expect(log('--action', 'operator.bootstrap')).toEqual([expect.objectContaining({ operator: 'boss', target: 'boss', outcome: 'ok' })]);
  });

  it('refuses a stranger with the missing role and what to ask for, and records the refusal', () => {
    const r = as('wang', 'device', 'add', '--number', '0000001', '--brand', 'B', '--model', 'M');
    expect(r.status).toBe(77);
    expect(r.stderr).toContain('refused: wang is not an operator of this vault: "device.add" needs the role custodian or admin');
    expect(r.stderr).toContain('ask an administrator: evidence-vault operator add wang');
    const refused = log('--outcome', 'refused');
    expect(refused).toEqual([expect.objectContaining({ operator: 'wang', action: 'device.add', outcome: 'refused', role: null })]);
    expect(runJson<unknown[]>(['--config', ws.config, 'device', 'list'], { SUDO_USER: 'boss' })).toEqual([]); // nothing was done
  });

  it('lets an operator act in a role they hold and records that role; refuses one they lack', () => {
    const add = as('boss', 'operator', 'add', 'li', '--name', '李四', '--role', 'custodian');
    expect(add.status).toBe(0);
    expect(as('li', 'device', 'add', '--number', '0000001', '--brand', 'B', '--model', 'M').status).toBe(0);
    expect(log('--action', 'device.add', '--outcome', 'ok')).toEqual([expect.objectContaining({ operator: 'li', role: 'custodian' })]);

    const denied = as('li', 'audit', 'verify');
    expect(denied.status).toBe(77);
    expect(denied.stderr).toContain('lacks the role auditor or admin needed for "audit.verify"');
    expect(denied.stderr).toContain('this is the work of the auditor or admin: ask someone who holds that role'); // never: make the custodian an auditor too
    expect(log('--operator', 'li', '--outcome', 'refused')).toEqual([expect.objectContaining({ action: 'audit.verify' })]);
  });

  it('audits role changes and deactivation, and never removes the last administrator', () => {
    expect(as('boss', 'operator', 'roles', 'li', '--role', 'custodian', '--role', 'auditor').status).toBe(0);
    expect(as('li', 'audit', 'verify').status).toBe(0);
    expect(log('--action', 'operator.roles')).toEqual([
      expect.objectContaining({ operator: 'boss', role: 'admin', target: 'li', details: expect.objectContaining({ from: ['custodian'], to: ['custodian', 'auditor'] }) }),
    ]);
    expect(as('boss', 'operator', 'deactivate', 'li').status).toBe(0);
    expect(as('li', 'device', 'list').stderr).toContain('is deactivated');
    const last = as('boss', 'operator', 'deactivate', 'boss');
    expect(last.status).toBe(2);
    expect(last.stderr).toContain('last active administrator');
    expect(log('--action', 'operator.deactivate').map((e) => [e.target, e.outcome])).toEqual([
      ['li', 'ok'],
      ['boss', 'failed'],
    ]);
  });

  it('rejects an unknown role with the list of roles', () => {
    const r = as('boss', 'operator', 'add', 'zhao', '--name', '赵六', '--role', 'superuser');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('unknown role "superuser"');
    expect(r.stderr).toContain('custodian, archivist, auditor, approver, admin');
  });

  it('records look-ups, and the configuration whenever it changed since the last start', () => {
    expect(log('--action', 'device.list').length).toBeGreaterThan(0);
    const before = log('--action', 'config.loaded');
    expect(before).toHaveLength(1);
    as('boss', 'device', 'list');
    expect(log('--action', 'config.loaded')).toHaveLength(1);
    const cfg = JSON.parse(fs.readFileSync(ws.config, 'utf8'));
    fs.writeFileSync(ws.config, JSON.stringify({ ...cfg, fixity: { periodDays: 14 } }));
    as('boss', 'device', 'list');
    const after = log('--action', 'config.loaded');
    expect(after).toHaveLength(2);
    expect(after[1]!.details).toMatchObject({ previousHash: before[0]!.details.configHash, config: { fixity: { periodDays: 14 } } });
  });
});
