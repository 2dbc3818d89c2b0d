/** Run the real built CLI as a child process, as an operator or a script would. */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { recordingJson } from '../../src/cli/commands/recordings-command.js';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(PROJECT_ROOT, 'dist/bundle/evidence-vault.cjs');

/** One recording as `recordings list --json` and `recordings show --json` print it. */
export type RecordingJson = ReturnType<typeof recordingJson>;

export interface CliResult {
  status: number;
  stdout: string;
  stderr: string;
}

export function runCli(args: string[], env: Record<string, string> = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function startCli(args: string[], env: Record<string, string> = {}, opts: { ownGroup?: boolean } = {}): ChildProcess {
  // ownGroup: the child leads a process group of its own, with its workers, for killWhen (support/wait.ts).
  return spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: opts.ownGroup ?? false });
}

export function runJson<T = unknown>(args: string[], env: Record<string, string> = {}): T {
  const r = runCli([...args, '--json'], env);
  if (r.status !== 0 && !r.stdout.trim()) throw new Error(`evidence-vault ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

export interface WorkspaceOptions {
  /** The OS account that runs `init` and so becomes the first administrator (default: the process user). */
  admin?: string;
  /** Runs before `init`, e.g. to mount a small disk where the vault goes. */
  beforeInit?: (paths: { dir: string; vault: string }) => void;
}

/** A fresh work folder with a config pointing at its own vault and catalogue, initialised as an administrator would. */
export function makeWorkspace(prefix = 'ev-', options: WorkspaceOptions = {}): { dir: string; config: string; vault: string; catalog: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const vault = path.join(dir, 'vault');
  // The catalogue in a folder of its own, as on an installed PC: sources beside it stay allowed.
  const catalog = path.join(dir, 'catalogue', 'catalog.sqlite');
  const config = path.join(dir, 'config.json');
  fs.writeFileSync(config, JSON.stringify({ vaultRoot: vault, catalogPath: catalog, timezone: 'Asia/Shanghai' }, null, 2));
  options.beforeInit?.({ dir, vault });
  initVaultAt(config, options.admin ? { SUDO_USER: options.admin } : {});
  return {
    dir,
    config,
    vault,
    catalog,
    cleanup() {
      spawnSync('chmod', ['-R', 'u+w', dir]);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `evidence-vault init` on a config, as the administrator setting up a PC would: the only way a vault is made. */
export function initVaultAt(config: string, env: Record<string, string> = {}): void {
  const r = runCli(['--config', config, 'init', '--json'], env);
  if (r.status !== 0) throw new Error(`evidence-vault init failed (${r.status}): ${r.stderr}`);
}

/** Commands run as named operators (the person behind sudo), and their `--json` output. */
export function asOperators(config: string) {
  const as = (user: string, ...args: string[]) => runCli(['--config', config, ...args], { SUDO_USER: user });
  const json = <T>(user: string, ...args: string[]): T => {
    const r = as(user, ...args, '--json');
    if (!r.stdout.trim()) throw new Error(`${args.join(' ')} (${r.status}): ${r.stderr}`);
    return JSON.parse(r.stdout) as T;
  };
  return { as, json };
}
