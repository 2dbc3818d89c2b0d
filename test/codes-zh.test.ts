/**
 * Codes in the Chinese output (a new user's walkthrough): flags, start-time sources, levels, case
 * categories, hold reasons, gap reasons, access purposes, check results, roles and outcomes carry their
 * Chinese names beside the code (the code is what an option takes); English and --json keep the codes alone.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVaultParts } from '../src/wiring.js';
import { makeWorkspace, runCli } from './support/cli.js';
import { seedRecording } from './support/seed-recordings.js';

describe('codes in the Chinese output', () => {
  const ws = makeWorkspace('ev-codes-zh-');
  const as = (user: string, ...args: string[]) => runCli(['--config', ws.config, ...args], { SUDO_USER: user });
  const zh = (user: string, ...args: string[]) => as(user, '--lang', 'zh', ...args);
  const ok = (r: ReturnType<typeof runCli>) => {
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  };

  beforeAll(async () => {
    for (const [user, role] of [['zhang', 'custodian'], ['li', 'archivist'], ['wang', 'approver'], ['chen', 'auditor']] as const) {
      ok(runCli(['--config', ws.config, 'operator', 'add', user, '--name', user, '--role', role]));
    }
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent', actor: { operator: 'zhang', role: 'custodian' } });
    seedRecording(v, '2026-05-15', '0001234', { flags: ['clock-skew', 'unregistered-device'], hour: 7, minute: 0, durationSeconds: 60 });
    seedRecording(v, '2026-05-15', '0001234', { hour: 7, minute: 5, durationSeconds: 60 });
    seedRecording(v, '2026-05-15', '0001234', { hour: 7, minute: 10, durationSeconds: 60 });
    await v.close();
  });
  afterAll(() => ws.cleanup());

  it('recordings list and show: flags with their meaning, the start-time source and the level by name', () => {
    const list = ok(zh('wang', 'recordings', 'list'));
    expect(list).toContain('clock-skew（文件名、元数据与文件时间不一致）、unregistered-device（执法记录仪未登记）');
    const show = ok(zh('wang', 'recordings', 'show', '1'));
    expect(show).toMatch(/标记\s+clock-skew（文件名、元数据与文件时间不一致）、unregistered-device（执法记录仪未登记）/);
    expect(show).toMatch(/开始时间依据\s+file-name（文件名）\n/);
    expect(show).toMatch(/密级\s+普通\n/);
    // English as it was.
    expect(ok(as('wang', 'recordings', 'list'))).toContain('clock-skew,unregistered-device');
    const en = ok(as('wang', 'recordings', 'show', '1'));
    expect(en).toMatch(/flags\s+clock-skew, unregistered-device\n/);
    expect(en).toMatch(/startedAtSource\s+file-name\n/);
    expect(en).toMatch(/level\s+ordinary\n/);
  });

  it('holds: reasons by name in hold add, hold list and retention status; the note a disc build made read in Chinese', () => {
    expect(ok(zh('wang', 'hold', 'add', '--recording', '1', '--reason', 'other', '--note', '纪检调取'))).toBe('已对录像 1 封存，封存编号 #1，理由：other（其他）。\n');
    expect(ok(as('wang', 'hold', 'add', '--recording', '2', '--reason', 'complaint'))).toBe('Hold #2 (complaint) placed on recording 2.\n');
    expect(as('li', 'disc', 'build', '--recording', '1', '2', '--case-number', '鞍自然执〔2026〕17号', '--case-title', '测试', '--out', path.join(ws.dir, 'out')).status).toBe(3);
    const list = ok(zh('wang', 'hold', 'list'));
    expect(list).toMatch(/1\s+录像 1\s+other（其他）\s+解除前 .*纪检调取\n/);
    expect(list).toMatch(/2\s+录像 2\s+complaint（投诉）\s+永久 /);
    expect(list).toMatch(/3\s+录像 1\s+evidence-use（作为证据使用）\s+案件办结前 .*证据光盘 GP2026-0001（案件 鞍自然执〔2026〕17号）\n/);
    expect(list).not.toContain('evidence disc');
    expect(ok(zh('wang', 'retention', 'status'))).toContain('已封存        2（complaint（投诉） 1，evidence-use（作为证据使用） 2，other（其他） 1）');
    // English and --json as they were.
    const en = ok(as('wang', 'hold', 'list'));
    expect(en).toContain('evidence disc GP2026-0001 for case 鞍自然执〔2026〕17号');
    expect(en).toMatch(/2\s+recording 2\s+complaint\s+for good /);
    expect(ok(as('wang', 'retention', 'status'))).toContain('(complaint 1, evidence-use 2, other 1)');
    const json = JSON.parse(ok(zh('wang', 'hold', 'list', '--json'))) as { reason: string; note: string | null }[];
    expect(json.map((h) => [h.reason, h.note])).toEqual([['other', '纪检调取'], ['complaint', null], ['evidence-use', 'evidence disc GP2026-0001 for case 鞍自然执〔2026〕17号'], ['evidence-use', 'evidence disc GP2026-0001 for case 鞍自然执〔2026〕17号']]);
  });

  it('cases: the category by name in case create, case list and case show, with the case\'s holds', () => {
    expect(ok(zh('li', 'case', 'create', '鞍自然执〔2026〕17号', '--title', '违法占地现场检查'))).toBe('案件 鞍自然执〔2026〕17号 已建立，类别 general（一般）。\n');
    expect(ok(zh('li', 'case', 'create', '鞍自然执〔2026〕18号', '--title', '强制拆除', '--category', 'coercive-measure'))).toMatch(/^案件 鞍自然执〔2026〕18号 已建立，类别 coercive-measure（强制措施）；属 R6 类别/);
    expect(ok(zh('li', 'case', 'list'))).toMatch(/鞍自然执〔2026〕17号\s+general（一般）\s+办理中/);
    const show = ok(zh('li', 'case', 'show', '鞍自然执〔2026〕18号'));
    expect(show).toContain('类别 coercive-measure（强制措施），办理中，');
    expect(show).toMatch(/封存：#\d+ coercive-measure（强制措施）\n/);
    expect(ok(as('li', 'case', 'show', '鞍自然执〔2026〕18号'))).toMatch(/category coercive-measure, open, .*\nholds: #\d+ coercive-measure\n/);
    expect(ok(as('li', 'case', 'create', '鞍自然执〔2026〕19号', '--title', 'x'))).toBe('Case 鞍自然执〔2026〕19号 opened (general).\n');
  });

  it('access: the purpose by name where a grant is refused for its purpose, and in the list of purposes', () => {
    const until = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    const request = JSON.parse(ok(as('zhang', 'access', 'request', '--recordings', '3', '--purpose', 'view', '--for', '办案人员', '--until', until, '--json'))) as { id: number };
    as('wang', 'access', 'approve', String(request.id));
    const refused = zh('zhang', 'access', 'copy', String(request.id), '--to', ws.dir);
    expect(refused.status).toBe(77);
    expect(refused.stderr).toContain(`拒绝：授权 ${request.id} 的用途为 view（查阅），而非 copy（复制）：该授权不允许复制到介质`);
    expect(as('zhang', 'access', 'copy', String(request.id), '--to', ws.dir).stderr).toContain(`access ${request.id} is for purpose view, not copy:`);
    expect(zh('zhang', 'access', 'request', '--recordings', '3', '--purpose', 'look', '--for', 'x', '--until', until).stderr).toContain('可用：view（查阅）、copy（复制）、public-use（公开使用）、evidence（作为证据）、archive（归档）。');
  });

  it('gaps and late storage: the reason by name in the lists and where it is explained', () => {
    expect(ok(zh('zhang', 'gap', 'explain', '1-2', '--reason', 'device-fault', '--text', '记录仪死机'))).toBe('中断 1-2（记录仪 0001234，241 秒）情况已说明：device-fault（设备故障）\n');
    expect(ok(zh('zhang', 'gap', 'list'))).toMatch(/1-2 .* device-fault（设备故障）：记录仪死机\n/);
    expect(ok(as('zhang', 'gap', 'list'))).toMatch(/1-2 .* device-fault: 记录仪死机\n/);
    expect(ok(zh('zhang', 'late', 'explain', '1', '--reason', 'other', '--text', '民警休假'))).toBe('录像 1：迟延入库已说明，理由：other（其他原因）\n');
    expect(ok(zh('zhang', 'late', 'list'))).toMatch(/\n1 .* other（其他原因）：民警休假\n/);
    expect(ok(as('zhang', 'late', 'list'))).toMatch(/\n1 .* other: 民警休假\n/);
  });

  it('recordings classify names the recording in Chinese (录像 3, not recording:3), in the change and in a refusal', () => {
    ok(runCli(['--config', ws.config, 'operator', 'clearance', 'wang', '--level', 'commercial-secret', '--reason', '承办涉企案件']));
    expect(ok(zh('wang', 'recordings', 'classify', '3', '--level', 'commercial-secret', '--reason', '拍摄到企业生产工艺'))).toBe('录像 3：普通 → 商业秘密\n');
    const again = zh('wang', 'recordings', 'classify', '3', '--level', 'commercial-secret', '--reason', '再次');
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('录像 3 的密级已是商业秘密');
    expect(ok(as('wang', 'recordings', 'classify', '2', '--level', 'internal', '--reason', 'x'))).toBe('recording:2: ordinary → internal\n');
    expect(as('wang', 'recordings', 'classify', '2', '--level', 'internal', '--reason', 'x').stderr).toContain('recording:2 is already internal');
  });

  it('disc verify says the result of xorriso\'s MD5 check in Chinese', () => {
    const iso = path.join(ws.dir, 'out', 'GP2026-0001.iso');
    expect(ok(zh('li', 'disc', 'verify', iso))).toMatch(/；xorriso MD5 校验：通过\n/);
    expect(ok(as('li', 'disc', 'verify', iso))).toMatch(/; xorriso MD5 check: ok\n/);
  });

  it('audit log: roles and outcomes with their Chinese names beside the codes', () => {
    const log = ok(zh('chen', 'audit', 'log', '--action', 'access'));
    expect(log).toMatch(/ custodian（专（兼）职管理员）\s+access\.request\s+ok（成功）/);
    expect(log).toMatch(/ approver（审批人）\s+access\.approve\s+ok（成功）/);
    expect(log).toMatch(/ custodian（专（兼）职管理员）\s+access\.copy\s+refused（拒绝）/);
    const en = ok(as('chen', 'audit', 'log', '--action', 'access'));
    expect(en).toMatch(/ custodian\s+access\.copy\s+refused /);
    expect(en).not.toMatch(/[\u4e00-\u9fff]/);
  });
});
