/**
 * The help of `central index|report|search` in each language, built as main.ts builds it: in Chinese
 * every description and option says something in Chinese; in English no line but an example's command
 * line holds a Chinese character.
 */
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { chooseLanguage } from '../language.js';
import { speakCommanderLanguage } from '../commander-language.js';
import { addCentralCommands } from '../commands/central-commands.js';

const CJK = /[\u3400-\u9fff]/;

function build(lang: 'zh' | 'en'): Command {
  chooseLanguage(['--lang', lang], {}, () => null);
  const program = new Command('evidence-vault').exitOverride();
  addCentralCommands(program);
  speakCommanderLanguage(program);
  return program;
}

function helpOf(cmd: Command): string {
  let text = '';
  cmd.configureOutput({ writeOut: (s) => (text += s), writeErr: (s) => (text += s) });
  cmd.outputHelp();
  return text;
}

const central = (p: Command) => p.commands.find((c) => c.name() === 'central')!;

describe('the help of central', () => {
  it('is Chinese in Chinese, with examples', () => {
    const group = central(build('zh'));
    expect(group.description()).toMatch(CJK);
    expect(group.commands.map((c) => c.name())).toEqual(['index', 'report', 'search']);
    for (const cmd of group.commands) {
      expect(cmd.description(), cmd.name()).toMatch(CJK);
      for (const o of cmd.options) expect(o.description, `${cmd.name()} ${o.flags}`).toMatch(CJK);
      const help = helpOf(cmd);
      expect(help).toMatch(/示例：\n {2}evidence-vault --config \S+ central /);
      expect(help).not.toMatch(/Example|Usage:|Options:/);
    }
    // What the store's objects cannot tell is said where the report is described.
    expect(helpOf(group.commands[1]!)).toMatch(/中断及其说明、超时存储/);
  });

  it('has no Chinese in English outside the example command lines', () => {
    const group = central(build('en'));
    for (const cmd of [group, ...group.commands]) {
      const lines = helpOf(cmd).split('\n').filter((l) => !/^\s+evidence-vault /.test(l));
      for (const line of lines) expect(line, `${cmd.name()}: ${line}`).not.toMatch(CJK);
    }
    expect(helpOf(group.commands[1]!)).toMatch(/gaps and their explanations, late stores/);
    expect(helpOf(group.commands[0]!)).toMatch(/Exit status: 0 all intact; 1 /);
  });
});
