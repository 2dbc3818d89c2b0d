/** What every command gets: the global options, the output, and the vault's services, opened on demand. */
import type { Command } from 'commander';
import type { Access } from '../core/types.js';
import { diskFullForPerson } from '../core/disk-full.js';
import { isRecorded, markRecorded } from '../core/errors.js';
import type { Vault, VaultOptions } from '../wiring.js';
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
  // Loaded here, not at start-up: `--help` and argument errors need none of the vault's modules.
  return withParts(cmd, access, async (options) => (await import('../wiring.js')).openVault(options), body, opts);
}

/** What a command's parts must hold: the session that puts it on the record, the disks, and a way to close. */
export interface CommandParts {
  session: Vault['session'];
  storage: Vault['storage'];
  close(): Promise<void>;
}

/**
 * `withVault` for a command that uses a few services only (`status`, `recordings list`): `open` loads
 * and builds just those on the same base (configuration, catalogue, trail, command session), so the
 * command starts without loading the rest. The role check and the record are the same.
 */
export async function withParts<P extends CommandParts, T>(
  cmd: Command,
  access: Access,
  open: (options: VaultOptions) => Promise<P>,
  body: (parts: P, ctx: CommandContext) => Promise<T> | T,
  opts: { badInputIs?: 'refused' | 'failed'; readOnlyCheck?: boolean } = {},
): Promise<T> {
  const globals = cmd.optsWithGlobals() as GlobalOptions;
  // People at a terminal see the progress bar and the summary; the per-file log is for --verbose and the journal.
  const parts = await open({ configFile: globals.config, logLevel: globals.verbose ? 'info' : 'warn', readOnlyCheck: opts.readOnlyCheck });
  try {
    const invocation = { target: cmd.args.length ? cmd.args.join(' ') : null, options: cmd.opts() };
    return await parts.session.run(access, invocation, () => body(parts, { out: createOutput(Boolean(globals.json)), globals }), { badInputIs: opts.badInputIs });
  } catch (err) {
    throw forPerson(err, parts.storage);
  } finally {
    await parts.close();
  }
}

/** A full disk met by a command that changes something: which disk, and what to do, never a stack trace. */
function forPerson(err: unknown, storage: Vault['storage']): unknown {
  const person = diskFullForPerson(err, [storage.vaultRoot, storage.catalogDir]);
  return person !== err && isRecorded(err) ? markRecorded(person) : person;
}
