/**
 * The built command starts from one bundle with V8's compiled code recorded at the build
 * (src/cli/bundle-loader.ts). The build's own cache must be the one used (else start-up silently
 * loses most of its speed), and any other cache only costs time: a bundle changed since its cache
 * was made, a cache gone, or a Node run with other V8 flags runs the same program from its source.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeWorkspace, PROJECT_ROOT, runJson } from './support/cli.js';

const BUNDLE = path.join(PROJECT_ROOT, 'dist/bundle');
const LOADER = path.join(PROJECT_ROOT, 'dist/src/cli/bundle-loader.js');

/** The V8 flags the daemon and the installed command run with (scripts/install.sh reads the same line). */
const UNIT_NODE_OPTIONS = /^Environment=NODE_OPTIONS=(.*)$/m.exec(fs.readFileSync(path.join(PROJECT_ROOT, 'systemd/evidence-vault.service'), 'utf8'))![1]!;

/** What the loader says of the cache in `dir`, in a fresh node with `nodeFlags` and `NODE_OPTIONS` (none by default). */
function cacheState(dir: string, nodeFlags: string[] = [], nodeOptions?: string): string {
  const script = `import { loadBundledCli } from ${JSON.stringify(LOADER)}; console.log(loadBundledCli(${JSON.stringify(dir)}).codeCache);`;
  const { NODE_OPTIONS: _ours, ...env } = process.env;
  const r = spawnSync(process.execPath, [...nodeFlags, '--input-type=module', '-e', script], { encoding: 'utf8', env: nodeOptions === undefined ? env : { ...env, NODE_OPTIONS: nodeOptions } });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim();
}

describe('the command starts from the bundle and its recorded code', () => {
  const ws = makeWorkspace('ev-code-cache-ws-');
  // A copy of the program (its own package folder, the packages outside the bundle linked in).
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-code-cache-'));
  fs.writeFileSync(path.join(copy, 'package.json'), fs.readFileSync(path.join(PROJECT_ROOT, 'package.json')));
  fs.cpSync(path.join(PROJECT_ROOT, 'config'), path.join(copy, 'config'), { recursive: true });
  fs.symlinkSync(path.join(PROJECT_ROOT, 'node_modules'), path.join(copy, 'node_modules'));
  const copied = path.join(copy, 'dist/bundle');
  fs.cpSync(BUNDLE, copied, { recursive: true });
  const runCopy = (args: string[]) => spawnSync(process.execPath, [path.join(copied, 'evidence-vault.cjs'), ...args], { encoding: 'utf8' });
  afterAll(() => {
    ws.cleanup();
    fs.rmSync(copy, { recursive: true, force: true });
  });

  it("uses the build's own cache", () => {
    expect(cacheState(BUNDLE)).toBe('used');
  });

  it('V8 refuses the cache under other flags, and the program still loads', () => {
    expect(cacheState(BUNDLE, ['--max-old-space-size=512'])).toBe('refused');
  });

  it("has a cache of its own for the service unit's V8 flags, which the installed command runs with", () => {
    // One made without them is refused there: every installed command compiled the bundle again.
    expect(UNIT_NODE_OPTIONS).toMatch(/^--/);
    expect(cacheState(BUNDLE, [], UNIT_NODE_OPTIONS)).toBe('used');
    expect(cacheState(BUNDLE, [], `  ${UNIT_NODE_OPTIONS}  `)).toBe('used');
    // Flags no cache was recorded for: none is read, and the program runs from its source.
    expect(cacheState(BUNDLE, [], '--max-old-space-size=512')).toBe('absent');
    const { NODE_OPTIONS: _ours, ...env } = process.env;
    const r = spawnSync(process.execPath, [path.join(BUNDLE, 'evidence-vault.cjs'), '--lang', 'en', '--help'], { encoding: 'utf8', env: { ...env, NODE_OPTIONS: '--max-old-space-size=512' } });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\n {2}recordings /);
  });

  it('a bundle changed since its cache was made runs from its source, changed', () => {
    const file = path.join(copied, 'cli.cjs');
    const source = fs.readFileSync(file, 'utf8');
    // The same length (all V8 itself compares): only the recorded digest tells the cache is not this source's.
    const changed = source.replace('fixity: no check has run yet', 'fixity: no check had run yet');
    expect(changed).not.toBe(source);
    expect(changed.length).toBe(source.length);
    fs.writeFileSync(file, changed);
    expect(cacheState(copied)).toBe('stale');
    const r = runCopy(['--config', ws.config, 'status', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ fixity: [expect.stringMatching(/^fixity: no check had run yet/)] });
    expect(runJson<{ action: string }[]>(['--config', ws.config, 'audit', 'log', '--action', 'status']).map((e) => e.action)).toEqual(['status']);
  });

  it('without a cache the program runs from its source', () => {
    fs.rmSync(path.join(copied, 'cli.cjs.cache'));
    expect(cacheState(copied)).toBe('absent');
    const r = runCopy(['--lang', 'en', '--help']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/\n {2}recordings /);
  });
});
