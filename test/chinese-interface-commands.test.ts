/**
 * The Chinese interface of the vault's record commands (ingest, verify, repair, export, fixity, holds,
 * retention, registers, inspections, gaps and late stores): help, errors and outputs in Chinese with
 * --lang zh, in English with --lang en, never a line mixing the two; --json the same in both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initVaultAt, makeWorkspace, runCli } from './support/cli.js';
import { say, type Message } from '../src/core/i18n/messages.js';
import { exportMessages } from '../src/cli/messages/export.js';
import { fixityMessages } from '../src/cli/messages/fixity.js';
import { holdMessages } from '../src/cli/messages/hold.js';
import { ingestMessages } from '../src/cli/messages/ingest.js';
import { initMessages } from '../src/cli/messages/init.js';
import { inspectionMessages } from '../src/cli/messages/inspection.js';
import { checksMessages } from '../src/cli/messages/recording-checks.js';
import { attributeMessages } from '../src/cli/messages/recordings-attribute.js';
import { registerMessages } from '../src/cli/messages/register.js';
import { repairMessages } from '../src/cli/messages/repair.js';
import { retentionMessages } from '../src/cli/messages/retention.js';
import { standingMessages } from '../src/cli/messages/retention-standing.js';
import { verifyMessages } from '../src/cli/messages/verify.js';

const CJK = /[\u3400-\u9fff]/;
/** Each test runs the CLI some fifty times: minutes on a busy two-core machine. */
const SLOW = 600_000;
const LATIN_WORD = /\b[a-z]{3,}\b/i;

/** Every command of these files, with the message that describes it. */
const COMMANDS: [string[], Message][] = [
  [['init'], initMessages.init],
  [['ingest'], ingestMessages.ingest],
  [['verify'], verifyMessages.verify],
  [['repair'], repairMessages.repair],
  [['export', 'quarter'], exportMessages.quarter],
  [['export', 'verify'], exportMessages.verify],
  [['fixity', 'run'], fixityMessages.run],
  [['fixity', 'status'], fixityMessages.status],
  [['hold', 'add'], holdMessages.add],
  [['hold', 'list'], holdMessages.list],
  [['hold', 'release'], holdMessages.release],
  [['hold', 'correct'], holdMessages.correct],
  [['retention', 'status'], retentionMessages.status],
  [['retention', 'show'], retentionMessages.show],
  [['retention', 'run'], retentionMessages.run],
  [['retention', 'standing', 'approve'], standingMessages.approve],
  [['retention', 'standing', 'list'], standingMessages.list],
  [['retention', 'standing', 'revoke'], standingMessages.revoke],
  [['device', 'add'], registerMessages.deviceAdd],
  [['device', 'list'], registerMessages.deviceList],
  [['device', 'drift'], checksMessages.drift],
  [['officer', 'add'], registerMessages.officerAdd],
  [['officer', 'list'], registerMessages.officerList],
  [['report', 'inspection'], inspectionMessages.report],
  [['inspection', 'record'], inspectionMessages.record],
  [['inspection', 'list'], inspectionMessages.list],
  [['inspection', 'close-action'], inspectionMessages.close],
  [['gap', 'list'], checksMessages.gapList],
  [['gap', 'explain'], checksMessages.gapExplain],
  [['late', 'list'], checksMessages.lateList],
  [['late', 'explain'], checksMessages.lateExplain],
  [['recordings', 'attribute'], attributeMessages.attribute],
];

/** A line of Chinese output that is only an example command as typed, or a path/value, may hold Latin words. */
const squeeze = (s: string) => s.replace(/\s+/g, '');

const isCommandLine = (line: string) => /evidence-vault |sha256sum|^\s*--?[a-z]/.test(line);

