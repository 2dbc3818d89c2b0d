/**
 * Start-up (issue 15): a command runs only what it uses. The built command is one bundle
 * (dist/bundle/cli.cjs) in which esbuild wraps every module that is imported lazily, or by one that
 * is, in a function named after its source file, run at its first import. The tests run the real
 * command with V8's coverage on (NODE_V8_COVERAGE), which counts the calls of each of those
 * functions: a module "loaded" is one whose function ran, or one the bundle runs at once (not
 * wrapped); the packages outside the bundle are loaded by Node and show as files of their own. The
 * tests name what each command must not load, and check it still does its work on the record.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, makeWorkspace, PROJECT_ROOT, runCli, runJson } from './support/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-startup-'));
const BUNDLE = path.join(PROJECT_ROOT, 'dist/bundle');
/** Every source module in the bundle, as esbuild names it (src/cli/main.ts, node_modules/zod/v3/types.js …). */
const inBundle = new Set(Object.keys((JSON.parse(fs.readFileSync(path.join(BUNDLE, 'meta.json'), 'utf8')) as { inputs: Record<string, unknown> }).inputs));

interface Coverage {
  result: { url: string; functions: { functionName: string; ranges: { count: number }[] }[] }[];
}

/** The modules a run loaded, from its coverage files: bundled ones by source name, the others by file URL. */
function modulesLoaded(coverageDir: string): string[] {
  const scripts = fs.readdirSync(coverageDir).flatMap((f) => (JSON.parse(fs.readFileSync(path.join(coverageDir, f), 'utf8')) as Coverage).result);
  const bundle = scripts.filter((s) => s.url.endsWith('/dist/bundle/cli.cjs'));
  expect(bundle.length, 'the bundle ran').toBeGreaterThan(0);
  const wrapped = new Map<string, boolean>();
  for (const fn of bundle.flatMap((s) => s.functions)) {
    if (inBundle.has(fn.functionName)) wrapped.set(fn.functionName, (wrapped.get(fn.functionName) ?? false) || fn.ranges[0]!.count > 0);
  }
  const bundled = [...inBundle].filter((m) => wrapped.get(m) ?? true);
  const outside = scripts.filter((s) => s.url.includes('/node_modules/')).map((s) => s.url);
  return [...bundled, ...outside];
}

/** Run the built CLI and return its result with every module it loaded. */
function runLoading(args: string[]): { status: number; stdout: string; stderr: string; loaded: string[] } {
  const coverage = fs.mkdtempSync(path.join(dir, 'coverage-'));
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NODE_V8_COVERAGE: coverage } });
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, loaded: modulesLoaded(coverage) };
}

/** Our modules loaded whose source path (below src/) starts with `part`. */
const ours = (loaded: string[], part: string) => loaded.filter((m) => m.startsWith(`src/${part}`)).map((m) => m.slice('src/'.length));
const pkg = (loaded: string[], name: string) => loaded.filter((m) => m.includes(`node_modules/${name}/`));

describe('start-up loads only what the command uses', () => {
  const ws = makeWorkspace('ev-startup-ws-');
  afterAll(() => {
    ws.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('--help lists every command and opens nothing: no wiring, no catalogue, no config schema, no logger', () => {
    const r = runLoading(['--help']);
    expect(r.status).toBe(0);
    for (const command of ['init', 'ingest', 'recordings', 'status', 'disc', 'access', 'retention']) expect(r.stdout).toMatch(new RegExp(`\\n  ${command} `));
    // The coverage saw the CLI's own modules: the list is real.
    expect(ours(r.loaded, 'cli/main.ts')).toHaveLength(1);
    expect(ours(r.loaded, 'cli/commands/').length).toBeGreaterThan(20);
    // The language the help is written in: the config's `language` key alone is read (no schema, no catalogue).
    expect(ours(r.loaded, 'wiring')).toEqual(['wiring/language.ts']);
    expect(ours(r.loaded, 'adapters/').sort()).toEqual(['adapters/config-language.ts', 'adapters/installation-file.ts']);
    for (const name of ['better-sqlite3', 'zod', 'pino', 'cli-progress']) expect(pkg(r.loaded, name), name).toEqual([]);
  });

  it('status loads its own parts: one command module, no ingest, export or worker threads, no logger; and is on the record', () => {
    const r = runLoading(['--config', ws.config, 'status', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ docked: [], notDockedToday: [], fixity: [expect.stringMatching(/^fixity: no check has run yet/)], exportReminder: null });
    expect(ours(r.loaded, 'wiring/status.ts')).toHaveLength(1);
    expect(ours(r.loaded, 'wiring.ts')).toEqual([]);
    expect(ours(r.loaded, 'cli/commands/').map((m) => path.basename(m)).sort()).toEqual(['daemon-command.ts', 'retention-standing-commands.ts']);
    for (const part of ['services/ingest.ts', 'services/export.ts', 'services/verify.ts', 'services/fixity.ts', 'adapters/file-workers.ts', 'adapters/usb-events.ts']) {
      expect(ours(r.loaded, part), part).toEqual([]);
    }
    for (const name of ['pino', 'cli-progress', 'chokidar', 'usb', 'node-cron']) expect(pkg(r.loaded, name), name).toEqual([]);
    expect(pkg(r.loaded, 'better-sqlite3').length).toBeGreaterThan(0);
    const entries = runJson<{ action: string; outcome: string; operator: string }[]>(['--config', ws.config, 'audit', 'log', '--action', 'status']);
    expect(entries.map((e) => [e.action, e.outcome])).toEqual([['status', 'ok']]);
  });

  it('recordings list loads the listing, not the whole vault, and is on the record', () => {
    const r = runLoading(['--config', ws.config, 'recordings', 'list', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    expect(ours(r.loaded, 'wiring/listing.ts')).toHaveLength(1);
    expect(ours(r.loaded, 'wiring.ts')).toEqual([]);
    for (const part of ['services/ingest.ts', 'services/export.ts', 'adapters/file-workers.ts', 'cli/commands/ingest-command.ts']) expect(ours(r.loaded, part), part).toEqual([]);
    for (const name of ['pino', 'cli-progress']) expect(pkg(r.loaded, name), name).toEqual([]);
    const entries = runJson<{ action: string; outcome: string }[]>(['--config', ws.config, 'audit', 'log', '--action', 'recordings.list']);
    expect(entries.map((e) => [e.action, e.outcome])).toEqual([['recordings.list', 'ok']]);
  });

  it('a person with no role is refused status and recordings list, and the refusals are on the record', () => {
    for (const args of [['status'], ['recordings', 'list', '--json']]) {
      const r = runCli(['--config', ws.config, ...args], { SUDO_USER: 'mallory' });
      expect(r.status, args.join(' ')).toBe(77);
      expect(r.stderr).toMatch(/refused/);
      expect(r.stdout).not.toMatch(/Dock service|\[/);
    }
    const refused = runJson<{ action: string; operator: string }[]>(['--config', ws.config, 'audit', 'log', '--outcome', 'refused']);
    expect(refused.map((e) => [e.action, e.operator])).toEqual([
      ['status', 'mallory'],
      ['recordings.list', 'mallory'],
    ]);
  });

  it('a wrong config key still stops status, naming the key', () => {
    const bad = path.join(ws.dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ ...JSON.parse(fs.readFileSync(ws.config, 'utf8')), recordingChecks: { sessionBreakMinutes: 0 }, dock: { mediaRoot: [] } }));
    const r = runLoading(['--config', bad, 'status']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/key "recordingChecks\.sessionBreakMinutes"/);
    expect(r.stderr).toMatch(/unknown key "dock\.mediaRoot"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});
