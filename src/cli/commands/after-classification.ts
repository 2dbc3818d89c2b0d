/**
 * What follows any change that can make footage secret (`recordings classify`, `case classify`,
 * `case link`): working copies no longer covered are withdrawn, and discs and archive bags made
 * before are taken from their role's group (R14); so is an archive set made while its footage became
 * secret (`export quarter`, at its end). Said on stderr, so `--json` keeps its shape; the trail has both.
 * One that could not be restricted ends the command with exit status 1: the change it made stands
 * (it is on the record), but a script must not take the footage for protected.
 */
import type { Vault } from '../../wiring/vault-types.js';
import { t } from '../language.js';
import { classifiedMessages as m } from '../messages/classified.js';

export async function afterClassification(vault: Pick<Vault, 'access' | 'secretOutputs'>): Promise<void> {
  await vault.access.ending.withdrawUncovered();
  await restrictSecretOutputs(vault);
}

/**
 * Discs and archive bags holding secret footage that a role's group still reads: the service's alone,
 * said on stderr; any left as they were (a read-only disk, a name someone else made) set exit status 1.
 */
export async function restrictSecretOutputs(vault: Pick<Vault, 'secretOutputs'>): Promise<void> {
  const r = await vault.secretOutputs.restrict();
  const list = (xs: { name: string; path: string }[]) => xs.map((x) => `${x.name} (${x.path})`).join(', ');
  if (r.restricted.length) process.stderr.write(`evidence-vault: ${t(m.outputsRestricted, { list: list(r.restricted) })}\n`);
  if (r.failed.length) {
    process.stderr.write(`evidence-vault: ${t(m.outputsNotRestricted, { list: r.failed.map((f) => `${f.name} (${f.path}: ${f.error})`).join(', ') })}\n`);
    process.exitCode = 1;
  }
}
