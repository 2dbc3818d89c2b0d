/** Every command's help, every group's and the program's own, ends with an example command as typed, in either language. */
import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { buildProgram } from './program.js';
import { chooseLanguage } from './language.js';

/** A command's help as it prints, written into a string. */
function helpOf(cmd: Command): string {
  let out = '';
  cmd.configureOutput({ writeOut: (s: string) => void (out += s) });
  cmd.outputHelp();
  return out;
}

function everyCommand(cmd: Command, path: string[] = []): [string, Command][] {
  return cmd.commands.flatMap((c) => [[[...path, c.name()].join(' '), c] as [string, Command], ...everyCommand(c, [...path, c.name()])]);
}

describe('help examples', () => {
  afterAll(() => chooseLanguage(['node', 'evidence-vault'], {}, () => null));

  for (const [lang, label] of [['zh', '示例：'], ['en', 'Example']] as const) {
    it(`every command and every group shows one (${lang})`, async () => {
      chooseLanguage(['node', 'evidence-vault', '--lang', lang], {}, () => null);
      const program = await buildProgram(['--help']);
      const commands: [string, Command][] = [['evidence-vault', program], ...everyCommand(program)];
      expect(commands.length).toBeGreaterThan(100);
      const without = commands.filter(([, c]) => !new RegExp(`${label}[^\\n]*\\n(\\s+#[^\\n]*\\n)*\\s+(sudo -u \\S+ )?evidence-vault `).test(helpOf(c))).map(([name]) => name);
      expect(without).toEqual([]);
      // A group's example is its first command's own.
      const device = commands.find(([name]) => name === 'device')![1];
      expect(helpOf(device)).toContain('evidence-vault device add --number 0001234');
    });
  }
});

describe("commander's own words in Chinese", () => {
  afterAll(() => chooseLanguage(['node', 'evidence-vault'], {}, () => null));

  it('an invalid choice and the choices allowed; a default beside the choices in the help', async () => {
    chooseLanguage(['node', 'evidence-vault', '--lang', 'zh'], {}, () => null);
    const { commanderLine } = await import('./commander-language.js');
    expect(commanderLine("error: option '--medium <medium>' argument 'floppy' is invalid. Allowed choices are cd, dvd, bd.")).toBe(
      "错误：选项 '--medium <medium>' 的取值 'floppy' 无效。可选值为 cd, dvd, bd。",
    );
    const disc = (await buildProgram(['disc', 'build', '--help'])).commands.find((c) => c.name() === 'disc')!.commands.find((c) => c.name() === 'build')!;
    const help = helpOf(disc).replace(/\s+/g, ' ');
    expect(help).toMatch(/可选："cd", "dvd", "dvd-dl", "bd", "bd-dl", 默认："dvd"/);
    expect(help).not.toMatch(/default:|choices:/);
  });
});
