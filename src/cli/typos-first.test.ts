import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { namingTyposFirst } from './typos-first.js';

/** What commander refuses `args` with (its code and message), or 'ran' when the action ran. */
function refusal(args: string[]): { code: string; message: string } | 'ran' {
  let ran = false;
  const program = new Command('p').exitOverride().configureOutput({ writeErr: () => {}, writeOut: () => {} });
  program
    .command('add')
    .requiredOption('--reason <reason>', 'why')
    .option('--note <text>', 'note')
    .action(() => void (ran = true));
  namingTyposFirst(program);
  try {
    program.parse(args, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return { code: err.code, message: err.message };
    throw err;
  }
  return ran ? 'ran' : { code: 'none', message: '' };
}

describe('a misspelt option is named before a missing required one', () => {
  it('names the typo, with the option meant', () => {
    expect(refusal(['add', '--reasn', 'x'])).toEqual({ code: 'commander.unknownOption', message: expect.stringMatching(/unknown option '--reasn'[\s\S]*Did you mean --reason\?/) });
  });

  it('still refuses a required option left out, in commander own words', () => {
    expect(refusal(['add', '--note', 'x'])).toEqual({ code: 'commander.missingMandatoryOptionValue', message: "error: required option '--reason <reason>' not specified" });
  });

  it('runs the action when the required option is there', () => {
    expect(refusal(['add', '--reason', 'x'])).toBe('ran');
  });
});
