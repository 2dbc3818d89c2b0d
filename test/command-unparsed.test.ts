/**
 * A command line the parser refuses (a mistyped command, an unknown option, a missing argument) is an
 * act on the record: who typed what, refused. Before, it left no trace: an operator could probe the
 * commands of a role they do not hold, or try options that do not exist, unseen by the auditor.
 * Help is not a refusal; without a vault to record in, the refusal is only said.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makeWorkspace, runCli, runJson } from './support/cli.js';

interface Entry { action: string; operator: string; outcome: string; target: string | null; details: { code?: string } }

describe('a command line the parser refuses', () => {
  const ws = makeWorkspace('ev-unparsed-', { admin: 'boss' });
  afterAll(() => ws.cleanup());
  const trail = () => runJson<Entry[]>(['--config', ws.config, 'audit', 'log', '--json'], { SUDO_USER: 'boss' }).filter((e) => e.action === 'command.unparsed');

  it('is on the record as refused, with what was typed and by whom', () => {
    expect(runCli(['--config', ws.config, 'operator', 'add', 'li', '--name', 'li', '--role', 'custodian'], { SUDO_USER: 'boss' }).status).toBe(0);
    const unknown = runCli(['--config', ws.config, 'access', 'approve', '12', '--as-leader'], { SUDO_USER: 'li' });
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('--as-leader');
    const missing = runCli(['--config', ws.config, 'access', 'refuse', '12'], { SUDO_USER: 'li' });
    expect(missing.status).toBe(2);
    const typo = runCli(['--config', ws.config, 'recordigns', 'list'], { SUDO_USER: 'li' });
    expect(typo.status).toBe(2);
    expect(trail()).toEqual([
      expect.objectContaining({ operator: 'li', outcome: 'refused', target: `--config ${ws.config} access approve 12 --as-leader`, details: expect.objectContaining({ code: 'commander.unknownOption' }) }),
      expect.objectContaining({ operator: 'li', outcome: 'refused', target: `--config ${ws.config} access refuse 12`, details: expect.objectContaining({ code: 'commander.missingMandatoryOptionValue' }) }),
      expect.objectContaining({ operator: 'li', outcome: 'refused', target: `--config ${ws.config} recordigns list`, details: expect.objectContaining({ code: 'commander.unknownCommand' }) }),
    ]);
  });

  it('help is not a refusal; with no vault to record in, the refusal is only said', () => {
    const before = trail().length;
    expect(runCli(['--config', ws.config, 'access', '--help'], { SUDO_USER: 'li' }).status).toBe(0);
    expect(trail()).toHaveLength(before);
    const nowhere = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ev-unparsed-none-')), 'config.json');
    const r = runCli(['--config', nowhere, 'access', 'approve', '1', '--bogus'], { SUDO_USER: 'li' });
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--bogus');
    expect(r.stderr).not.toMatch(/unexpected|stack/i);
    expect(fs.existsSync(nowhere)).toBe(false);
  });
});
