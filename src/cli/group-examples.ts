/**
 * A command group's help (`evidence-vault device --help`) ends with an example, as every command's
 * does: the first example its commands give, read from that command's own help when the group's is
 * shown (nothing is rendered at start-up, and the example cannot drift from the command's).
 */
import type { Command } from 'commander';
import { t } from './language.js';
import { commonMessages as m } from './messages/common-a.js';

/** Every group of `program`, at any depth, shows its first command's example after its help. */
export function addGroupExamples(program: Command): void {
  const each = (cmd: Command) => {
    if (!cmd.commands.length) return;
    if (cmd !== program) {
      cmd.on('afterHelp', (context: { write: (s: string) => void }) => {
        const example = firstExample(cmd);
        if (example) context.write(`\n${t(m.example)}\n${example}\n`);
      });
    }
    cmd.commands.forEach(each);
  };
  each(program);
}

/** The first example line among a group's commands' own helps, or null when none gives one. */
function firstExample(group: Command): string | null {
  for (const sub of group.commands) {
    const lines = helpOf(sub).split('\n');
    const at = lines.findIndex((l) => l.trim() === t(m.example).trim() || l.trim() === t(m.examples).trim());
    const line = at >= 0 ? lines.slice(at + 1).find((l) => /^\s+evidence-vault /.test(l)) : undefined;
    if (line) return line;
  }
  return null;
}

/** A command's help as it would print, written into a string instead. */
function helpOf(cmd: Command): string {
  let out = '';
  const saved = cmd.configureOutput();
  cmd.configureOutput({ ...saved, writeOut: (s: string) => void (out += s) });
  try {
    cmd.outputHelp();
  } finally {
    cmd.configureOutput(saved);
  }
  return out;
}
