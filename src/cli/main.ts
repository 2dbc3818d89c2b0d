#!/usr/bin/env node
/** evidence-vault: the command line. Parses, calls a service, prints; errors say what, where and what to try. */
import { CommanderError } from 'commander';
import { errorMessage, UserError } from '../core/errors.js';
import { systemErrorForPerson, busyCatalogueForPerson } from '../core/system-error.js';
import { diskFullError, isDiskFull } from '../core/disk-full.js';
import { buildProgram } from './program.js';

async function main(argv: string[]): Promise<void> {
  // Whatever umask the caller had: what the program creates is never world-readable.
  process.umask(process.umask() | 0o027);
  // A reader that went away (`… | head`) ends the output, not with a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
  const program = await buildProgram(argv.slice(2));
  const json = argv.includes('--json');
  try {
    await program.parseAsync(argv);
  } catch (caught) {
    // A full disk anywhere (a catalogue commit, a log file) is not a bug: say so, and what to do.
    const err = systemErrorForPerson(caught) ?? busyCatalogueForPerson(caught) ?? (isDiskFull(caught) && !(caught instanceof UserError) ? diskFullError([], errorMessage(caught)) : caught);
    if (err instanceof CommanderError) {
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    if (err instanceof UserError) {
      if (json) process.stdout.write(JSON.stringify({ error: err.message, hint: err.hint ?? null }) + '\n');
      process.stderr.write(`evidence-vault: ${err.message}\n${err.hint ? `  try: ${err.hint}\n` : ''}`);
      process.exitCode = err.exitCode;
      return;
    }
    // A bug, not a user error: the message and where to look; the stack only when asked for.
    const verbose = argv.includes('--verbose');
    process.stderr.write(
      `evidence-vault: unexpected failure / 意外错误: ${errorMessage(err)}\n` +
        (verbose ? `${(err as Error)?.stack ?? ''}\n` : '  try: run the same command with --verbose for details, and report it with that output\n'),
    );
    process.exitCode = 70;
  }
}

await main(process.argv);
