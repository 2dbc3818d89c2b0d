/** `evidence-vault init`, wired: the one way a vault is made. */
import fs from 'node:fs';
import path from 'node:path';
import { diskFullForPerson } from '../core/disk-full.js';
import { ensureDirDurable } from '../adapters/durable-file.js';
import { initializeVault, type InitReport } from '../services/vault-init.js';
import { startRun } from '../startup.js';
import { openVaultParts } from '../wiring.js';
import type { VaultOptions } from './vault-types.js';

/** `evidence-vault init`: create (or check and upgrade) the vault, and make its first administrator. */
export async function initVault(options: VaultOptions = {}): Promise<InitReport> {
  const { config } = startRun(options.configFile);
  const catalogueExisted = fs.existsSync(config.catalogPath);
  const vault = openVaultParts({ ...options, create: true });
  try {
    const report = await initializeVault({ vaultRoot: config.vaultRoot, catalogPath: config.catalogPath, audit: vault.audit, operators: vault.operators, authorizer: vault.authorizer, makeDir: ensureDirDurable }, catalogueExisted);
    vault.startUp();
    return report;
  } catch (err) {
    // A full disk: which one, and what to do (the same words as every other command).
    throw diskFullForPerson(err, [config.vaultRoot, path.dirname(config.catalogPath)]);
  } finally {
    await vault.close();
  }
}
