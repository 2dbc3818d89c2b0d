/**
 * R12(2): the register names the camera operator (摄录人员) apart from the wearer when one was given —
 * per recording (`recordings operator`) or for a whole disc (`disc build --operator`) — and otherwise
 * prints the wearer saying so. Real SQLite, xorriso and Chromium through the built CLI.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVaultParts } from '../src/wiring.js';
import type { AuditEntry } from '../src/core/audit-chain.js';
import { makeWorkspace, asOperators } from './support/cli.js';
import { seedRecording } from './support/seed-recordings.js';

interface Built {
  discs: { number: string; files: { register: { html: string; csv: string; json: string } } }[];
}
interface RegisterJson {
  rows: { recordingId: number; officers: string[]; cameraOperator: string | null; cameraOperatorSource: string | null }[];
}

describe('the register\'s camera operator (R12(2))', () => {
  const ws = makeWorkspace('ev-regop-', { admin: 'boss' });
  afterAll(() => ws.cleanup());
  const { as, json } = asOperators(ws.config);
  const ok = (r: { status: number; stderr: string }) => expect(r.status, r.stderr).toBe(0);
  const log = (action: string, outcome?: string) => json<AuditEntry[]>('boss', 'audit', 'log', '--action', action, ...(outcome ? ['--outcome', outcome] : []));
  const ids = { filmed: 0, worn: 0, whole1: 0, whole2: 0 };

  beforeAll(async () => {
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent' });
    ids.filmed = seedRecording(v, '2026-05-10');
    ids.worn = seedRecording(v, '2026-05-10', '0001234', { hour: 11 });
    ids.whole1 = seedRecording(v, '2026-05-11', '0001234', { hour: 8 });
    ids.whole2 = seedRecording(v, '2026-05-11', '0001234', { hour: 9 });
    await v.close();
    ok(as('boss', 'operator', 'add', 'cust', '--name', '保管员', '--role', 'custodian'));
    ok(as('boss', 'operator', 'add', 'arch', '--name', '档案员', '--role', 'archivist'));
    ok(as('boss', 'operator', 'add', 'aud', '--name', '审计', '--role', 'auditor'));
    ok(as('cust', 'officer', 'add', '--id', '110101', '--name', '张三'));
    ok(as('cust', 'device', 'add', '--number', '0001234', '--brand', 'B', '--model', 'M'));
  });

  it('names a recording\'s camera operator on the record, refused to a lesser role and to a blank name', () => {
    ok(as('cust', 'recordings', 'operator', String(ids.filmed), '--name', '王五', '--reason', '由辅警王五持机摄录'));
    expect(json<{ cameraOperator: string | null }>('arch', 'recordings', 'show', String(ids.filmed)).cameraOperator).toBe('王五');
    expect(json<{ cameraOperator: string | null }>('arch', 'recordings', 'show', String(ids.worn)).cameraOperator).toBeNull();
    expect(log('recordings.operator', 'ok')).toEqual([
      expect.objectContaining({ operator: 'cust', target: `recording:${ids.filmed}`, details: expect.objectContaining({ name: '王五', from: null, reason: '由辅警王五持机摄录' }) }),
    ]);
    expect(as('aud', 'recordings', 'operator', String(ids.worn), '--name', '李四', '--reason', 'x').status).toBe(77);
    expect(as('cust', 'recordings', 'operator', String(ids.worn), '--name', '   ', '--reason', 'x').status).toBe(2);
    expect(as('cust', 'recordings', 'operator', String(ids.worn), '--name', '李四', '--reason', ' ').status).toBe(2);
    expect(as('cust', 'recordings', 'operator', '424242', '--name', '李四', '--reason', 'x').status).toBe(2);
    expect(json<{ cameraOperator: string | null }>('arch', 'recordings', 'show', String(ids.worn)).cameraOperator).toBeNull();
  });

  it('prints the named camera operator apart from the wearer, and the wearer with a note when none was named', () => {
    const out = path.join(ws.dir, 'disc1');
    const r = as('arch', 'disc', 'build', '--recording', String(ids.filmed), String(ids.worn), '--case-number', '鞍自然执〔2026〕40号', '--case-title', '占地案', '--place', `${ids.filmed}=某村`, '--place', `${ids.worn}=某村`, '--out', out, '--json');
    expect([0, 3], r.stderr).toContain(r.status);
    const built = JSON.parse(r.stdout) as Built;
    const files = built.discs[0]!.files.register;
    const reg = JSON.parse(fs.readFileSync(files.json, 'utf8')) as RegisterJson;
    const row = (id: number) => reg.rows.find((x) => x.recordingId === id)!;
    expect(row(ids.filmed)).toMatchObject({ officers: ['张三'], cameraOperator: '王五', cameraOperatorSource: 'given' });
    expect(row(ids.worn)).toMatchObject({ officers: ['张三'], cameraOperator: '张三', cameraOperatorSource: 'wearer' });

    const html = fs.readFileSync(files.html, 'utf8');
    expect(html).toContain('<td>王五</td>');
    expect(html).toContain('<td>张三（同佩戴人，未另行登记）</td>');
    const csv = fs.readFileSync(files.csv, 'utf8').split('\r\n');
    const line = (id: number) => csv.find((l) => l.split(',')[1] === String(id))!;
    expect(line(ids.filmed).split(',')[3]).toBe('张三');
    expect(line(ids.filmed).split(',')[4]).toBe('王五');
    expect(line(ids.worn).split(',')[4]).toBe('张三（同佩戴人，未另行登记）');
  }, 180_000);

  it('sets the camera operator of every recording on a disc with disc build --operator, in the disc\'s audited transaction', () => {
    const out = path.join(ws.dir, 'disc2');
    const r = as('arch', 'disc', 'build', '--recording', String(ids.whole1), String(ids.whole2), '--case-number', '鞍自然执〔2026〕41号', '--case-title', '占地案', '--place', `${ids.whole1}=某村`, '--place', `${ids.whole2}=某村`, '--operator', '赵六', '--out', out, '--json');
    expect([0, 3], r.stderr).toContain(r.status);
    const built = JSON.parse(r.stdout) as Built;
    const reg = JSON.parse(fs.readFileSync(built.discs[0]!.files.register.json, 'utf8')) as RegisterJson;
    expect(reg.rows.map((x) => [x.cameraOperator, x.cameraOperatorSource])).toEqual([
      ['赵六', 'given'],
      ['赵六', 'given'],
    ]);
    expect(fs.readFileSync(built.discs[0]!.files.register.html, 'utf8')).not.toContain('同佩戴人');
    for (const id of [ids.whole1, ids.whole2]) expect(json<{ cameraOperator: string }>('arch', 'recordings', 'show', String(id)).cameraOperator).toBe('赵六');
    const disc = log('disc.build', 'ok').find((e) => e.target === built.discs[0]!.number)!;
    expect(disc.details.cameraOperator).toBe('赵六');
    const entries = log('recordings.operator', 'ok').filter((e) => e.details.to === '赵六');
    expect(entries.map((e) => [e.target, e.details.reason, e.seq < disc.seq])).toEqual([
      [`recording:${ids.whole1}`, `disc build ${built.discs[0]!.number}`, true],
      [`recording:${ids.whole2}`, `disc build ${built.discs[0]!.number}`, true],
    ]);
    // A blank --operator is bad input: refused before anything is written.
    const blank = as('arch', 'disc', 'build', '--recording', String(ids.whole1), '--operator', ' ', '--out', path.join(ws.dir, 'disc3'));
    expect(blank.status).toBe(2);
    expect(fs.existsSync(path.join(ws.dir, 'disc3'))).toBe(false);
  }, 180_000);
});
