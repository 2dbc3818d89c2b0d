/**
 * Start-up (issue 15): a command loads only what it uses. The built CLI runs with a module hook that
 * writes down every module it loads (ES modules through the hook, CommonJS through require.cache at
 * exit); the tests name what each command must not load, and check it still does its work on the record.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, makeWorkspace, runCli, runJson } from './support/cli.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-startup-'));
const hooks = path.join(dir, 'hooks.mjs');
fs.writeFileSync(
  hooks,
  `import fs from 'node:fs';
export async function load(url, context, next) {
  fs.appendFileSync(process.env.EV_LOADED, url + '\\n');
  return next(url, context);
}
`,
);
const preload = path.join(dir, 'preload.mjs');
fs.writeFileSync(
  preload,
  `import fs from 'node:fs';
import { createRequire, register } from 'node:module';
register(${JSON.stringify(new URL(`file://${hooks}`).href)});
const cache = createRequire(import.meta.url).cache;
process.on('exit', () => fs.appendFileSync(process.env.EV_LOADED, Object.keys(cache).join('\\n') + '\\n'));
`,
);

/** Run the built CLI and return its result with every module it loaded. */
function runLoading(args: string[]): { status: number; stdout: string; stderr: string; loaded: string[] } {
  const list = path.join(dir, `loaded-${Math.random().toString(36).slice(2)}.txt`);
  fs.writeFileSync(list, '');
  const r = spawnSync(process.execPath, ['--import', preload, CLI, ...args], { encoding: 'utf8', env: { ...process.env, EV_LOADED: list } });
  const loaded = fs.readFileSync(list, 'utf8').split('\n').filter(Boolean);
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr, loaded };
}

const ours = (loaded: string[], part: string) => loaded.filter((m) => m.includes(`/dist/src/${part}`));
const pkg = (loaded: string[], name: string) => loaded.filter((m) => m.includes(`/node_modules/${name}/`));

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
    // The hook saw the CLI's own modules: the list is real.
    expect(ours(r.loaded, 'cli/main.js')).toHaveLength(1);
    expect(ours(r.loaded, 'cli/commands/').length).toBeGreaterThan(20);
    // The language the help is written in: the config's `language` key alone is read (no schema, no catalogue).
    expect(ours(r.loaded, 'wiring').map((f) => f.replace(/.*\/dist\/src\//, ''))).toEqual(['wiring/language.js']);
    expect(ours(r.loaded, 'adapters/').map((f) => f.replace(/.*\/dist\/src\//, '')).sort()).toEqual(['adapters/config-language.js', 'adapters/installation-file.js']);
    for (const name of ['better-sqlite3', 'zod', 'pino', 'cli-progress']) expect(pkg(r.loaded, name), name).toEqual([]);
  });

  it('status loads its own parts: one command module, no ingest, export or worker threads, no logger; and is on the record', () => {
    const r = runLoading(['--config', ws.config, 'status', '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ docked: [], notDockedToday: [], fixity: [expect.stringMatching(/^fixity: no check has run yet/)], exportReminder: null });
    expect(ours(r.loaded, 'wiring/status.js')).toHaveLength(1);
    expect(ours(r.loaded, 'wiring.js')).toEqual([]);
    expect(ours(r.loaded, 'cli/commands/').map((m) => path.basename(m))).toEqual(['daemon-command.js', 'retention-standing-commands.js']);
    for (const part of ['services/ingest.js', 'services/export.js', 'services/verify.js', 'services/fixity.js', 'adapters/file-workers.js', 'adapters/usb-events.js']) {
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
    expect(ours(r.loaded, 'wiring/listing.js')).toHaveLength(1);
    expect(ours(r.loaded, 'wiring.js')).toEqual([]);
    for (const part of ['services/ingest.js', 'services/export.js', 'adapters/file-workers.js', 'cli/commands/ingest-command.js']) expect(ours(r.loaded, part), part).toEqual([]);
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
