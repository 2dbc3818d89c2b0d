/** What every command gets: the global options, the output, and the vault's services, opened on demand. */
import type { Command } from 'commander';
import type { Access } from '../core/types.js';
import { diskFullForPerson } from '../core/disk-full.js';
import { isRecorded, markRecorded } from '../core/errors.js';
import type { Vault } from '../wiring.js';
import { createOutput, type Output } from './output.js';

export interface GlobalOptions {
  config?: string;
  json?: boolean;
  verbose?: boolean;
}

export interface CommandContext {
  out: Output;
  globals: GlobalOptions;
}

export { EXIT_REFUSED } from '../services/command-session.js';

/**
 * Run a command's body with the vault's services, closing them whatever happens. `access` declares
 * which roles may run it; the command session checks it and puts the outcome on the record.
 */
export async function withVault<T>(
  cmd: Command,
  access: Access,
  body: (vault: Vault, ctx: CommandContext) => Promise<T> | T,
  opts: { badInputIs?: 'refused' | 'failed'; readOnlyCheck?: boolean } = {},
): Promise<T> {
  const globals = cmd.optsWithGlobals() as GlobalOptions;
  // People at a terminal see the progress bar and the summary; the per-file log is for --verbose and the journal.
  // Loaded here, not at start-up: `--help` and argument errors need none of the vault's modules.
  const { openVault } = await import('../wiring.js');
  const vault = openVault({ configFile: globals.config, logLevel: globals.verbose ? 'info' : 'warn', readOnlyCheck: opts.readOnlyCheck });
  try {
    const invocation = { target: cmd.args.length ? cmd.args.join(' ') : null, options: cmd.opts() };
    return await vault.session.run(access, invocation, () => body(vault, { out: createOutput(Boolean(globals.json)), globals }), { badInputIs: opts.badInputIs });
  } catch (err) {
    throw forPerson(err, vault.storage);
  } finally {
    await vault.close();
  }
}

/** A full disk met by a command that changes something: which disk, and what to do, never a stack trace. */
function forPerson(err: unknown, storage: Vault['storage']): unknown {
  const person = diskFullForPerson(err, [storage.vaultRoot, storage.catalogDir]);
  return person !== err && isRecorded(err) ? markRecorded(person) : person;
}