describe('the record commands in Chinese and in English', () => {
  const ws = makeWorkspace('ev-zh-');
  const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
  const asApprover = (...args: string[]) => runCli(['--config', ws.config, ...args], { SUDO_USER: 'wang' });

  beforeAll(() => {
    initVaultAt(ws.config);
    expect(cli('operator', 'add', 'wang', '--name', '王五', '--role', 'approver').status).toBe(0);
  });
  afterAll(() => ws.cleanup());

  it('every command says what it does in the language asked for; the English help has no Chinese outside example commands', () => {
    for (const [words, description] of COMMANDS) {
      const zh = cli(...words, '--help', '--lang', 'zh');
      const en = cli(...words, '--help', '--lang', 'en');
      expect(zh.status, words.join(' ')).toBe(0);
      // Commander wraps long descriptions: compared without the white space it breaks them at.
      expect(squeeze(zh.stdout), words.join(' ')).toContain(squeeze(say('zh', description)));
      expect(squeeze(en.stdout), words.join(' ')).toContain(squeeze(say('en', description)));
      for (const line of en.stdout.split('\n')) if (CJK.test(line)) expect(isCommandLine(line), `${words.join(' ')} en: ${line}`).toBe(true);
      expect(zh.stdout, words.join(' ')).toMatch(/示例|用法/);
    }
  }, SLOW);

  it('errors come out in Chinese with --lang zh and in English with --lang en, hint included', () => {
    const cases: [string[], string, string, typeof cli?][] = [
      [['hold', 'list', '--recording', 'abc'], '"abc" 不是录像编号', '"abc" is not a recording id'],
      [['ingest', '/nonexistent', '--device-override'], '--device-override 需要同时给出 --device 和 --reason', '--device-override needs --device and --reason'],
      [['recordings', 'attribute', 'x1', '--device', '0001', '--reason', 'r'], '"x1" 不是录像编号', '"x1" is not a recording id'],
      [['repair', 'zz'], '"zz" 不是录像编号', '"zz" is not a recording id'],
      [['retention', 'run', '--limit', '-1'], '--limit "-1" 不是非负整数', '--limit "-1" is not a whole number'],
      [['retention', 'standing', 'approve', '--scope', 'all'], '常设批准需要 --scope、--from、--until 和 --reason', 'a standing approval needs --scope, --from, --until and --reason', asApprover],
      [['export', 'quarter', '2026Q1', '--out', `${ws.dir}/out`, '--max-bag-size', 'lots'], '--max-bag-size "lots" 不是大小', '--max-bag-size "lots" is not a size'],
      [['inspection', 'close-action', '0', '1', '--note', 'n'], '"0" 不是检查编号', '"0" is not an inspection number'],
    ];
    for (const [args, zhText, enText, run = cli] of cases) {
      // With --json the person still reads the error on stderr, in the language asked for.
      const zh = run(...args, '--lang', 'zh', '--json');
      const en = run(...args, '--lang', 'en', '--json');
      expect(zh.status, args.join(' ')).toBe(2);
      expect(en.status, args.join(' ')).toBe(2);
      expect(zh.stderr, args.join(' ')).toContain(zhText);
      expect(en.stderr, args.join(' ')).toContain(enText);
      expect(en.stderr, args.join(' ')).not.toMatch(CJK);
      // The hint is in the same language as the message: no English words beside commands, flags and their values, paths and quoted values.
      const zhHint = zh.stderr.split('\n').find((l) => l.startsWith('  建议'));
      if (zhHint) expect(zhHint.replace(/evidence-vault( [a-z][a-z-]*)*|--\S+(?: [a-z0-9][\w.-]*)?|"[^"]*"|\S*\/\S*/g, '')).not.toMatch(LATIN_WORD);
      // --json carries the English, whatever the language.
      expect(JSON.parse(zh.stdout), args.join(' ')).toMatchObject({ error: expect.stringContaining(enText) });
      expect(zh.stdout, args.join(' ')).toBe(en.stdout);
    }
  }, SLOW);

  it('summaries and tables come out in Chinese with --lang zh', () => {
    expect(cli('officer', 'add', '--id', '110101', '--name', '张三', '--unit', '执法一队', '--lang', 'zh').stdout).toContain('已登记民警 110101 张三（执法一队）。');
    expect(cli('device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8', '--lang', 'zh').stdout).toContain('已登记执法记录仪 0001234（海康威视 DSJ-A8）。');
    const officers = cli('officer', 'list', '--lang', 'zh').stdout;
    expect(officers.split('\n')[0]).toMatch(/^警号\s+姓名\s+单位\s+状态/);
    const expected: [string[], string][] = [
      [['hold', 'list'], '没有封存。'],
      [['gap', 'list'], '无中断。'],
      [['late', 'list'], '无超过 24 小时入库的录像。'],
      [['inspection', 'list'], '尚无检查记录。'],
      [['retention', 'standing', 'list'], '没有常设销毁批准'],
      [['retention', 'status'], '的保存期限：不少于'],
      [['retention', 'run'], '试运行：未删除任何文件。'],
      [['verify'], '已检查 0 个文件'],
      [['repair'], '修复：检查 0 条'],
      [['device', 'drift'], '暂无带新录像的交存记录'],
      [['report', 'inspection', '--from', '2026-01-01', '--to', '2026-06-30'], '执法记录仪使用情况检查（R15）2026-01-01 – 2026-06-30'],
    ];
    for (const [args, text] of expected) {
      const zh = cli(...args, '--lang', 'zh');
      expect(zh.stdout, args.join(' ')).toContain(text);
      const en = cli(...args, '--lang', 'en');
      // What the registers hold (a name, a unit) is data, the same in both languages.
      expect(en.stdout.replace(/张三|执法一队/g, ''), args.join(' ')).not.toMatch(/[\u3400-\u9fff（）：，。]/);
    }
  }, SLOW);

  it('--json output is byte-identical in both languages', () => {
    for (const args of [
      ['device', 'list'],
      ['officer', 'list'],
      ['hold', 'list'],
      ['gap', 'list'],
      ['late', 'list'],
      ['inspection', 'list'],
      ['retention', 'standing', 'list'],
      ['retention', 'run'],
      ['device', 'drift'],
      ['repair'],
    ]) {
      const zh = cli(...args, '--json', '--lang', 'zh');
      const en = cli(...args, '--json', '--lang', 'en');
      expect(zh.status, args.join(' ')).toBe(0);
      expect(zh.stdout, args.join(' ')).toBe(en.stdout);
      expect(zh.stdout.length).toBeGreaterThan(1);
    }
  }, SLOW);
});
