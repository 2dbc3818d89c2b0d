import type { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { buildProgram, COMMAND_MODULES, commandNamed } from './program.js';

/** A command as a person meets it: name, description, arguments, options, help text, and its subcommands. */
function shape(c: Command): unknown {
  return {
    name: c.name(),
    description: c.description(),
    args: c.registeredArguments.map((a) => [a.name(), a.required, a.variadic]),
    options: c.options.map((o) => [o.flags, o.description, o.mandatory]),
    help: c.helpInformation(),
    commands: c.commands.map(shape),
  };
}

describe('the command line loads only the commands it is asked for', () => {
  it('each top-level command, built alone, is the same as in the whole program', async () => {
    const whole = await buildProgram([]);
    const names = whole.commands.map((c) => c.name());
    expect(names.length).toBeGreaterThan(20);
    for (const name of names) {
      // Every command has its modules named: none falls back to loading them all.
      expect(COMMAND_MODULES.some((m) => m.names.includes(name)), name).toBe(true);
      const alone = await buildProgram(['--config', 'x.json', name, '--json']);
      const mine = alone.commands.find((c) => c.name() === name);
      expect(mine, name).toBeDefined();
      expect(shape(mine!), name).toEqual(shape(whole.commands.find((c) => c.name() === name)!));
      expect(alone.commands.length).toBeLessThan(names.length);
    }
  });

  it('--help, no command, or a word it does not know gets the whole program', async () => {
    const all = (await buildProgram([])).commands.length;
    for (const args of [['--help'], [], ['stauts'], ['help', 'status'], ['--config', 'status']]) {
      expect((await buildProgram(args)).commands.length, args.join(' ')).toBe(all);
    }
  });

  it('finds the command past the global options and the value of --config', () => {
    expect(commandNamed(['--config', 'status', 'recordings', 'list'])).toBe('recordings');
    expect(commandNamed(['--json', '--verbose', 'status'])).toBe('status');
    expect(commandNamed(['--config=x.json', 'status'])).toBe('status');
    expect(commandNamed(['--', 'status'])).toBeNull();
    expect(commandNamed(['-h'])).toBeNull();
  });
});
