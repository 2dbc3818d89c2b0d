/**
 * Records V8's compiled code for the bundle (bundle.ts runs it as a process of its own): the
 * commands whose start-up counts most (`--help`, `status`, `recordings list`, in both languages and
 * both outputs) run once, against a throwaway vault made by `init` in a temporary folder, and the
 * code compiled for them is written beside the bundle (cli.cjs.cache). Only theirs: every command
 * reads the whole cache at start, so code none of them runs would only slow them down. The bundle is loaded exactly
 * as the command loads it (src/cli/bundle-loader.ts), or V8 would refuse the cache; under this
 * process's NODE_OPTIONS, and written to the file for them (codeCacheFile).
 *
 * Usage: node dist/scripts/bundle-code-cache.js DIST_BUNDLE_DIR
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { codeCacheFile, loadBundledCli } from '../src/cli/bundle-loader.js';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node dist/scripts/bundle-code-cache.js DIST_BUNDLE_DIR');
const cli = loadBundledCli(dir, { useCodeCache: false });
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-code-cache-'));
try {
  const config = path.join(work, 'config.json');
  fs.writeFileSync(config, JSON.stringify({ vaultRoot: path.join(work, 'vault'), catalogPath: path.join(work, 'catalog.sqlite'), logLevel: 'warn' }));
  // The vault is made by a command of its own: init's code is not what the cache is for.
  const init = spawnSync(process.execPath, [path.join(dir, 'evidence-vault.cjs'), '--config', config, 'init', '--json'], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`evidence-vault init exited ${init.status ?? init.signal} while recording the code cache: ${init.stderr}`);
  const runs = [
    ['--help'],
    ['--lang', 'en', '--help'],
    ['--config', config, 'status'],
    ['--config', config, '--lang', 'en', 'status', '--json'],
    ['--config', config, 'recordings', 'list'],
    ['--config', config, '--lang', 'en', 'recordings', 'list', '--json'],
  ];
  for (const args of runs) {
    process.exitCode = 0;
    await cli.main([process.execPath, 'evidence-vault', ...args]);
    if (process.exitCode !== 0) throw new Error(`evidence-vault ${args.join(' ')} exited ${process.exitCode} while recording the code cache`);
  }
  // Written beside and renamed into place (a command may start meanwhile); readable as the bundle is,
  // whatever umask the commands above set in this process (027).
  const target = path.join(dir, codeCacheFile(process.env.NODE_OPTIONS));
  fs.writeFileSync(`${target}.${process.pid}.tmp`, cli.recordCodeCache());
  fs.chmodSync(`${target}.${process.pid}.tmp`, 0o644);
  fs.renameSync(`${target}.${process.pid}.tmp`, target);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
