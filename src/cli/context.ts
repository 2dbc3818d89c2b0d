/** What every command gets: the global options, the output, and a vault opened on demand. */
import type { Command } from 'commander';
import { openVault, type Vault } from '../wiring.js';
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

/** Run a command's body with an open vault, closing it whatever happens. */
export async function withVault<T>(cmd: Command, body: (vault: Vault, ctx: CommandContext) => Promise<T> | T): Promise<T> {
  const globals = cmd.optsWithGlobals() as GlobalOptions;
  // People at a terminal see the progress bar and the summary; the per-file log is for --verbose and the journal.
  const vault = openVault({ configFile: globals.config, logLevel: globals.verbose ? 'info' : 'warn' });
  try {
    return await body(vault, { out: createOutput(Boolean(globals.json)), globals });
  } finally {
    await vault.close();
  }
}
