/**
 * The R15 inspection through the built CLI on a small seeded catalogue: numbers against hand counts,
 * the files it writes and the rules for where, who may run it, and the inspection on the record.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InspectionRecord, InspectionReport } from '../src/core/inspection-types.js';
import { makeWorkspace, runCli, runJson, startCli } from './support/cli.js';
import { seedInspectionCatalogue } from './support/inspection-catalogue.js';

type Written = InspectionReport & { files: { path: string; sha256: string; bytes: number }[] };

describe('report inspection (R15)', () => {
  let ws: ReturnType<typeof makeWorkspace>;
  const cli = (user: string, ...args: string[]) => runCli(['--config', ws.config, ...args], { SUDO_USER: user });
  const json = <T>(user: string, ...args: string[]) => runJson<T>(['--config', ws.config, ...args], { SUDO_USER: user });
  let out: string;

  beforeAll(async () => {
    ws = makeWorkspace('ev-inspection-', { admin: 'boss' });
    await seedInspectionCatalogue(ws.config);
    expect(cli('boss', 'operator', 'add', 'head', '--name', '负责人', '--role', 'auditor').status).toBe(0);
    expect(cli('boss', 'operator', 'add', 'leader', '--name', '领导', '--role', 'approver').status).toBe(0);
    expect(cli('boss', 'operator', 'add', 'keeper', '--name', '保管员', '--role', 'custodian').status).toBe(0);
    out = path.join(ws.dir, 'report');
  });
  afterAll(() => ws.cleanup());

  it('counts per officer, recorder and unit as a person counts by hand, and writes the page, CSV and JSON', () => {
    const r = json<Written>('head', 'report', 'inspection', '--from', '2026-03-02', '--to', '2026-03-08', '--out', out);
    const o = Object.fromEntries(r.officers.map((l) => [l.officerId ?? 'none', l]));
    expect(o['110101']).toMatchObject({ name: '张三', recordings: 5, seconds: 3600, daysRecorded: 2, gaps: 0, gapsExplained: 0, late: 1, lateExplained: 0, daysNotDocked: 0, status: 'active' });
    expect(o['110102']).toMatchObject({ recordings: 4, seconds: 3600, daysRecorded: 1, gaps: 1, gapsExplained: 0, late: 1, lateExplained: 1, daysNotDocked: 2 });
    // 王五 left on 03-06; B1 (put in repair only later) stayed his, and was not docked 03-04, 03-05, 03-06.
    expect(o['110201']).toMatchObject({ recordings: 3, seconds: 3600, daysRecorded: 1, gaps: 1, gapsExplained: 1, late: 0, lateExplained: 0, daysNotDocked: 3, status: 'left' });
    expect(o['none']).toMatchObject({ name: null, recordings: 1, seconds: 60, gaps: 0, late: 0 });
    expect(r.totals).toMatchObject({ recordings: 13, seconds: 10860, devicesInRepair: 1, gaps: 2, gapsExplained: 1, late: 2, lateExplained: 1, devicesWithClockDrift: 1, daysNotDocked: 5 });
    const d = Object.fromEntries(r.devices.map((l) => [l.deviceNumber ?? 'none', l]));
    expect(d['A1']).toMatchObject({ recordings: 9, daysRecorded: 3, daysDocked: 3, officers: ['110101', '110102'], inRepair: false, unit: '一队', gaps: 1, gapsExplained: 0, late: 2, lateExplained: 1, clockDrift: 1, daysNotDocked: 2 });
    expect(d['B1']!.clockDrift).toBe(0);
    expect(d['B1']).toMatchObject({ recordings: 3, daysDocked: 2, inRepair: true, status: 'in-repair', gaps: 1, gapsExplained: 1, late: 0, daysNotDocked: 3 });
    const u = Object.fromEntries(r.units.map((l) => [l.unit ?? 'none', l]));
    expect(u['一队']).toMatchObject({ officers: 2, recorders: 1, recordings: 9, gaps: 1, gapsExplained: 0, late: 2, lateExplained: 1 });
    expect(u['二队']).toMatchObject({ gaps: 1, gapsExplained: 1, late: 0 });
    expect(u['一队']!.staffing.meetsRule).toBe(true);
    // R3 counts active officers: 二队's only one left, so it needs no recorder.
    expect(u['二队']).toMatchObject({ officers: 1, activeOfficers: 0, recorders: 0 });
    expect(u['二队']!.staffing.meetsRule).toBe(true);
    expect(r.staffing).toMatchObject({ officers: 2, activeOfficers: 2, recorders: 1, meetsRule: true });
    // A dock whose ingest failed still saw the recorder docked (as the docking history counts it).
    expect(r.calendar.map((c) => c.docked)).toEqual([2, 2, 0, 1, 0, 0, 0]);
    expect(r.exemptions).toEqual([{ id: 1, date: '2026-03-04T10:00:00+08:00', officerId: '110101', act: '现场检查（记录仪故障）', consentedBy: '赵队长', reason: null }]);
    expect(r.cases).toEqual([expect.objectContaining({ number: '鞍自然执〔2026〕17号', closedOn: '2026-03-10', deadline: '2026-04-09', unarchived: 3 })]);
    expect(r.notAvailable).toEqual({});
    expect(r.period).toMatchObject({ from: '2026-03-02', to: '2026-03-08', days: 7, workingDays: 5 });
    expect(r.previousInspection).toBeNull();

    const base = path.join(fs.realpathSync(ws.dir), 'report', 'inspection-2026-03-02-2026-03-08');
    expect(r.files.map((f) => f.path)).toEqual([`${base}.html`, `${base}.csv`, `${base}.json`]);
    for (const f of r.files) expect(fs.statSync(f.path).mode & 0o777).toBe(0o640);
    expect(fs.readdirSync(out).filter((n) => n.startsWith('.'))).toEqual([]);
    const csv = fs.readFileSync(`${base}.csv`, 'utf8');
    expect(csv.startsWith('\uFEFF')).toBe(true);
    expect(csv).toMatch(/^110101,张三,一队,在岗 active,5,1\.0,2,0,0,1,0,0$/m);
    expect(csv).toContain('警号 officerId,姓名 name,单位 unit,状态 status');
    const { files: _files, ...report } = r;
    expect(JSON.parse(fs.readFileSync(`${base}.json`, 'utf8'))).toEqual(report);
    const html = fs.readFileSync(`${base}.html`, 'utf8');
    expect(html).toContain('执法记录仪使用情况检查报告');
    expect(html).not.toMatch(/(src|href)=["']?(https?:|\/\/)/);

    // On the record, with what was written.
    const entries = json<{ action: string; outcome: string; operator: string; details: string | Record<string, unknown> }[]>('boss', 'audit', 'log', '--action', 'report.inspection');
    const last = entries.at(-1)!;
    expect([last.outcome, last.operator]).toEqual(['ok', 'head']);
    expect(JSON.stringify(last.details)).toContain(r.files[0]!.sha256);
  });

  it('agrees with the registers it reads: docking history, gaps, late stores; prints the summary', () => {
    const r = json<InspectionReport>('head', 'report', 'inspection', '--from', '2026-03-02', '--to', '2026-03-08');
    const history = json<{ notDocked: { deviceNumber: string; officerId: string }[] }>('boss', 'dock', 'history', '--from', '2026-03-02', '--to', '2026-03-08');
    for (const d of r.devices.filter((x) => x.deviceNumber)) expect(d.daysNotDocked).toBe(history.notDocked.filter((h) => h.deviceNumber === d.deviceNumber).length);
    const gaps = json<{ officerId: string | null; explanation: unknown }[]>('boss', 'gap', 'list', '--from', '2026-03-02', '--to', '2026-03-08');
    expect(r.totals.gaps).toBe(gaps.length);
    expect(r.totals.gapsExplained).toBe(gaps.filter((g) => g.explanation).length);
    const late = json<unknown[]>('boss', 'late', 'list', '--from', '2026-03-02', '--to', '2026-03-08');
    expect(r.totals.late).toBe(late.length);
    const text = cli('head', 'report', 'inspection', '--from', '2026-03-02', '--to', '2026-03-08');
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/^110101\s+张三\s+5\s+1\.0\s+2\s+0\/0\s+1\/0\s+0$/m);
    expect(text.stdout).toMatch(/R3: 2 officers, 1 recorders in service/);
    expect(text.stdout).toContain('exemptions (P14): 1; cases closed >30 days, not archived (P25): 1');
    expect(text.stdout).not.toContain('未提供');
    // The recorders' status in the person's language, its code in --json.
    expect(text.stdout).toMatch(/^A1\s+in-service\s/m);
    const zh = cli('head', 'report', 'inspection', '--from', '2026-03-02', '--to', '2026-03-08', '--lang', 'zh');
    expect(zh.stdout).toMatch(/^A1\s+在用\s/m);
    expect(zh.stdout).toMatch(/^B1\s+维修中\s/m);
    expect(zh.stdout).not.toMatch(/in-service|in-repair|retired/);
  });

  it('never overwrites a report, never writes into the vault, and refuses whoever is not a head, leader or administrator', () => {
    // What a run killed mid-write left (a dead process's hidden temporary) is cleared by the next one.
    const dead = path.join(ws.dir, 'report2');
    fs.mkdirSync(dead);
    fs.writeFileSync(path.join(dead, '.inspection-2026-03-02-2026-03-08.html.999999999-0badc0de.partial'), 'half');
    expect(cli('head', 'report', 'inspection', '--from', '2026-03-02', '--to', '2026-03-08', '--out', dead).status).toBe(0);
    expect(fs.readdirSync(dead).sort()).toEqual(['inspection-2026-03-02-2026-03-08.csv', 'inspection-2026-03-02-2026-03-08.html', 'inspection-2026-03-02-2026-03-08.json']);
    const before = fs.readdirSync(out).map((n) => [n, fs.readFileSync(path.join(out, n), 'utf8')]);
    const again = cli('head', 'report', 'inspection', '--from', '2026-03-02', '--to', '2026-03-08', '--out', out);
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/already there: an earlier report is never overwritten/);
    expect(fs.readdirSync(out).map((n) => [n, fs.readFileSync(path.join(out, n), 'utf8')])).toEqual(before);

    const inVault = cli('head', 'report', 'inspection', '--from', '2026-03-02', '--to', '2026-03-08', '--out', path.join(ws.vault, 'r'));
    expect(inVault.status).toBe(77);
    expect(fs.existsSync(path.join(ws.vault, 'r'))).toBe(false);
    // A link to the vault is the vault.
    fs.symlinkSync(ws.vault, path.join(ws.dir, 'sneaky'));
    expect(cli('head', 'report', 'inspection', '--from', '2026-03-02', '--to', '2026-03-08', '--out', path.join(ws.dir, 'sneaky')).status).toBe(77);
    fs.writeFileSync(path.join(ws.dir, 'a-file'), 'x');
    expect(cli('head', 'report', 'inspection', '--from', '2026-03-02', '--to', '2026-03-08', '--out', path.join(ws.dir, 'a-file')).stderr).toMatch(/not a folder/);

    const custodian = cli('keeper', 'report', 'inspection', '--from', '2026-03-02', '--to', '2026-03-08');
    expect(custodian.status).toBe(77);
    expect(custodian.stderr).toMatch(/lacks the role auditor or approver or admin needed for "report.inspection"/);
    expect(cli('leader', 'report', 'inspection', '--from', '2026-03-02', '--to', '2026-03-08').status).toBe(0);
    const typo = cli('head', 'report', 'inspection', '--from', '2026-3-2', '--to', '2026-03-08');
    expect([typo.status, typo.stderr]).toEqual([2, expect.stringMatching(/--from "2026-3-2" is not a date[\s\S]*try: Give dates as YYYY-MM-DD/)]);
    expect(cli('head', 'report', 'inspection', '--from', '2026-03-08', '--to', '2026-03-02').stderr).toMatch(/is after --to/);
  });

  it('two reports of one period into one folder at once: one is written whole, the other refused, nothing half-made', async () => {
    const both = path.join(ws.dir, 'both');
    const run = () =>
      new Promise<{ status: number | null; stderr: string }>((resolve) => {
        const child = startCli(['--config', ws.config, 'report', 'inspection', '--from', '2026-03-02', '--to', '2026-03-08', '--out', both], { SUDO_USER: 'head' });
        let stderr = '';
        child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
        child.on('close', (status) => resolve({ status, stderr }));
      });
    const results = await Promise.all([run(), run()]);
    expect(results.map((r) => r.status).sort()).toEqual([0, 2]);
    expect(results.find((r) => r.status === 2)!.stderr).toMatch(/already there|appeared while the report was written/);
    expect(fs.readdirSync(both).sort()).toEqual(['inspection-2026-03-02-2026-03-08.csv', 'inspection-2026-03-02-2026-03-08.html', 'inspection-2026-03-02-2026-03-08.json']);
    expect(JSON.parse(fs.readFileSync(path.join(both, 'inspection-2026-03-02-2026-03-08.json'), 'utf8')).period.from).toBe('2026-03-02');
  });

  it('on a full --out disk keeps no report file, says which disk, and records the failure', () => {
    const disk = path.join(ws.dir, 'small');
    fs.mkdirSync(disk);
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=20k', 'tmpfs', disk]);
    try {
      const r = cli('head', 'report', 'inspection', '--from', '2026-03-02', '--to', '2026-03-08', '--out', disk);
      expect([r.status, r.stderr]).toEqual([74, expect.stringMatching(/--out .*small: its disk is full; no report file was kept[\s\S]*try: free space there/)]);
      expect(r.stderr).not.toMatch(/unexpected|at \w+ \(/);
      expect(fs.readdirSync(disk)).toEqual([]);
    } finally {
      spawnSync('umount', ['-l', disk]);
    }
    const last = json<{ action: string; outcome: string; details: unknown }[]>('boss', 'audit', 'log', '--action', 'report.inspection').at(-1)!;
    expect(last.outcome).toBe('failed');
    expect(JSON.stringify(last.details)).toContain('its disk is full');
  });

  it('counts a period not yet ended only to today, and says so', () => {
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    const r = json<InspectionReport>('head', 'report', 'inspection', '--from', day(-20), '--to', day(40));
    expect(r.period.through).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(r.period.workingDays).toBeLessThanOrEqual(17); // 21 days to today at most, 5 of every 7 working
    expect(cli('head', '--lang', 'zh', 'report', 'inspection', '--from', day(-20), '--to', day(40)).stdout).toMatch(/（期间未结束：统计至 \d{4}-\d{2}-\d{2}）/);
  });

  it('records the inspection; the next period\'s report shows it and which actions are closed', () => {
    const recorded = json<InspectionRecord>('head', 'inspection', 'record', '--period', '2026H1', '--inspector', '王某', '--findings', '二队记录仪在修，配备不足', '--actions', '二队补配记录仪', '--actions', '补写中断说明');
    expect(recorded).toMatchObject({ period: '2026H1', from: '2026-01-01', to: '2026-06-30', inspector: '王某', recordedBy: 'head' });
    expect(recorded.actions.map((a) => [a.no, a.text, a.closedAt])).toEqual([[1, '二队补配记录仪', null], [2, '补写中断说明', null]]);

    const next = () => json<InspectionReport>('head', 'report', 'inspection', '--from', '2026-07-01', '--to', '2026-12-31').previousInspection!;
    expect(next()).toMatchObject({ id: recorded.id, period: '2026H1', inspector: '王某' });
    expect(next().actions.map((a) => a.closedAt)).toEqual([null, null]);
    // The same period's report does not call itself "previous".
    expect(json<InspectionReport>('head', 'report', 'inspection', '--from', '2026-01-01', '--to', '2026-06-30').previousInspection).toBeNull();

    expect(cli('keeper', 'inspection', 'close-action', String(recorded.id), '1', '--note', 'x').status).toBe(77);
    const closed = json<InspectionRecord>('leader', 'inspection', 'close-action', String(recorded.id), '1', '--note', '已补配两台');
    expect(closed.actions[0]).toMatchObject({ closedBy: 'leader', note: '已补配两台' });
    const twice = cli('leader', 'inspection', 'close-action', String(recorded.id), '1', '--note', 'again');
    expect([twice.status, twice.stderr]).toEqual([2, expect.stringMatching(/was closed on .* by leader/)]);
    expect(cli('leader', 'inspection', 'close-action', String(recorded.id), '9', '--note', 'x').stderr).toMatch(/has no action 9/);
    expect(cli('leader', 'inspection', 'close-action', '999', '1', '--note', 'x').stderr).toMatch(/no inspection 999/);
    expect(next().actions.map((a) => [a.no, Boolean(a.closedAt)])).toEqual([[1, true], [2, false]]);
    const text = cli('head', 'report', 'inspection', '--from', '2026-07-01', '--to', '2026-12-31').stdout;
    expect(text).toContain(`previous inspection 2026H1 by 王某: 1 of 2 actions closed; open: ${recorded.id}.2 补写中断说明`);

    expect(cli('head', 'inspection', 'record', '--period', '2026Q1', '--inspector', 'x', '--findings', 'y').stderr).toMatch(/not a half-year/);
    expect(cli('head', 'inspection', 'record', '--period', '2099H1', '--inspector', 'x', '--findings', 'y').stderr).toMatch(/has not begun/);
    expect(cli('head', 'inspection', 'record', '--period', '2026H1', '--inspector', ' ', '--findings', 'y').stderr).toMatch(/--inspector is empty/);
    expect(cli('keeper', 'inspection', 'record', '--period', '2026H1', '--inspector', 'x', '--findings', 'y').status).toBe(77);
    const list = json<InspectionRecord[]>('leader', 'inspection', 'list');
    expect(list).toHaveLength(1);
    // A second record of the half-year is kept, and said; one with no actions offers none to close.
    const again = cli('head', '--lang', 'zh', 'inspection', 'record', '--period', '2026H1', '--inspector', '李某', '--findings', '复查');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('（无整改措施）');
    expect(again.stdout).not.toContain('close-action');
    expect(again.stdout).toContain(`注意：2026H1 已有检查 #${recorded.id}`);
    expect(json<InspectionRecord[]>('leader', 'inspection', 'list')).toHaveLength(2);
    const log = json<{ action: string; outcome: string }[]>('boss', 'audit', 'log', '--action', 'inspection');
    expect(log.map((e) => `${e.action}:${e.outcome}`)).toEqual(expect.arrayContaining(['inspection.record:ok', 'inspection.close-action:ok', 'inspection.close-action:refused', 'inspection.record:refused']));
  });
});
