/**
 * R14 through the built CLI with a real SQLite catalogue: classifying recordings and cases, clearances,
 * and listings that hide the details of footage an operator may not see (and say so).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVaultParts } from '../src/wiring.js';
import type { AuditEntry } from '../src/core/audit-chain.js';
import { makeWorkspace, asOperators } from './support/cli.js';
import { seedRecording } from './support/seed-recordings.js';

interface HiddenJson {
  id: number | string;
  hidden: true;
  level: string;
  date?: string;
}

describe('classification (R14)', () => {
  const ws = makeWorkspace('ev-class-', { admin: 'boss' });
  afterAll(() => ws.cleanup());
  const { as, json } = asOperators(ws.config);
  const log = (action: string, outcome?: string) => json<AuditEntry[]>('boss', 'audit', 'log', '--action', action, ...(outcome ? ['--outcome', outcome] : []));
  const ok = (r: { status: number; stderr: string }) => expect(r.status, r.stderr).toBe(0);
  const ids = { secret: 0, plain: 0, inCase: 0, before: 0, after: 0 };

  beforeAll(async () => {
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent' });
    ids.secret = seedRecording(v, '2026-05-10');
    ids.plain = seedRecording(v, '2026-05-10', '0005555', { hour: 11 });
    ids.inCase = seedRecording(v, '2026-05-11', '0007777');
    // Two recordings of one recorder five minutes apart: a gap between them (R5).
    ids.before = seedRecording(v, '2026-05-12', '0009999', { hour: 10, minute: 0 });
    ids.after = seedRecording(v, '2026-05-12', '0009999', { hour: 10, minute: 5 });
    await v.close();
    for (const [user, role] of [['arch', 'archivist'], ['lead1', 'approver'], ['lead2', 'approver'], ['cust', 'custodian'], ['aud', 'auditor']]) {
      ok(as('boss', 'operator', 'add', user!, '--name', user!, '--role', role!));
    }
  });

  it('grants clearances only within the grantor\'s own, never to themselves, each on the record', () => {
    // Nobody holds state-secret clearance yet: the administrator names its first holder.
    ok(as('boss', 'operator', 'clearance', 'lead1', '--level', 'state-secret', '--reason', '分管保密工作'));
    ok(as('lead1', 'operator', 'clearance', 'lead2', '--level', 'commercial-secret', '--reason', '承办涉企案件'));

    const self = as('lead2', 'operator', 'clearance', 'lead2', '--level', 'state-secret', '--reason', 'x', '--lang', 'zh');
    expect(self.status).toBe(77);
    expect(self.stderr).toContain('不得为本人授予密级权限');
    const above = as('lead2', 'operator', 'clearance', 'arch', '--level', 'state-secret', '--reason', 'x');
    expect(above.status).toBe(77);
    expect(above.stderr).toContain('state secret');
    // Once someone holds it, the administrator no longer grants it: a leader holding it does.
    const admin = as('boss', 'operator', 'clearance', 'lead2', '--level', 'state-secret', '--reason', 'x');
    expect(admin.status).toBe(77);
    expect(admin.stderr).toContain('lead1');
    expect(as('arch', 'operator', 'clearance', 'cust', '--level', 'commercial-secret', '--reason', 'x').status).toBe(77);
    expect(as('lead1', 'operator', 'clearance', 'lead2', '--level', 'bogus', '--reason', 'x').status).toBe(2);

    const ops = json<{ osUser: string; clearance: string }[]>('boss', 'operator', 'list');
    expect(Object.fromEntries(ops.map((o) => [o.osUser, o.clearance]))).toMatchObject({ lead1: 'state-secret', lead2: 'commercial-secret', arch: 'internal' });
    const shown = json<{ clearance: string; clearanceHistory: { level: string; setBy: string; reason: string }[] }>('lead1', 'operator', 'show', 'lead2');
    expect(shown.clearance).toBe('commercial-secret');
    expect(shown.clearanceHistory).toEqual([expect.objectContaining({ level: 'commercial-secret', setBy: 'lead1', reason: '承办涉企案件' })]);
    expect(log('operator.clearance', 'ok').map((e) => [e.operator, e.target, e.details.from, e.details.to])).toEqual([
      ['boss', 'lead1', 'internal', 'state-secret'],
      ['lead1', 'lead2', 'internal', 'commercial-secret'],
    ]);
    expect(log('operator.clearance', 'refused').map((e) => e.operator)).toEqual(['lead2', 'lead2', 'boss', 'arch']);
    // The trail keeps the English, whatever language the person read the refusal in.
    expect(log('operator.clearance', 'refused')[0]!.details.reason).toBe('nobody grants a clearance to themselves');
  });

  it('lets a classifier raise a level within their clearance, and only a cleared leader lower it', () => {
    const tooHigh = as('arch', 'recordings', 'classify', String(ids.secret), '--level', 'commercial-secret', '--reason', '企业工艺', '--lang', 'zh');
    expect(tooHigh.status).toBe(77);
    expect(tooHigh.stderr).toContain('不得设定高于本人授权（内部）的密级');
    expect(tooHigh.stderr).not.toMatch(/nobody sets|clearance/);
    ok(as('arch', 'recordings', 'classify', String(ids.secret), '--level', 'internal', '--reason', '内部资料'));
    const lower = as('arch', 'recordings', 'classify', String(ids.secret), '--level', 'ordinary', '--reason', '无需保密');
    expect(lower.status).toBe(77);
    expect(lower.stderr).toContain("lowering internal to ordinary (declassifying) is a leader's decision");
    expect(as('cust', 'recordings', 'classify', String(ids.secret), '--level', 'internal', '--reason', 'x').status).toBe(77);
    expect(as('arch', 'recordings', 'classify', String(ids.secret), '--level', 'internal', '--reason', 'x').status).toBe(2); // already
    expect(as('arch', 'recordings', 'classify', '99999', '--level', 'internal', '--reason', 'x').status).toBe(2);
    expect(as('arch', 'recordings', 'classify', String(ids.secret), '--level', 'internal', '--reason', '  ').status).toBe(2);
    ok(as('lead2', 'recordings', 'classify', String(ids.secret), '--level', 'commercial-secret', '--reason', '拍摄到企业生产工艺'));

    const entries = log('recordings.classify', 'ok');
    expect(entries.map((e) => [e.operator, e.target, e.details.from, e.details.to, e.details.reason])).toEqual([
      ['arch', `recording:${ids.secret}`, 'ordinary', 'internal', '内部资料'],
      ['lead2', `recording:${ids.secret}`, 'internal', 'commercial-secret', '拍摄到企业生产工艺'],
    ]);
    // Above the clearance, lowering without being a leader, the wrong role, and a change that changes nothing.
    expect(log('recordings.classify', 'refused').map((e) => e.operator)).toEqual(['arch', 'arch', 'cust', 'arch']);
  });

  it('hides a classified recording\'s details in recordings list and show from an operator without clearance, and says so', () => {
    const list = as('arch', 'recordings', 'list', '--json');
    ok(list);
    const rows = JSON.parse(list.stdout) as (HiddenJson | { id: number; vaultPath: string; level?: string })[];
    const hidden = rows.find((r) => r.id === ids.secret)!;
    expect(hidden).toEqual({ id: ids.secret, hidden: true, level: 'commercial-secret', date: '2026-05-10' });
    expect(rows.find((r) => r.id === ids.plain)).toHaveProperty('vaultPath');
    expect(list.stderr).toContain('details of 1 entry hidden: classified above your clearance');
    expect(list.stderr).not.toMatch(/[\u4e00-\u9fff]/);

    const secretPath = json<{ id: number; vaultPath: string; level?: string }[]>('lead2', 'recordings', 'list').find((r) => r.id === ids.secret)!;
    expect(secretPath.level).toBe('commercial-secret');
    expect(secretPath.vaultPath).toMatch(/\.MP4$/);

    const table = as('arch', 'recordings', 'list');
    ok(table);
    expect(table.stdout).not.toContain(secretPath.vaultPath);
    expect(table.stdout).toContain('(hidden)');
    expect(table.stdout).toContain('commercial secret');
    expect(table.stdout).toMatch(/details of 1 entry hidden.*\(internal, R14\)/);
    const zh = as('arch', 'recordings', 'list', '--lang', 'zh');
    expect(zh.stdout).toContain('（已隐藏）');
    expect(zh.stdout).toContain('商业秘密');
    expect(zh.stdout).toMatch(/1 条记录的详情已隐藏：密级高于您的授权（内部，R14）/);
    const clear = as('lead2', 'recordings', 'list');
    expect(clear.stdout).toContain(secretPath.vaultPath);
    expect(clear.stdout).not.toContain('(hidden)');

    const show = as('arch', 'recordings', 'show', String(ids.secret));
    expect(show.status).toBe(77);
    expect(show.stderr).toContain('above your clearance');
    expect(show.stdout).not.toContain(secretPath.vaultPath);
    expect(log('recordings.show', 'refused')).toEqual([expect.objectContaining({ operator: 'arch', target: `recording:${ids.secret}` })]);
    expect(json<{ level: string }>('lead2', 'recordings', 'show', String(ids.secret)).level).toBe('commercial-secret');
  });

  it('makes a case\'s recordings as secret as the case: case show hides or refuses, and nobody lowers what they cannot see', () => {
    ok(as('arch', 'case', 'create', '鞍自然执〔2026〕31号', '--title', '涉密案件'));
    ok(as('arch', 'case', 'link', '鞍自然执〔2026〕31号', '--recording', String(ids.inCase)));
    ok(as('arch', 'case', 'create', '鞍自然执〔2026〕32号', '--title', '混合案件'));
    ok(as('arch', 'case', 'link', '鞍自然执〔2026〕32号', '--recording', String(ids.secret), String(ids.plain)));
    expect(as('lead2', 'case', 'classify', '鞍自然执〔2026〕31号', '--level', 'state-secret', '--reason', 'x').status).toBe(77);
    ok(as('lead1', 'case', 'classify', '鞍自然执〔2026〕31号', '--level', 'state-secret', '--reason', '涉及军事设施'));
    expect(log('case.classify', 'ok')).toEqual([expect.objectContaining({ operator: 'lead1', target: 'case:鞍自然执〔2026〕31号', details: expect.objectContaining({ from: 'ordinary', to: 'state-secret', reason: '涉及军事设施' }) })]);

    // The recording linked to the state-secret case is hidden from the commercial-secret leader too.
    const lead2 = json<(HiddenJson | { id: number })[]>('lead2', 'recordings', 'list');
    expect(lead2.find((r) => r.id === ids.inCase)).toEqual({ id: ids.inCase, hidden: true, level: 'state-secret', date: '2026-05-11' });
    const refused = as('lead2', 'case', 'show', '鞍自然执〔2026〕31号', '--lang', 'zh');
    expect(refused.status).toBe(77);
    expect(refused.stderr).toContain('国家秘密');
    expect(refused.stdout).not.toContain('涉密案件');
    // Lowering what one may not see: refused, on the record.
    expect(as('lead2', 'case', 'classify', '鞍自然执〔2026〕31号', '--level', 'ordinary', '--reason', 'x').status).toBe(77);
    expect(json<{ case: { level: string } }>('lead1', 'case', 'show', '鞍自然执〔2026〕31号').case.level).toBe('state-secret');
    // case list keeps the number and level of a case one may not see, not its title.
    const listed = as('lead2', 'case', 'list', '--json');
    expect(JSON.parse(listed.stdout)).toContainEqual(expect.objectContaining({ number: '鞍自然执〔2026〕31号', hidden: true, level: 'state-secret' }));
    expect(listed.stdout).not.toContain('涉密案件');
    expect(as('lead1', 'case', 'list').stdout).toContain('涉密案件');

    const mixed = json<{ recordings: (HiddenJson | { recordingId: number; vaultPath: string })[]; hidden: number }>('arch', 'case', 'show', '鞍自然执〔2026〕32号');
    expect(mixed.hidden).toBe(1);
    expect(mixed.recordings).toContainEqual({ id: ids.secret, hidden: true, level: 'commercial-secret', date: '2026-05-10' });
    expect(mixed.recordings).toContainEqual(expect.objectContaining({ recordingId: ids.plain, vaultPath: expect.stringMatching(/\.MP4$/) }));
    const mixedText = as('arch', 'case', 'show', '鞍自然执〔2026〕32号');
    expect(mixedText.stdout).toContain('details of 1 entry hidden');
    expect(json<{ hidden: number }>('lead2', 'case', 'show', '鞍自然执〔2026〕32号').hidden).toBe(0);
  });

  it('lets nobody declassify a recording by unlinking it from its secret case: not one who may not see it, not a cleared archivist', () => {
    const c = '鞍自然执〔2026〕31号';
    const refusals = () => log('case.unlink', 'refused').length;
    expect(as('arch', 'case', 'unlink', c, '--recording', String(ids.inCase)).status).toBe(77);
    expect(refusals()).toBe(1);
    ok(as('boss', 'operator', 'add', 'arch2', '--name', 'arch2', '--role', 'archivist'));
    ok(as('lead1', 'operator', 'clearance', 'arch2', '--level', 'state-secret', '--reason', '承办涉密案件'));
    const cleared = as('arch2', 'case', 'unlink', c, '--recording', String(ids.inCase));
    expect(cleared.status, cleared.stderr).toBe(77);
    expect(cleared.stderr).toContain("lowers its level (declassifying): a leader's decision (approver)");
    expect(log('case.unlink', 'refused').at(-1)).toMatchObject({ operator: 'arch2', details: { lowered: [ids.inCase], level: 'state-secret' } });
    // Still linked, still state secret.
    expect(json<{ level: string }>('lead1', 'recordings', 'show', String(ids.inCase)).level).toBe('state-secret');
  });

  it('hides holds on footage above the operator\'s clearance in hold list', () => {
    ok(as('lead2', 'hold', 'add', '--recording', String(ids.secret), '--reason', 'complaint', '--note', '投诉人 李某 涉企'));
    ok(as('lead2', 'hold', 'add', '--recording', String(ids.plain), '--reason', 'complaint', '--note', '普通投诉'));
    const arch = as('arch', 'hold', 'list', '--json');
    ok(arch);
    const rows = JSON.parse(arch.stdout) as (HiddenJson & { recordingId: number | null })[];
    expect(rows).toContainEqual(expect.objectContaining({ hidden: true, level: 'commercial-secret', recordingId: ids.secret }));
    expect(arch.stdout).not.toContain('李某');
    expect(arch.stdout).toContain('普通投诉');
    expect(arch.stderr).toContain('details of 1 entry hidden');
    expect(as('arch', 'hold', 'list').stdout).toMatch(/\(hidden\)[\s\S]*details of 1 entry hidden/);
    expect(as('arch', 'hold', 'list', '--lang', 'zh').stdout).toMatch(/（已隐藏）[\s\S]*1 条记录的详情已隐藏/);
    expect(as('lead2', 'hold', 'list').stdout).toContain('李某');
  });

  it('hides a gap beside hidden footage in gap list', () => {
    ok(as('lead2', 'recordings', 'classify', String(ids.after), '--level', 'commercial-secret', '--reason', '企业厂区'));
    const arch = as('arch', 'gap', 'list', '--json');
    ok(arch);
    const gaps = JSON.parse(arch.stdout) as (HiddenJson | { id: string; deviceNumber: string })[];
    expect(gaps).toEqual([expect.objectContaining({ id: `${ids.before}-${ids.after}`, hidden: true, level: 'commercial-secret' })]);
    expect(arch.stdout).not.toContain('0009999');
    expect(arch.stderr).toContain('details of 1 entry hidden');
    expect(json<{ deviceNumber: string }[]>('lead2', 'gap', 'list')).toEqual([expect.objectContaining({ deviceNumber: '0009999' })]);
    // late list names recordings too (all seeded footage was stored months after it was made).
    const late = as('arch', 'late', 'list', '--json');
    ok(late);
    const lateRows = JSON.parse(late.stdout) as { recordingId: number; hidden?: boolean; deviceNumber?: string }[];
    expect(lateRows.find((l) => l.recordingId === ids.after)).toMatchObject({ hidden: true, level: 'commercial-secret' });
    expect(lateRows.find((l) => l.recordingId === ids.after)).not.toHaveProperty('deviceNumber');
    expect(lateRows.find((l) => l.recordingId === ids.before)).toMatchObject({ deviceNumber: '0009999' });
  });

  it('leaves hidden footage out of listings filtered by recorder or officer, where a hidden row would say whose it is', () => {
    const byDevice = as('arch', 'recordings', 'list', '--device', '0009999', '--json');
    ok(byDevice);
    expect((JSON.parse(byDevice.stdout) as { id: number }[]).map((r) => r.id)).toEqual([ids.before]);
    expect(byDevice.stderr).toContain('footage above your clearance is left out of listings filtered by recorder');
    const byOfficer = json<{ id: number; hidden?: boolean }[]>('arch', 'recordings', 'list', '--officer', '110101');
    expect(byOfficer.some((r) => r.id === ids.after || r.hidden)).toBe(false);
    expect(json<unknown[]>('arch', 'gap', 'list', '--device', '0009999')).toEqual([]);
    expect(json<{ id: number }[]>('lead2', 'recordings', 'list', '--device', '0009999').map((r) => r.id)).toEqual([ids.before, ids.after]);
  });

  it('refuses to name the camera operator of footage the operator may not see', () => {
    const r = as('arch', 'recordings', 'operator', String(ids.after), '--name', '王五', '--reason', 'x');
    expect(r.status).toBe(77);
    expect(log('recordings.operator', 'refused')).toEqual([expect.objectContaining({ operator: 'arch', target: `recording:${ids.after}` })]);
  });

  it('refuses to attribute footage the operator may not see to another recorder or officer, and prints none of it', () => {
    ok(as('boss', 'device', 'add', '--number', '0008888', '--brand', '海康威视', '--model', 'DSJ-A8'));
    const r = as('cust', 'recordings', 'attribute', String(ids.after), '--device', '0008888', '--reason', 'x');
    expect(r.status, r.stdout + r.stderr).toBe(77);
    expect(r.stdout + r.stderr).not.toContain('0009999');
    expect(log('recordings.attribute', 'refused')).toEqual([expect.objectContaining({ operator: 'cust', target: `recording:${ids.after}` })]);
    expect(json<{ deviceNumber: string }>('lead2', 'recordings', 'show', String(ids.after)).deviceNumber).toBe('0009999');
  });

  it('lets a cleared leader declassify, on the record, after which everyone sees it again', () => {
    ok(as('lead2', 'recordings', 'classify', String(ids.secret), '--level', 'ordinary', '--reason', '工艺已公开'));
    const row = json<{ id: number; vaultPath?: string; hidden?: boolean }[]>('arch', 'recordings', 'list').find((r) => r.id === ids.secret)!;
    expect(row.hidden).toBeUndefined();
    expect(row.vaultPath).toMatch(/\.MP4$/);
    expect(log('recordings.classify', 'ok').at(-1)).toMatchObject({ operator: 'lead2', target: `recording:${ids.secret}`, details: { from: 'commercial-secret', to: 'ordinary', reason: '工艺已公开' } });
    const history = json<{ classifications: { level: string }[] }>('arch', 'recordings', 'show', String(ids.secret)).classifications;
    expect(history.map((c) => c.level)).toEqual(['internal', 'commercial-secret', 'ordinary']);
  });
});
