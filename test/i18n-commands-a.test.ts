/**
 * Issue 16 through the built CLI: access, audit, case, disc, device, operator, exemption and dock
 * commands print for a person in Chinese with --lang zh and in English with --lang en (no Chinese
 * character in the English but the data typed in), their errors and hints too; and --json, results and
 * errors alike, is byte for byte the same in both.
 */
import os from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, runCli, type CliResult } from './support/cli.js';

const CJK = /[\u3400-\u9fff]/;

describe('these commands in Chinese and in English', () => {
  const ws = makeWorkspace('ev-i18n-a-');
  afterAll(() => ws.cleanup());
  const run = (lang: 'zh' | 'en', ...args: string[]): CliResult => runCli(['--config', ws.config, '--lang', lang, ...args]);
  const ok = (r: CliResult) => {
    expect(r.status, r.stderr).toBe(0);
    return r;
  };

  beforeAll(() => {
    ok(run('en', 'operator', 'add', 'li', '--name', '李四', '--role', 'custodian'));
    // The administrator who ran init also approves here: access approve reaches its own checks.
    ok(run('en', 'operator', 'roles', os.userInfo().username, '--role', 'admin', '--role', 'approver'));
    ok(run('en', 'case', 'create', '鞍自然执〔2026〕17号', '--title', '违法占地现场检查'));
    ok(run('en', 'officer', 'add', '--id', '110101', '--name', '张三'));
    ok(run('en', 'device', 'add', '--number', '0001234', '--brand', 'B', '--model', 'M'));
  });

  it('prints results and tables in the language asked for', () => {
    const zhCases = ok(run('zh', 'case', 'list'));
    expect(zhCases.stdout).toMatch(/案号\s+类别\s+状态/);
    expect(zhCases.stdout).toContain('办理中');
    const enCases = ok(run('en', 'case', 'list'));
    expect(enCases.stdout).toMatch(/NUMBER\s+CATEGORY\s+STATUS/);
    expect(enCases.stdout).toMatch(/\bopen\b/);

    expect(ok(run('zh', 'operator', 'list')).stdout).toMatch(/登录名[\s\S]*专（兼）职管理员[\s\S]*是/);
    expect(ok(run('en', 'operator', 'list')).stdout).toMatch(/OS USER[\s\S]*custodian[\s\S]*yes/);

    expect(ok(run('zh', 'disc', 'list')).stdout).toBe('尚未制作光盘：evidence-vault disc build --help\n');
    expect(ok(run('en', 'disc', 'list')).stdout).toBe('No discs made yet: evidence-vault disc build --help\n');
    expect(ok(run('zh', 'exemption', 'list')).stdout).toBe('没有登记。\n');
    expect(ok(run('en', 'exemption', 'list')).stdout).toBe('No exemptions recorded.\n');
    expect(ok(run('zh', 'access', 'list')).stdout).toContain('没有待审批的申请或有效授权');
  });

  it('prints the recorder register, the trail and docking by day in the language asked for', () => {
    const assigned = ok(run('zh', 'device', 'assign', '0001234', '110101', '--from', '2026-05-01 08:00'));
    expect(assigned.stdout).toMatch(/^记录仪 0001234 自 .* 起由 110101 佩戴。\n$/);
    const shown = ok(run('zh', 'device', 'show', '0001234'));
    expect(shown.stdout).toMatch(/记录仪 0001234：在用；B M；USB 序列号 （无）/);
    expect(shown.stdout).toContain('故障维修记录：（空）');
    const enShown = ok(run('en', 'device', 'show', '0001234'));
    expect(enShown.stdout).toMatch(/Recorder 0001234: in-service; B M; USB serial \(none\)/);
    expect(enShown.stdout).not.toMatch(CJK);

    const log = ok(run('zh', 'audit', 'log', '--action', 'case.create'));
    expect(log.stdout).toMatch(/序号\s+时间\s+操作员/);
    expect(log.stdout).toMatch(/共 1 条\n$/);
    expect(ok(run('en', 'audit', 'log', '--action', 'case.create')).stdout).toMatch(/SEQ\s+AT\s+OPERATOR[\s\S]*\n1 entries\n$/);

    const history = ok(run('zh', 'dock', 'history', '--from', '2026-05-04', '--to', '2026-05-08'));
    expect(history.stdout).toMatch(/2026-05-04 … 2026-05-08：\d+ 个工作日，\d+ 次未按时归档/);
    expect(ok(run('en', 'dock', 'history', '--from', '2026-05-04', '--to', '2026-05-08')).stdout).not.toMatch(CJK);
  });

  const errors = (): [string[], RegExp, RegExp][] => [
    [['access', 'approve', 'x1'], /"x1" 不是调阅申请编号\n  建议: 申请编号见：evidence-vault access list --all/, /"x1" is not an access request id\n  try: See: evidence-vault access list --all/],
    [['audit', 'log', '--outcome', 'maybe'], /--outcome "maybe" 不是 ok、refused、failed 之一/, /--outcome "maybe" is not one of ok, refused, failed/],
    [['audit', 'log', '--from', 'yesterday'], /--from "yesterday" 不是日期\n  建议: 格式为 YYYY-MM-DD/, /--from "yesterday" is not a date\n  try: Use YYYY-MM-DD/],
    [['case', 'link', '鞍自然执〔2026〕17号'], /请指明要关联哪些录像\n  建议: 使用 --recording ID…/, /say which recordings to link\n  try: Use --recording ID…/],
    [['case', 'link', '鞍自然执〔2026〕17号', '--recording', 'abc'], /"abc" 不是录像编号/, /"abc" is not a recording id/],
    [['disc', 'build', '--out', ws.dir], /请给出 --case NUMBER 或 --recording ID …/, /give either --case NUMBER or --recording ID …/],
    [['disc', 'build', '--recording', '1', '--place', 'nowhere', '--out', ws.dir], /--place "nowhere" 不是 ID=TEXT 的形式/, /--place "nowhere" is not ID=TEXT\n  try: Example: --place 12=TEXT/],
    [['device', 'retire', '0001234'], /请选择 --approve 或 --reject/, /say --approve or --reject/],
    [['operator', 'show', 'nobody'], /没有操作员 nobody\n  建议: 操作员见：evidence-vault operator list/, /no operator nobody\n  try: See: evidence-vault operator list/],
    [['recordings', 'custody', '--out', ws.dir], /请给出录像编号或 --case 案号/, /give either a recording ID or --case NUMBER/],
  ];
  it.each(errors().map(([args, zh, en]) => ({ name: args.join(' '), args, zh, en })))('says "$name" and its hint in the language asked for, the English without Chinese', ({ args, zh, en }) => {
    const z = run('zh', ...args);
    const e = run('en', ...args);
    expect(z.status, args.join(' ')).toBe(2);
    expect(e.status, args.join(' ')).toBe(2);
    expect(z.stderr, args.join(' ')).toMatch(zh);
    expect(e.stderr, args.join(' ')).toMatch(en);
    // The English names what the person typed (a Chinese case number) and nothing else in Chinese.
    expect(e.stderr.replaceAll('鞍自然执〔2026〕17号', ''), args.join(' ')).not.toMatch(CJK);
    expect(z.stderr, args.join(' ')).not.toMatch(/\b(?:is not|give either|say which|try:)\b/);
    // --json: the same bytes whichever language was asked for.
    expect(run('zh', ...args, '--json').stdout, args.join(' ')).toBe(run('en', ...args, '--json').stdout);
  });

  it.each(
    [
      ['case', 'list'],
      ['case', 'show', '鞍自然执〔2026〕17号'],
      ['operator', 'list'],
      ['operator', 'show', 'li'],
      ['device', 'show', '0001234'],
      ['device', 'history', '0001234'],
      ['access', 'list', '--all'],
      ['disc', 'list'],
      ['exemption', 'list'],
      ['dock', 'history', '--from', '2026-05-04', '--to', '2026-05-08'],
      ['audit', 'log', '--action', 'case.create'],
    ].map((args) => ({ name: args.join(' '), args })),
  )('writes "$name --json" the same in both languages', ({ args }) => {
    const z = ok(run('zh', ...args, '--json'));
    const e = ok(run('en', ...args, '--json'));
    expect(z.stdout.length).toBeGreaterThan(2);
    expect(z.stdout).toBe(e.stdout);
  });
});
