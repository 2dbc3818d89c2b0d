/** What every command gets: the global options, the output, and a vault opened on demand. */
import type { Command } from 'commander';
import type { Access } from '../core/types.js';
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

/**
 * Run a command's body with an open vault, closing it whatever happens. `access` declares which
 * roles may run it; the operator's roles are checked before the body runs (and a refusal audited).
 */
export async function withVault<T>(
  cmd: Command,
  access: Access,
  body: (vault: Vault, ctx: CommandContext) => Promise<T> | T,
): Promise<T> {
  const globals = cmd.optsWithGlobals() as GlobalOptions;
  // People at a terminal see the progress bar and the summary; the per-file log is for --verbose and the journal.
  const vault = openVault({ configFile: globals.config, logLevel: globals.verbose ? 'info' : 'warn' });
  try {
    void access; // enforced once operators and roles exist (see the integrity feature)
    return await body(vault, { out: createOutput(Boolean(globals.json)), globals });
  } finally {
    await vault.close();
  }
}
