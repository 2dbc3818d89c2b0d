/**
 * Issue 16, the rest of the services' words: the registers' hints (officer status, gaps, late storage),
 * the custody report's refusals, `status` and `fixity status`'s fixity line, and what `export verify`
 * finds in a bag reach a person in Chinese with --lang zh and in English with --lang en, one language a
 * line; --json is byte-identical whatever the language.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, runCli } from './support/cli.js';

const CJK = /[\u3400-\u9fff\uff08\uff09\uff0c\uff1a\u3002]/;

describe('the rest of the services speak Chinese and English apart', () => {
  const ws = makeWorkspace('ev-i18n-rest-b-');
  const cli = (lang: 'zh' | 'en', ...a: string[]) => runCli(['--config', ws.config, ...a, '--lang', lang]);
  const unfinished = path.join(ws.dir, 'archive', '2026Q1.partial');

  beforeAll(() => {
    expect(cli('en', 'officer', 'add', '--id', '110101', '--name', '张三').status).toBe(0);
    expect(cli('en', 'operator', 'roles', 'root', '--role', 'admin', '--role', 'custodian').status).toBe(0);
    fs.mkdirSync(unfinished, { recursive: true });
  });
  afterAll(() => ws.cleanup());

  // Each: the command, the Chinese hint or line it must print, the English one, its exit status.
  const cases: [string, string[], string, string, number][] = [
    ['an officer status that is none', ['officer', 'status', '110101', 'gone'], '建议: 可用：active、transferred、left', 'try: Use one of: active, transferred, left', 2],
    ['a gap id that is none', ['gap', 'explain', 'abc', '--reason', 'x', '--text', 'y'], '中断编号由其前后两条影像的编号组成', 'A gap id names the recordings around it', 2],
    ['a late recording that is none', ['late', 'explain', '999', '--reason', 'x', '--text', 'y'], '查看迟延存储的影像：evidence-vault late list', 'See the late ones: evidence-vault late list', 2],
    ['a custody report of no case', ['recordings', 'custody', '--case', 'NOPE', '--out', path.join(ws.dir, 'out')], '案件编号见：evidence-vault case list', 'Case numbers are shown by: evidence-vault case list', 2],
    ['an unregistered recorder in the dock history', ['dock', 'history', '--from', '2026-09-01', '--to', '2026-09-30', '--device', '00O1'], '执法记录仪 00O1 未登记', 'recorder 00O1 is not registered', 2],
    ['the fixity line of status', ['status'], '完整性校验：尚未运行（每晚 02:30 运行', 'fixity: no check has run yet (nightly at 02:30', 0],
    ['fixity status', ['fixity', 'status'], '完整性校验：尚未运行', 'fixity: no check has run yet', 0],
    ['an unfinished bag', ['export', 'verify', unfinished], '这是仍在制作中的包：再次运行导出即可完成', 'this is a bag still being built: run the export again to finish it', 1],
  ];

  for (const [what, args, zh, en, status] of cases) {
    it(`says ${what} in Chinese with --lang zh and in English with --lang en`, () => {
      const z = cli('zh', ...args);
      const e = cli('en', ...args);
      expect([z.status, z.stdout + z.stderr]).toEqual([status, expect.stringContaining(zh)]);
      expect(z.stdout + z.stderr).not.toContain(en);
      expect([e.status, e.stdout + e.stderr]).toEqual([status, expect.stringContaining(en)]);
      expect(e.stdout + e.stderr).not.toContain(zh);
      const line = (e.stdout + e.stderr).split('\n').find((l) => l.includes(en))!;
      expect(line).not.toMatch(CJK);
    });
  }

  it('prints the same --json whatever the language', () => {
    for (const args of [['status'], ['fixity', 'status'], ['export', 'verify', unfinished]]) {
      const z = cli('zh', ...args, '--json');
      const e = cli('en', ...args, '--json');
      expect(z.stdout.trim(), args.join(' ')).not.toBe('');
      expect(z.stdout.replace(/"(generatedAt|at|now|secondsSinceHeartbeat)":"?[^,"]*"?/g, ''), args.join(' ')).toBe(e.stdout.replace(/"(generatedAt|at|now|secondsSinceHeartbeat)":"?[^,"]*"?/g, ''));
      expect(z.stdout, args.join(' ')).not.toMatch(CJK);
    }
    // The English lines --json kept before: language-neutral, whatever the person reads.
    expect(JSON.parse(cli('zh', 'fixity', 'status', '--json').stdout)).toEqual({ lines: [expect.stringMatching(/^fixity: no check has run yet/)] });
    const bag = JSON.parse(cli('zh', 'export', 'verify', unfinished, '--json').stdout) as { bags: { problems: { kind: string; detail: string }[] }[] };
    expect(bag.bags[0]!.problems).toContainEqual(expect.objectContaining({ kind: 'unfinished', detail: 'this is a bag still being built: run the export again to finish it' }));
  });
});
