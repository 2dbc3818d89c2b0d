/**
 * How a run starts, before anything is opened: which configuration, whether this account may run the
 * program at all, and whether a vault is there. Nothing here writes; `evidence-vault init` is the only
 * command that creates a vault.
 */
import fs from 'node:fs';
import os from 'node:os';
import { UserError } from './core/errors.js';
import { said } from './core/i18n/said.js';
import { startupMessages as sm } from './core/i18n/startup-messages.js';
import type { Installation } from './core/installation.js';
import { loadConfig, locateConfig, type Config } from './adapters/config-file.js';
import { uidOf } from './adapters/installation-file.js';
import { fileSizeLimit } from './adapters/process-limits.js';

export interface RunStart {
  config: Config;
  configPath: string;
  installation: Installation | null;
  /** A caller's attempt to pick another config on an installed PC: refused and recorded once the real trail is open. */
  override: { source: string; value: string } | null;
}

export function startRun(configFlag: string | undefined): RunStart {
  refuseFileSizeLimit();
  const choice = locateConfig(configFlag);
  if (choice.installation) assertServiceAccount(choice.installation);
  const { config, path } = loadConfig(choice.path);
  return { config, configPath: path, installation: choice.installation, override: choice.installed ? choice.override : null };
}

/**
 * On an installed PC the program runs as the service account only (people through sudo). Anyone else
 * could not write the catalogue; root could, but would leave root-owned files the service then cannot
 * use. Say how to run it instead of failing on SQLite.
 */
function assertServiceAccount(installation: Installation): void {
  const uid = process.getuid?.();
  if (uid === undefined || uid === uidOf(installation.serviceUser)) return;
  const me = (() => {
    try {
      return os.userInfo().username;
    } catch {
      return `uid ${uid}`;
    }
  })();
  const args = process.argv.slice(2).join(' ') || 'status';
  throw new UserError(
    said(sm.notServiceAccount, { user: installation.serviceUser, me }),
    said(sm.notServiceAccountHint, { user: installation.serviceUser, args }),
    77,
  );
}

/** A catalogue and a vault folder must both be there; nothing is created to make them so. */
export function assertVaultPresent(config: Config): void {
  if (!fs.existsSync(config.catalogPath)) {
    throw new UserError(
      said(sm.noVault, { path: config.catalogPath }),
      sm.noVaultHint,
    );
  }
  if (!fs.existsSync(config.vaultRoot)) {
    throw new UserError(
      said(sm.noVaultFolder, { path: config.vaultRoot }),
      sm.noVaultFolderHint,
    );
  }
}

/** A file-size limit could leave the catalogue or the audit file half-written: the program does not run under one. */
function refuseFileSizeLimit(): void {
  const limit = fileSizeLimit();
  if (limit === null) return;
  throw new UserError(
    said(sm.fileSizeLimit, { bytes: limit }),
    sm.fileSizeLimitHint,
    77,
  );
}
