/**
 * Issue 16: what is left of the interface — start-up refusals, the config file's errors (naming the
 * key), ingest's refusals, `recordings list/show` — says each thing in Chinese with --lang zh and in
 * English with --lang en, one language a line; `--json` is byte-identical in both languages.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, runCli } from './support/cli.js';
import { writeRecorderFiles } from './support/media.js';

const CJK = /[\u3400-\u9fff\uff08\uff09\uff0c\uff1a\u3002]/;

/** The lines of `text` that say `needle`: in English, none may hold a Chinese character. */
function englishLine(text: string, needle: string): string {
  const line = text.split('\n').find((l) => l.includes(needle));
  expect(line, `${needle} in:\n${text}`).toBeDefined();
  expect(line).not.toMatch(CJK);
  return line!;
}

describe('the rest of the interface speaks Chinese and English apart', () => {
  const ws = makeWorkspace('ev-i18n-rest-a-');
  const cli = (lang: 'zh' | 'en', ...a: string[]) => runCli(['--config', ws.config, ...a, '--lang', lang]);

  beforeAll(() => {
    const card = path.join(ws.dir, 'card', 'DCIM');
    writeRecorderFiles(card, [{ name: '0001234_110101_20260515073000_0001.MP4' }, { name: '0001234_110101_20260515080000_0002.MP4' }]);
    expect(cli('en', 'ingest', path.dirname(card), '--device', '0001234').status).toBe(0);
  });
  afterAll(() => ws.cleanup());

  // Each: the arguments, what the Chinese says, what the English says, the exit status.
  const cases: [string, () => string[], string, string, number][] = [
    ['a date that is not one', () => ['recordings', 'list', '--from', 'yesterday'], '--from "yesterday" 不是日期', '--from "yesterday" is not a date', 2],
    ['a reversed window', () => ['recordings', 'list', '--from', '2026-05-20', '--to', '2026-05-01'], '晚于 --to 2026-05-01', '--from 2026-05-20 is after --to 2026-05-01', 2],
    ['an unknown flag', () => ['recordings', 'list', '--flag', 'shiny'], '--flag "shiny" 不是录像标记', '--flag "shiny" is not a recording flag', 2],
    ['the vault as a source', () => ['ingest', ws.vault, '--device', '0001234'], '执法记录仪的卷绝不会是音像资料库本身', 'a recorder volume is never the vault', 77],
    ['a source that is not there', () => ['ingest', path.join(ws.dir, 'no-card'), '--device', '0001234'], '的执法记录仪卷：路径不存在', 'cannot read the recorder volume at', 2],
    ['a source that is a file', () => ['ingest', ws.config, '--device', '0001234'], `${ws.config} 不是文件夹`, `${ws.config} is not a folder`, 2],
  ];

  for (const [what, args, zh, en, status] of cases) {
    it(`says ${what} in Chinese with --lang zh and in English with --lang en`, () => {
      const z = cli('zh', ...args());
      expect([z.status, z.stderr]).toEqual([status, expect.stringContaining(zh)]);
      expect(z.stderr).not.toContain(en);
      expect(z.stderr).not.toMatch(/no such file|directory/);
      const e = cli('en', ...args());
      expect([e.status, e.stderr]).toEqual([status, expect.stringContaining(en)]);
      englishLine(e.stderr, en);
    });
  }

  it('names the config key at fault in both languages', () => {
    const bad = path.join(ws.dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ vaultRoot: ws.vault, catalogPath: ws.catalog, timezone: 'Mars/Olympus', dock: { mediaRoot: ['/x'] } }));
    const z = runCli(['--config', bad, 'device', 'list', '--lang', 'zh']);
    expect(z.status).toBe(2);
    expect(z.stderr).toContain(`配置 ${bad}：`);
    expect(z.stderr).toContain('键 "timezone"：不是 IANA 时区名');
    expect(z.stderr).toContain('未知的键 "dock.mediaRoot"');
    expect(z.stderr).not.toContain('unknown key');
    const e = runCli(['--config', bad, 'device', 'list', '--lang', 'en']);
    expect(englishLine(e.stderr, `config ${bad}: `)).toMatch(/key "timezone": not an IANA timezone name.*unknown key "dock\.mediaRoot"/);

    const notJson = path.join(ws.dir, 'not.json');
    fs.writeFileSync(notJson, '{\n  "vaultRoot": "v",\n  bad\n}\n');
    const zj = runCli(['--config', notJson, 'device', 'list', '--lang', 'zh']);
    // Where an editor shows it: line 3, column 3 (the parser says position 24).
    expect(zj.stderr).toContain(`配置 ${notJson} 不是有效的 JSON：第 3 行第 3 列有误`);
    expect(englishLine(runCli(['--config', notJson, 'device', 'list', '--lang', 'en']).stderr, 'is not valid JSON')).toMatch(/line 3,? column 3/);
  });

  it('says there is no vault in both languages', () => {
    const typo = path.join(ws.dir, 'typo.json');
    fs.writeFileSync(typo, JSON.stringify({ vaultRoot: path.join(ws.dir, 'vualt'), catalogPath: path.join(ws.dir, 'catalgue', 'c.sqlite') }));
    const z = runCli(['--config', typo, 'device', 'list', '--lang', 'zh']);
    expect([z.status, z.stderr]).toEqual([2, expect.stringContaining('处没有音像资料库：请先运行 evidence-vault init')]);
    expect(z.stderr).toContain('请检查配置中的 "catalogPath"');
    const e = runCli(['--config', typo, 'device', 'list', '--lang', 'en']);
    englishLine(e.stderr, 'run evidence-vault init');
  });

  it('lists and shows recordings in Chinese, and their --json is the same in both languages', () => {
    const z = cli('zh', 'recordings', 'list');
    expect(z.status).toBe(0);
    expect(z.stdout).toMatch(/开始时间.*记录仪.*民警/);
    expect(z.stdout).toContain('共 2 条录像');
    const e = cli('en', 'recordings', 'list');
    expect(englishLine(e.stdout, 'STARTED')).toMatch(/STARTED.*DEVICE.*OFFICER/);
    englishLine(e.stdout, '2 recordings');
    expect(cli('zh', 'recordings', 'list', '--from', '2027-01-01').stdout).toContain('没有符合条件的录像。');

    const shown = cli('zh', 'recordings', 'show', '1');
    expect(shown.stdout).toMatch(/^编号 +1$/m);
    expect(shown.stdout).toContain('库内路径');
    expect(cli('en', 'recordings', 'show', '1').stdout).toMatch(/^vaultPath +/m);

    for (const args of [['recordings', 'list', '--json'], ['recordings', 'show', '1', '--json'], ['recordings', 'list', '--flag', 'shiny', '--json']]) {
      const [a, b] = [cli('zh', ...args), cli('en', ...args)];
      expect(a.status, args.join(' ')).toBe(b.status);
      expect(a.stdout, args.join(' ')).toBe(b.stdout);
    }
  });

  it('gives the help of recordings list in Chinese', () => {
    const z = cli('zh', 'recordings', 'list', '--help');
    expect(z.stdout).toContain('列出录像，最早的在前');
    expect(z.stdout).toContain('只看这位民警（警号）');
    const e = cli('en', 'recordings', 'list', '--help');
    expect(e.stdout).toContain('list recordings, oldest first');
    expect(e.stdout).not.toMatch(CJK);
  });
});
