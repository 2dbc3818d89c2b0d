/**
 * Which configuration a command runs with, and who may choose it.
 *
 * On an installed evidence PC the program sits under a root-owned folder beside a root-owned
 * `installed.json` written by `scripts/install.sh`: that file names the one configuration the
 * administrator chose. Operators reach the program only through `sudo -u evidence-vault`, so anything
 * they pass (arguments, environment) must not choose the config, the vault or the catalogue
 * (architecture: "nothing a caller passes chooses what the service reads or writes").
 * Without that file (a development checkout, the tests) `--config` and `EVIDENCE_VAULT_CONFIG` work.
 */
import path from 'node:path';

/** What `install.sh` writes to `<program>/installed.json`. */
export interface Installation {
  /** The administrator's configuration file (absolute). */
  config: string;
  /** The account the vault and catalogue belong to; commands run as it (through sudo) or as root. */
  serviceUser: string;
}

export interface ConfigRequest {
  /** `--config` as typed. */
  flag?: string;
  /** `EVIDENCE_VAULT_CONFIG` from the environment. */
  env?: string;
  /** The shipped `config/default.json` of a development checkout. */
  shipped: string;
}

export type ConfigChoice =
  | { path: string; installed: false }
  | { path: string; installed: true; override: { source: '--config' | 'EVIDENCE_VAULT_CONFIG'; value: string } | null };

/**
 * Installed: always the installed config; a caller's different choice is reported as an override
 * attempt (refused and audited by the caller of this). Development: flag, then environment, then shipped.
 */
export function chooseConfig(installation: Installation | null, req: ConfigRequest, cwd: string): ConfigChoice {
  if (!installation) {
    return { path: path.resolve(cwd, req.flag ?? req.env ?? req.shipped), installed: false };
  }
  const fixed = path.resolve(installation.config);
  const attempts: { source: '--config' | 'EVIDENCE_VAULT_CONFIG'; value: string }[] = [];
  if (req.flag !== undefined) attempts.push({ source: '--config', value: req.flag });
  if (req.env !== undefined && req.env !== '') attempts.push({ source: 'EVIDENCE_VAULT_CONFIG', value: req.env });
  // The same file named again is no choice; anything else is an attempt to pick another vault.
  const override = attempts.find((a) => path.resolve(cwd, a.value) !== fixed) ?? null;
  return { path: fixed, installed: true, override };
}

/** Parse `installed.json`; null when it is not the shape install.sh writes. */
export function parseInstallation(raw: unknown): Installation | null {
  if (!raw || typeof raw !== 'object') return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.config !== 'string' || !path.isAbsolute(r.config)) return null;
  if (typeof r.serviceUser !== 'string' || !/^[a-z_][a-z0-9_-]*$/.test(r.serviceUser)) return null;
  return { config: r.config, serviceUser: r.serviceUser };
}

/** True when `a` is `b`, inside `b`, or holds `b` (both absolute, already resolved). */
export function pathsOverlap(a: string, b: string): boolean {
  const inside = (x: string, y: string) => x === y || x.startsWith(y.endsWith(path.sep) ? y : y + path.sep);
  return inside(a, b) || inside(b, a);
}
