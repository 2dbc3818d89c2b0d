/**
 * Issue 16, the services' words: refusals and errors from the services (registers, recorders, cases,
 * holds, operators, access, export) reach the person in Chinese by default (--lang zh) and in English
 * on request, one language a line; the trail keeps the English; --json is the same in both languages.
 */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, runCli } from './support/cli.js';

const CJK = /[\u3400-\u9fff\uff08\uff09\uff0c\uff1a\u3002]/;

describe('the services speak Chinese and English apart', () => {
  const ws = makeWorkspace('ev-i18n-svc-');
  const cli = (lang: 'zh' | 'en' | null, ...a: string[]) => runCli(['--config', ws.config, ...a, ...(lang ? ['--lang', lang] : [])]);

  beforeAll(() => {
    expect(cli('en', 'officer', 'add', '--id', '110101', '--name', '张三').status).toBe(0);
    expect(cli('en', 'device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8').status).toBe(0);
  });
  afterAll(() => ws.cleanup());

  // Each: the command, a Chinese sentence it must say, the English one, and its exit status.
  const cases: [string, string[], string, string, number][] = [
    ['an unregistered officer', ['device', 'assign', '0001234', '999999'], '民警 999999 未登记', 'officer 999999 is not registered', 2],
    ['an unregistered recorder', ['device', 'status', '0009999', 'repair'], '执法记录仪 0009999 未登记', 'recorder 0009999 is not registered', 2],
    ['a registered officer again', ['officer', 'add', '--id', '110101', '--name', '张三'], '民警 110101 已登记', 'officer 110101 is already registered', 2],
    ['an unknown case', ['case', 'show', '鞍自然执〔2026〕99号'], '无此案件：鞍自然执〔2026〕99号', 'no case 鞍自然执〔2026〕99号', 2],
    ['an unknown hold reason', ['hold', 'add', '--recording', '1', '--reason', 'whim'], '未知封存理由“whim”', 'unknown hold reason "whim"', 2],
    ['a role that does not exist', ['operator', 'add', 'wangwu', '--name', '王五', '--role', 'boss'], '未知角色 “boss”', 'unknown role "boss"', 2],
    ['a quarter that is not one', ['export', 'quarter', '2026Q5', '--out', '/tmp'], '“2026Q5”不是季度', '"2026Q5" is not a quarter', 2],
    ['a bad access purpose', ['access', 'request', '--recordings', '1', '--purpose', 'look', '--for', 'x', '--until', '2099-01-01'], '--purpose look 不是有效用途', '--purpose look is not a purpose', 2],
  ];

  for (const [what, args, zh, en, status] of cases) {
    it(`says ${what} in Chinese with --lang zh and in English with --lang en`, () => {
      const z = cli('zh', ...args);
      expect([z.status, z.stderr]).toEqual([status, expect.stringContaining(zh)]);
      expect(z.stderr).not.toContain(en);
      const e = cli('en', ...args);
      expect([e.status, e.stderr]).toEqual([status, expect.stringContaining(en)]);
      expect(e.stderr).not.toContain(zh);
      // The English line is English alone (a case number typed in Chinese is the only Chinese it may hold).
      const line = e.stderr.split('\n').find((l) => l.includes(en))!;
      expect(line.replace(/鞍自然执〔2026〕99号/g, '')).not.toMatch(CJK);
    });
  }

  it('records a refusal in English whichever language the person read', () => {
    const z = cli('zh', 'device', 'assign', '0001234', '888888');
    expect(z.stderr).toContain('民警 888888 未登记');
    const db = new Database(ws.catalog, { readonly: true });
    try {
      const rows = db.prepare("SELECT details FROM audit_log WHERE action = 'device.assign' AND outcome = 'refused' ORDER BY seq").all() as { details: string }[];
      const reasons = rows.map((r) => (JSON.parse(r.details) as { reason: string }).reason);
      expect(reasons).toContain('officer 888888 is not registered');
      for (const r of reasons) expect(r).not.toMatch(CJK);
    } finally {
      db.close();
    }
  });

  it('gives --json output identical in both languages, for a refusal and for a listing', () => {
    for (const args of [
      ['device', 'assign', '0001234', '777777', '--json'],
      ['export', 'quarter', '2026Q5', '--out', '/tmp', '--json'],
      ['device', 'list', '--json'],
      ['officer', 'list', '--json'],
    ]) {
      const z = cli('zh', ...args);
      const e = cli('en', ...args);
      expect(z.status, args.join(' ')).toBe(e.status);
      expect(z.stdout, args.join(' ')).toBe(e.stdout);
    }
  });
});
