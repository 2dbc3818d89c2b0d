/**
 * Red team for issue 13: holes found by attacking the compliance registers and the R15 inspection
 * through the built CLI, each kept as a test.
 */
import path from 'node:path';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, runCli, runJson } from './support/cli.js';

interface OfficerJson {
  id: string;
  status: string | null;
  statusDate: string | null;
}

describe('red team 13', () => {
  const ws = makeWorkspace('ev-red13-', { admin: 'boss' });
  const cli = (user: string, ...args: string[]) => runCli(['--config', ws.config, ...args], { SUDO_USER: user });
  const ok = (user: string, ...args: string[]) => {
    const r = cli(user, ...args);
    expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };
  const auditOf = (action: string) => {
    const db = new Database(ws.catalog, { readonly: true });
    try {
      return db.prepare('SELECT operator, outcome, details FROM audit_log WHERE action = ? ORDER BY seq').all(action) as { operator: string; outcome: string; details: string }[];
    } finally {
      db.close();
    }
  };

  beforeAll(() => {
    ok('boss', 'operator', 'add', 'keeper', '--name', '保管员', '--role', 'custodian');
    ok('boss', 'operator', 'add', 'head', '--name', '负责人', '--role', 'auditor');
    ok('keeper', 'officer', 'add', '--id', '110101', '--name', '张三', '--unit', '一队');
  });
  afterAll(() => ws.cleanup());

  it('refuses an officer status change dated before the status on record: it would silently rewrite who was active when', () => {
    ok('keeper', 'officer', 'status', '110101', 'left', '--date', '2026-03-06');
    // Careless (or hostile): "active from January" wipes the March leaving out of every report of that spring.
    const r = cli('keeper', 'officer', 'status', '110101', 'active', '--date', '2026-01-01');
    expect(r.status, r.stdout).toBe(2);
    expect(r.stderr).toContain('2026-03-06');
    const officers = runJson<OfficerJson[]>(['--config', ws.config, 'officer', 'list'], { SUDO_USER: 'head' });
    expect(officers.find((o) => o.id === '110101')).toMatchObject({ status: 'left', statusDate: '2026-03-06' });
    expect(auditOf('officer.status').at(-1)).toMatchObject({ operator: 'keeper', outcome: 'refused' });
    // The same day or later stays possible (came back).
    ok('keeper', 'officer', 'status', '110101', 'active', '--date', '2026-03-06');
  });

  it('refuses --from after --to in gap list and late list rather than a clean "no gaps" (dock history already refuses)', () => {
    for (const what of ['gap', 'late']) {
      const r = cli('head', what, 'list', '--from', '2026-03-08', '--to', '2026-03-02');
      expect(r.status, `${what}: ${r.stdout}`).toBe(2);
      expect(r.stderr).toContain('--from');
      expect(r.stdout).not.toMatch(/No gaps|No recordings/);
    }
    // The same day on both ends is one day, not an error.
    expect(cli('head', 'gap', 'list', '--from', '2026-03-02', '--to', '2026-03-02').status).toBe(0);
  });

  it('closes a retired recorder\'s register entry: no fault, repair or new asset number after the approval', () => {
    ok('boss', 'operator', 'add', 'leader', '--name', '领导', '--role', 'approver');
    ok('keeper', 'device', 'add', '--number', 'R9', '--brand', 'X', '--model', 'Y', '--asset-number', 'ZC-1');
    ok('keeper', 'device', 'status', 'R9', 'retired', '--reason', '摔坏');
    ok('leader', 'device', 'retire', 'R9', '--approve');
    for (const args of [['fault', 'R9', '--text', '又坏了'], ['repaired', 'R9', '--text', '修好了'], ['set', 'R9', '--asset-number', 'ZC-2']]) {
      const r = cli('keeper', 'device', ...args);
      expect(r.status, `${args.join(' ')}: ${r.stdout}`).toBe(2);
      expect(r.stderr).toContain('retired');
    }
    const shown = runJson<{ assetNumber: string | null; events: unknown[] }>(['--config', ws.config, 'device', 'show', 'R9'], { SUDO_USER: 'head' });
    expect(shown).toMatchObject({ assetNumber: 'ZC-1', events: [] });
    expect(auditOf('device.set').at(-1)).toMatchObject({ operator: 'keeper', outcome: 'refused' });
    // Nor can it be handed to anyone, and the hint does not suggest the impossible.
    const assign = cli('keeper', 'device', 'assign', 'R9', '110101');
    expect(assign.status).toBe(2);
    expect(assign.stderr).toContain('Assign another recorder');
    expect(assign.stderr).not.toContain('back in service');
  });

  it('refuses an exemption for an act done after the officer had left', () => {
    ok('keeper', 'officer', 'add', '--id', '110201', '--name', '王五', '--unit', '二队');
    ok('keeper', 'officer', 'status', '110201', 'left', '--date', '2026-04-01');
    const r = cli('keeper', 'exemption', 'record', '--officer', '110201', '--at', '2026-04-02 10:00', '--act', '现场检查', '--consent-by', '赵队长');
    expect(r.status, r.stdout).toBe(2);
    expect(r.stderr).toContain('2026-04-01');
    expect(auditOf('exemption.record').at(-1)).toMatchObject({ operator: 'keeper', outcome: 'refused' });
    // Before leaving it was his to do.
    ok('keeper', 'exemption', 'record', '--officer', '110201', '--at', '2026-03-31 10:00', '--act', '现场检查', '--consent-by', '赵队长');
  });

  it('refuses an inspection report of a period that has not begun: every number would read as a clean zero', () => {
    const out = path.join(ws.dir, 'future-report');
    const r = cli('head', 'report', 'inspection', '--from', '2099-01-01', '--to', '2099-06-30', '--out', out);
    expect(r.status, r.stdout).toBe(2);
    expect(r.stderr).toContain('2099-01-01');
    expect(fs.existsSync(path.join(out, 'inspection-2099-01-01-2099-06-30.json'))).toBe(false);
    expect(cli('head', 'report', 'inspection', '--from', '2099-01-01', '--to', '2099-06-30').status).toBe(2);
    expect(auditOf('report.inspection').at(-1)).toMatchObject({ operator: 'head', outcome: 'refused' });
  });
});
