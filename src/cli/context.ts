/** What every command gets: the global options, the output, and a vault opened on demand. */
import type { Command } from 'commander';
import { errorMessage, UserError } from '../core/errors.js';
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

/** sysexits EX_NOPERM: scripts can tell "not allowed" from "wrong input". */
export const EXIT_REFUSED = 77;

/**
 * Run a command's body with an open vault, closing it whatever happens. `access` declares which
 * roles may run it: the operator's roles are checked before the body runs, a refusal is audited,
 * and a command whose body wrote no audit entry of its own is recorded here (every act on the record).
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
    const osUser = vault.audit.who.operator;
    const decision = vault.authorizer.authorize({ osUser, access });
    if (!decision.allowed) {
      vault.audit.record({
        action: access.action,
        target: describeInvocation(cmd),
        outcome: 'refused',
        details: { reason: decision.reason, needed: decision.needed, message: decision.message },
      });
      throw new UserError(`refused: ${decision.message}`, decision.hint, EXIT_REFUSED);
    }
    vault.audit.actAs(decision.role);
    const before = vault.audit.entriesWritten;
    let result: T;
    try {
      result = await body(vault, { out: createOutput(Boolean(globals.json)), globals });
    } catch (err) {
      if (vault.audit.entriesWritten === before) {
        tryRecord(vault, { action: access.action, target: describeInvocation(cmd), outcome: 'failed', details: { error: errorMessage(err) } });
      }
      throw err;
    }
    if (vault.audit.entriesWritten === before) {
      // Look-ups (lists, logs, reports) are acts too: who looked at what, and when.
      vault.audit.record({ action: access.action, target: describeInvocation(cmd), details: { options: cmd.opts() } });
    }
    return result;
  } finally {
    await vault.close();
  }
}

function describeInvocation(cmd: Command): string | null {
  return cmd.args.length ? cmd.args.join(' ') : null;
}

function tryRecord(vault: Vault, input: Parameters<Vault['audit']['record']>[0]): void {
  try {
    vault.audit.record(input);
  } catch (err) {
    vault.log.error({ err: errorMessage(err), action: input.action }, 'cannot record a failed command in the audit trail');
  }
}
