/**
 * evidence-vault: the command line. Parses, calls a service, prints; errors say what, where and what to try.
 * The command runs it from the bundle the build makes (dist/bundle/evidence-vault.cjs, launch.ts).
 */
import { pathToFileURL } from 'node:url';
import { CommanderError } from 'commander';
import { errorMessage, UserError } from '../core/errors.js';
import { systemErrorForPerson, busyCatalogueForPerson } from '../core/system-error.js';
import { diskFullError, isDiskFull } from '../core/disk-full.js';
import { buildProgram } from './program.js';
import { chooseLanguage, t, tell } from './language.js';
import { configuredLanguage } from '../wiring/language.js';
import { globalMessages as g } from './messages/global-options.js';
import { said } from '../core/i18n/said.js';

/** Commander's own ways of ending with help shown (a bare group command shows its help): nothing refused. */
const HELP_CODES = new Set(['commander.help', 'commander.helpDisplayed']);

export async function main(argv: string[]): Promise<void> {
  // Whatever umask the caller had: what the program creates is never world-readable.
  process.umask(process.umask() | 0o027);
  // A reader that went away (`… | head`) ends the output, not with a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const json = argv.includes('--json');
  // The language first: the help and commander's own errors are written in it.
  const { bad } = chooseLanguage(argv, process.env, configuredLanguage);
  const program = await buildProgram(argv.slice(2));
  try {
    if (bad !== null) throw new UserError(said(g.badLang, { value: bad }), g.badLangHint);
    await program.parseAsync(argv);
  } catch (caught) {
    // A full disk anywhere (a catalogue commit, a log file) is not a bug: say so, and what to do.
    const err = systemErrorForPerson(caught) ?? busyCatalogueForPerson(caught) ?? (isDiskFull(caught) && !(caught instanceof UserError) ? diskFullError([], errorMessage(caught)) : caught);
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      // A refused command line is an act too (help is not): on the record, best effort.
      if (err.exitCode !== 0 && !HELP_CODES.has(err.code)) await (await import('./unparsed.js')).recordUnparsed(argv.slice(2), err);
      return;
    }
    if (err instanceof UserError) {
      // --json is the same in every language: the English, as the trail has it.
      if (json) process.stdout.write(JSON.stringify({ error: err.message, hint: err.hint ?? null }) + '\n');
      process.stderr.write(`evidence-vault: ${tell(err.said)}\n${err.hintSaid ? `  ${t(g.tryLabel)}: ${tell(err.hintSaid)}\n` : ''}`);
      process.exitCode = err.exitCode;
      return;
    }
    // A bug, not a user error: the message and where to look; the stack only when asked for.
    const verbose = argv.includes('--verbose');
    process.stderr.write(
      `evidence-vault: ${t(g.unexpected, { what: errorMessage(err) })}\n` + (verbose ? `${(err as Error)?.stack ?? ''}\n` : `  ${t(g.tryLabel)}: ${t(g.unexpectedHint)}\n`),
    );
    process.exitCode = 70;
  }
}

// Run as a file of its own (node dist/src/cli/main.js, the command's path before the bundle), it is
// still the command, only slower to start: never a silent no-op for an old script or unit file.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) void main(process.argv);
