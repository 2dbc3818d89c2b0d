/**
 * The registers of issue 13 through the built CLI on a real catalogue: docking day by day on working
 * days (R12(1)), an officer who left (R3, handover), retirement by two people (R16), exemptions (R7,
 * P14) and the 30 days a closed case has to get its footage archived (P25).
 */
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVaultParts } from '../src/wiring.js';
import { makeWorkspace, runCli, runJson } from './support/cli.js';
import { seedRecording } from './support/seed-recordings.js';

interface DockHistoryJson {
  from: string;
  to: string;
  workingDays: number;
  notDocked: { date: string; deviceNumber: string; officerId: string }[];
  byRecorder: { deviceNumber: string; officerId: string; days: number; dates: string[] }[];
}

describe('compliance registers', () => {
  const ws = makeWorkspace('ev-registers-');
  const as = (user: string) => ({ SUDO_USER: user });
  const cli = (args: string[], user?: string) => runCli(['--config', ws.config, ...args], user ? as(user) : {});
  const json = <T>(args: string[], user?: string) => runJson<T>(['--config', ws.config, ...args], user ? as(user) : {});
  const ok = (args: string[], user?: string) => {
    const r = cli(args, user);
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
  /** A dock of a recorder at a local time: an ingest session started then (what the dock service writes). */
  const docked = (device: string, localIso: string) => {
    const db = new Database(ws.catalog);
    try {
      db.prepare("INSERT INTO ingest_sessions (started_at, source_root, device_number, operator, status) VALUES (?, '/media/recorders/R', ?, 'evidence-vault', 'done')").run(`${localIso}+08:00`, device);
    } finally {
      db.close();
    }
  };

  beforeAll(() => {
    // 2026-09-25 (a Friday) and 2026-10-01 are holidays here; Sunday 2026-09-27 is a make-up working day (调休).
    const config = JSON.parse(fs.readFileSync(ws.config, 'utf8')) as Record<string, unknown>;
    config.calendar = { workingDays: [1, 2, 3, 4, 5], holidays: ['2026-09-25', '2026-10-01'], extraWorkingDays: ['2026-09-27'] };
    config.staffing = { largeStaffFrom: 100 };
    fs.writeFileSync(ws.config, JSON.stringify(config, null, 2));
    ok(['operator', 'add', 'qian', '--name', '钱八', '--role', 'custodian']);
    ok(['operator', 'add', 'wang', '--name', '王五', '--role', 'approver']);
    ok(['operator', 'add', 'zhou', '--name', '周九', '--role', 'custodian', '--role', 'approver']);
    ok(['officer', 'add', '--id', '110101', '--name', '张三', '--unit', '执法一队']);
    ok(['officer', 'add', '--id', '110102', '--name', '李四', '--unit', '执法一队']);
    ok(['officer', 'add', '--id', '110103', '--name', '赵六', '--unit', '执法二队']);
    ok(['device', 'add', '--number', '0001', '--brand', '海康威视', '--model', 'DSJ-A8', '--asset-number', 'ZC-2026-001', '--purchased', '2026-03-15']);
    ok(['device', 'add', '--number', '0002', '--brand', '海康威视', '--model', 'DSJ-A8']);
    ok(['device', 'add', '--number', '0003', '--brand', '海康威视', '--model', 'DSJ-A8']);
    ok(['device', 'assign', '0001', '110101', '--from', '2026-09-01 08:00']);
    ok(['device', 'assign', '0003', '110103', '--from', '2026-09-01 08:00']);
    for (const day of ['2026-09-21T18:00:00', '2026-09-22T23:59:00', '2026-09-24T17:30:00', '2026-09-28T18:00:00', '2026-09-29T18:00:00']) docked('0001', day);
    for (const day of ['2026-09-21', '2026-09-22', '2026-09-23', '2026-09-24', '2026-09-27', '2026-09-28', '2026-09-29', '2026-09-30', '2026-10-02']) docked('0003', `${day}T18:00:00`);
  });
  afterAll(() => ws.cleanup());

  it('flags an assigned recorder not docked on a working day, not on a weekend or holiday, and never an unassigned one', () => {
    const h = json<DockHistoryJson>(['dock', 'history', '--from', '2026-09-21', '--to', '2026-09-27']);
    // Mon 21 … Thu 24 and the make-up Sunday 27 are working days; Friday 25 is a holiday, Saturday 26 a weekend.
    expect(h.workingDays).toBe(5);
    expect(h.notDocked).toEqual([
      { date: '2026-09-23', deviceNumber: '0001', officerId: '110101' },
      { date: '2026-09-27', deviceNumber: '0001', officerId: '110101' },
    ]);
    expect(h.byRecorder).toEqual([{ deviceNumber: '0001', officerId: '110101', days: 2, dates: ['2026-09-23', '2026-09-27'] }]);
    const one = json<DockHistoryJson>(['dock', 'history', '--from', '2026-09-21', '--to', '2026-09-27', '--device', '0003']);
    expect(one.notDocked).toEqual([]);
    const text = ok(['dock', 'history', '--from', '2026-09-21', '--to', '2026-09-27']).stdout;
    expect(text).toMatch(/2026-09-23\s+0001\s+110101/);
    expect(cli(['dock', 'history', '--from', '2026-09-31', '--to', '2026-10-02']).stderr).toMatch(/not a date/);
    expect(cli(['dock', 'history', '--from', '2026-10-02', '--to', '2026-09-01']).stderr).toMatch(/after --to/);
    expect(cli(['dock', 'history', '--from', '2026-09-01', '--to', '2026-09-30', '--device', '00O1']).stderr).toMatch(/recorder 00O1 is not registered/);
  });

  it('an officer who left hands the recorder over that day and no longer counts for R3', () => {
    const before = json<{ staffing: { officers: number }; staffingByUnit: { unit: string | null; officers: number; recorders: number }[] }>(['status']);
    expect(before.staffing.officers).toBe(3);
    // A lesser role may not change the register; a date before the assignment began is refused.
    expect(cli(['officer', 'status', '110101', 'left', '--date', '2026-10-01', '--handover-to', '110102'], 'wang').status).toBe(77);
    expect(cli(['officer', 'status', '110101', 'left', '--date', '2026-08-01']).stderr).toMatch(/after 2026-08-01/);
    expect(cli(['officer', 'status', '110101', 'left', '--date', '2026-10-01', '--handover-to', '110101']).status).toBe(2);
    const r = json<{ previous: string; officer: { status: string; statusDate: string }; recorders: { deviceNumber: string; handedTo: string }[] }>(
      ['officer', 'status', '110101', 'left', '--date', '2026-10-01', '--handover-to', '110102'],
      'qian',
    );
    expect(r).toMatchObject({ previous: 'active', officer: { status: 'left', statusDate: '2026-10-01' }, recorders: [{ deviceNumber: '0001', handedTo: '110102' }] });
    const history = json<{ officerId: string; fromAt: string; toAt: string | null }[]>(['device', 'history', '0001']);
    expect(history).toEqual([
      expect.objectContaining({ officerId: '110101', toAt: '2026-10-01T00:00:00+08:00' }),
      expect.objectContaining({ officerId: '110102', fromAt: '2026-10-01T00:00:00+08:00', toAt: null }),
    ]);
    const after = json<{ staffing: { officers: number; recorders: number }; staffingByUnit: { unit: string | null; officers: number; recorders: number }[] }>(['status']);
    expect(after.staffing).toMatchObject({ officers: 2, recorders: 3 });
    expect(after.staffingByUnit).toEqual([
      expect.objectContaining({ unit: '执法一队', officers: 1, recorders: 1 }),
      expect.objectContaining({ unit: '执法二队', officers: 1, recorders: 1 }),
      expect.objectContaining({ unit: null, officers: 0, recorders: 1 }),
    ]);
    // The days around the handover name the officer who held the recorder then.
    const h = json<DockHistoryJson>(['dock', 'history', '--from', '2026-09-30', '--to', '2026-10-02']);
    expect(h.notDocked).toEqual([
      { date: '2026-09-30', deviceNumber: '0001', officerId: '110101' },
      { date: '2026-10-02', deviceNumber: '0001', officerId: '110102' },
    ]);
    expect(cli(['device', 'assign', '0002', '110101']).stderr).toMatch(/officer 110101 is left/);
    // A second "left" would move the date R3 counts from; a date not yet come is refused.
    expect(cli(['officer', 'status', '110101', 'left', '--date', '2026-10-20']).stderr).toMatch(/is left already/);
    expect(cli(['officer', 'status', '110102', 'transferred', '--date', '2099-01-01']).stderr).toMatch(/in the future/);
    expect(auditOf('officer.status').map((e) => [e.operator, e.outcome])).toEqual([
      ['wang', 'refused'],
      [expect.any(String), 'refused'],
      [expect.any(String), 'refused'],
      ['qian', 'ok'],
      [expect.any(String), 'refused'],
      [expect.any(String), 'refused'],
    ]);
  });

  it('keeps asset data and a fault and repair log, shown in device show', () => {
    ok(['device', 'set', '0002', '--asset-number', 'ZC-2026-002', '--purchased', '2026-04-01'], 'qian');
    expect(cli(['device', 'set', '0003', '--asset-number', 'ZC-2026-001']).stderr).toMatch(/already belongs to recorder 0001/);
    expect(cli(['device', 'set', '0003', '--purchased', '2026-02-30']).stderr).toMatch(/not a purchase date/);
    ok(['device', 'fault', '0002', '--text', '镜头破裂'], 'qian');
    ok(['device', 'repaired', '0002', '--text', '更换镜头'], 'qian');
    expect(cli(['device', 'fault', '0002', '--text', 'x'], 'wang').status).toBe(77);
    const s = json<{ assetNumber: string; purchasedOn: string; events: { kind: string; text: string; by: string }[] }>(['device', 'show', '0002']);
    expect(s).toMatchObject({ assetNumber: 'ZC-2026-002', purchasedOn: '2026-04-01' });
    expect(s.events.map((e) => [e.kind, e.text, e.by])).toEqual([
      ['fault', '镜头破裂', 'qian'],
      ['repaired', '更换镜头', 'qian'],
    ]);
    expect(ok(['device', 'show', '0002']).stdout).toMatch(/ZC-2026-002[\s\S]*镜头破裂[\s\S]*更换镜头/);
  });

  it('retires a recorder only when a second person with the approver role approves', () => {
    const req = json<{ id: number; requestedBy: string; decision: null }>(['device', 'status', '0002', 'retired', '--reason', '主板损坏'], 'zhou');
    expect(req).toMatchObject({ requestedBy: 'zhou', decision: null });
    expect(json<{ status: string }>(['device', 'show', '0002']).status).toBe('in-service');
    expect(cli(['device', 'status', '0002', 'retired'], 'qian').stderr).toMatch(/waiting/);
    // The one who asked cannot approve, even holding the approver role; a custodian may not approve at all.
    const self = cli(['device', 'retire', '0002', '--approve'], 'zhou');
    expect(self.status).toBe(2);
    expect(self.stderr).toMatch(/second person/);
    expect(cli(['device', 'retire', '0002', '--approve'], 'qian').status).toBe(77);
    expect(json<{ status: string }>(['device', 'show', '0002']).status).toBe('in-service');
    const done = json<{ decision: string; decidedBy: string }>(['device', 'retire', '0002', '--approve', '--reason', '同意报废'], 'wang');
    expect(done).toMatchObject({ decision: 'approved', decidedBy: 'wang' });
    expect(json<{ status: string }>(['device', 'show', '0002']).status).toBe('retired');
    expect(cli(['device', 'retire', '0002', '--approve'], 'wang').stderr).toMatch(/no retirement request waiting/);
    expect(auditOf('device.retire-approve').map((e) => [e.operator, e.outcome])).toEqual([
      ['zhou', 'refused'],
      ['qian', 'refused'],
      ['wang', 'ok'],
      ['wang', 'refused'],
    ]);
  });

  it('records an enforcement act that was not recorded, with consent or a written reason, and lists it', () => {
    const e = json<{ id: number; actAt: string; consentBy: string }>(['exemption', 'record', '--officer', '110102', '--at', '2026-05-15 09:30', '--act', '现场勘验', '--consent-by', '王某'], 'qian');
    expect(e).toMatchObject({ actAt: '2026-05-15T09:30:00+08:00', consentBy: '王某' });
    ok(['exemption', 'record', '--officer', '110103', '--at', '2026-07-02 14:00', '--act', '抽样取证', '--reason', '记录仪故障，书面说明附后'], 'wang');
    const none = cli(['exemption', 'record', '--officer', '110102', '--at', '2026-05-16', '--act', '现场检查'], 'qian');
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/consented or a written reason/);
    expect(cli(['exemption', 'record', '--officer', '999', '--at', '2026-05-16', '--act', 'x', '--reason', 'y']).stderr).toMatch(/not registered/);
    expect(cli(['exemption', 'record', '--officer', '110102', '--at', '2099-01-01', '--act', 'x', '--reason', 'y']).stderr).toMatch(/in the future/);
    const all = json<{ officerId: string; act: string }[]>(['exemption', 'list']);
    expect(all.map((x) => [x.officerId, x.act])).toEqual([
      ['110102', '现场勘验'],
      ['110103', '抽样取证'],
    ]);
    expect(json<unknown[]>(['exemption', 'list', '--from', '2026-05-01', '--to', '2026-05-15'])).toHaveLength(1);
    expect(json<unknown[]>(['exemption', 'list', '--from', '2026-06-01'])).toHaveLength(1);
    expect(auditOf('exemption.record').map((e) => e.outcome)).toEqual(['ok', 'ok', 'refused', 'refused', 'refused']);
  });

  it('shows a case closed more than 30 days ago with footage not archived, until it is on a disc or in an archive set', async () => {
    const ids: number[] = [];
    const daysAgo = (n: number) => ({ now: () => new Date(Date.now() - n * 86_400_000) });
    const open = (n: number) => openVaultParts({ configFile: ws.config, logLevel: 'silent', clock: daysAgo(n) });
    let v = open(0);
    ids.push(seedRecording(v, '2026-03-01', '0001'), seedRecording(v, '2026-03-02', '0001'), seedRecording(v, '2026-03-03', '0001'), seedRecording(v, '2026-03-04', '0003'));
    v.cases.create({ number: '鞍自然执〔2026〕40号', title: '逾期案', category: 'general' });
    v.cases.create({ number: '鞍自然执〔2026〕41号', title: '未逾期案', category: 'general' });
    v.cases.link('鞍自然执〔2026〕40号', { ids: [ids[0]!, ids[1]!] });
    v.cases.create({ number: '鞍自然执〔2026〕42号', title: '待归档案', category: 'general' });
    v.cases.link('鞍自然执〔2026〕41号', { ids: [ids[2]!] });
    v.cases.link('鞍自然执〔2026〕42号', { ids: [ids[3]!] });
    await v.close();
    v = open(40);
    v.cases.setStatus('鞍自然执〔2026〕40号', 'closed');
    await v.close();
    v = open(35);
    v.cases.setStatus('鞍自然执〔2026〕42号', 'closed');
    await v.close();
    v = open(10);
    v.cases.setStatus('鞍自然执〔2026〕41号', 'closed');
    await v.close();
    // Closing it again today does not move its deadline.
    ok(['case', 'close', '鞍自然执〔2026〕40号']);
    const overdue = json<{ number: string; daysOverdue: number; missing: number[] }[]>(['case', 'list', '--overdue']);
    expect(overdue).toEqual([
      expect.objectContaining({ number: '鞍自然执〔2026〕40号', daysOverdue: 10, missing: [ids[0], ids[1]] }),
      expect.objectContaining({ number: '鞍自然执〔2026〕42号', daysOverdue: 5, missing: [ids[3]] }),
    ]);
    expect(ok(['case', 'list', '--overdue']).stdout).toMatch(/鞍自然执〔2026〕40号/);
    const out = path.join(ws.dir, 'disc');
    // Exit 3: the disc is made, its register names items still to fill in by hand (no unitName here).
    const disc = cli(['disc', 'build', '--case', '鞍自然执〔2026〕40号', '--out', out]);
    expect([0, 3], disc.stderr).toContain(disc.status);
    expect(json<unknown[]>(['disc', 'list'])).toHaveLength(1);
    expect(json<{ number: string }[]>(['case', 'list', '--overdue']).map((c) => c.number)).toEqual(['鞍自然执〔2026〕42号']);
    ok(['export', 'quarter', '2026Q1', '--out', path.join(ws.dir, 'archive')]);
    expect(json<unknown[]>(['case', 'list', '--overdue'])).toEqual([]);
  });
});
