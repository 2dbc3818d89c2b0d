/**
 * A child started through `setpriv --pdeathsig KILL` (util-linux): the kernel kills it when the
 * process that started it dies, even by kill -9, where nothing of ours runs to end it. Used for the
 * file workers (which would go on linking files while a rerun looks at the vault) and the mount
 * doorbell's findmnt (which writes only when the table changes, so would live on until the next mount).
 * Where setpriv is missing, the command is started directly.
 */
import fs from 'node:fs';

const SETPRIV = '/usr/bin/setpriv';

/** `command args…` as started so that it dies with this process. */
export function diesWithParent(command: string, args: readonly string[]): { command: string; args: string[] } {
  return fs.existsSync(SETPRIV) ? { command: SETPRIV, args: ['--pdeathsig', 'KILL', command, ...args] } : { command, args: [...args] };
}
