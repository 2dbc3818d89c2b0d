/**
 * Where a disc goes after it is made (R12(2), issue 14): issued to a named person, returned, destroyed
 * before a witness who is not the operator; a disc out is not issued twice (not even by two commands at
 * once), a destroyed disc does nothing more, a lesser role is refused, and every step and refusal is in
 * the trail as disc:NUMBER with the recordings it carries. Real ingest, xorriso and Chromium for the disc.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, runCli, runJson, startCli } from './support/cli.js';
import { recorderFileName, writeRecorderFiles } from './support/media.js';
import { tamperCatalogue } from './support/tamper.js';
import { exitOf } from './support/wait.js';

type Entry = { seq: number; action: string; outcome: string; target: string | null; operator: string; details: Record<string, unknown> };
type DiscRow = { number: string; where: { state: string; to?: string; purpose?: string | null; since: string; witness?: string } };

describe('disc handovers', () => {
  const ws = makeWorkspace('ev-handover-');
  const as = (user: string, ...args: string[]) => runCli(['--config', ws.config, ...args], { SUDO_USER: user });
  const json = <T>(user: string, ...args: string[]) => runJson<T>(['--config', ws.config, ...args], { SUDO_USER: user });
  const adm = (...args: string[]) => runCli(['--config', ws.config, ...args]);
  const entries = (action: string) => json<Entry[]>('aud', 'audit', 'log', '--action', action).filter((e) => e.action === action);
  let disc: string;
  let ids: number[];

  beforeAll(() => {
    expect(adm('operator', 'add', 'arch', '--name', '档案员 赵六', '--role', 'archivist').status).toBe(0);
    expect(adm('operator', 'add', 'arch2', '--name', '钱七', '--role', 'archivist').status).toBe(0);
    expect(adm('operator', 'add', 'keeper', '--name', '保管员', '--role', 'custodian').status).toBe(0);
    expect(adm('operator', 'add', 'aud', '--name', '审计员', '--role', 'auditor').status).toBe(0);
    expect(adm('device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8').status).toBe(0);
    expect(adm('officer', 'add', '--id', '110101', '--name', '张三').status).toBe(0);
    const card = path.join(ws.dir, 'card');
    writeRecorderFiles(card, [1, 2].map((i) => ({ name: recorderFileName({ stamp: `2026051507${i}000`, seq: i }) })));
    const ingest = as('keeper', 'ingest', card, '--device', '0001234');
    expect(ingest.status, ingest.stderr).toBe(0);
    ids = json<{ id: number }[]>('arch', 'recordings', 'list').map((r) => r.id).sort((a, b) => a - b);
    expect(ids).toHaveLength(2);
    const built = as('arch', 'disc', 'build', '--recording', ...ids.map(String), '--case-number', '鞍自然执〔2026〕17号', '--case-title', '违法占地案', ...ids.flatMap((id) => ['--place', `${id}=千山区某村`]), '--medium', 'cd', '--out', path.join(ws.dir, 'out'), '--json');
    expect([0, 3], built.stderr).toContain(built.status);
    disc = (JSON.parse(built.stdout) as { discs: { number: string }[] }).discs[0]!.number;
  }, 180_000);
  afterAll(() => ws.cleanup());

  const where = () => json<DiscRow[]>('aud', 'disc', 'list').find((d) => d.number === disc)!.where;

  it('a new disc is in the vault office; issuing it records who has it and why', () => {
    expect(where().state).toBe('in-office');
    const r = as('arch', 'disc', 'issue', disc, '--to', '法制科 李某', '--purpose', '法制审核', '--json');
    expect(r.status, r.stderr).toBe(0);
    expect(where()).toMatchObject({ state: 'issued', to: '法制科 李某', purpose: '法制审核' });
    const [e] = entries('disc.issue');
    expect(e).toMatchObject({ outcome: 'ok', target: `disc:${disc}`, operator: 'arch' });
    expect(e!.details.recordings).toEqual(ids);
    expect(as('aud', 'disc', 'list').stdout).toContain('法制科 李某');
  });

  it('a disc out is not issued again, and a custodian may not hand discs out', () => {
    const again = as('arch2', 'disc', 'issue', disc, '--to', '某人');
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/cannot be issued again before it is returned/);
    const keeper = as('keeper', 'disc', 'issue', disc, '--to', '某人');
    expect(keeper.status).toBe(77);
    const refused = entries('disc.issue').filter((e) => e.outcome === 'refused');
    expect(refused.map((e) => e.operator).sort()).toEqual(['arch2', 'keeper']);
    expect(where()).toMatchObject({ state: 'issued', to: '法制科 李某' });
  });

  it('it cannot be destroyed while out; it is returned once; a return of a disc in the office is refused', () => {
    expect(as('arch', 'disc', 'destroy', disc, '--witness', '王某').status).toBe(2);
    const back = as('arch2', 'disc', 'return', disc, '--note', '完好');
    expect(back.status, back.stderr).toBe(0);
    expect(where().state).toBe('returned');
    const twice = as('arch2', 'disc', 'return', disc);
    expect(twice.status).toBe(2);
    expect(entries('disc.return').map((e) => e.outcome)).toEqual(['ok', 'refused']);
    expect(entries('disc.return')[0]!.details.recordings).toEqual(ids);
  });

  it('two issues at once: exactly one wins', async () => {
    const a = startCli(['--config', ws.config, 'disc', 'issue', disc, '--to', '甲'], { SUDO_USER: 'arch' });
    const b = startCli(['--config', ws.config, 'disc', 'issue', disc, '--to', '乙'], { SUDO_USER: 'arch2' });
    const codes = (await Promise.all([exitOf(a), exitOf(b)])).sort();
    expect(codes).toEqual([0, 2]);
    expect(['甲', '乙']).toContain(where().to);
    expect(as('arch', 'disc', 'return', disc).status).toBe(0);
  });

  it('destroying needs a witness who is someone else', () => {
    const none = as('arch', 'disc', 'destroy', disc);
    expect(none.status).toBe(2);
    expect(none.stderr).toMatch(/--witness/);
    // The operator's registered name (spaces aside) or account is not a witness.
    expect(as('arch', 'disc', 'destroy', disc, '--witness', '档案员赵六').status).toBe(77);
    expect(as('arch', 'disc', 'destroy', disc, '--witness', 'arch').status).toBe(77);
    expect(as('arch', 'disc', 'destroy', disc, '--witness', '   ').status).toBe(2);
    expect(where().state).toBe('returned');
    const refused = entries('disc.destroy');
    // With the refusal to destroy it while it was out.
    expect(refused).toHaveLength(5);
    expect(refused.every((e) => e.outcome === 'refused' && e.target === `disc:${disc}`)).toBe(true);
  });

  it('a destroyed disc does nothing more, and its history cannot be edited', () => {
    const r = as('arch', 'disc', 'destroy', disc, '--witness', '王某', '--note', '碎盘机销毁');
    expect(r.status, r.stderr).toBe(0);
    expect(where()).toMatchObject({ state: 'destroyed', witness: '王某' });
    for (const args of [['issue', disc, '--to', '某人'], ['return', disc], ['destroy', disc, '--witness', '王某']]) {
      const after = as('arch', 'disc', ...args);
      expect(after.status).toBe(77);
      expect(after.stderr).toMatch(/destroyed/);
    }
    expect(entries('disc.destroy').filter((e) => e.outcome === 'ok')).toHaveLength(1);
    expect(() => tamperCatalogue(ws.catalog, "UPDATE disc_handovers SET event = 'return'")).toThrow(/never edited/);
    expect(() => tamperCatalogue(ws.catalog, 'DELETE FROM disc_handovers')).toThrow(/never deleted/);
    // The originals on the vault are untouched by a disc's destruction.
    const recs = json<{ id: number; vaultPath: string }[]>('aud', 'recordings', 'list');
    for (const rec of recs) expect(fs.existsSync(path.join(ws.vault, rec.vaultPath))).toBe(true);
  });

  it('an unknown disc is refused and recorded', () => {
    const r = as('arch', 'disc', 'issue', 'GP1999-9999', '--to', '某人');
    expect(r.status).toBe(2);
    expect(entries('disc.issue').some((e) => e.target === 'disc:GP1999-9999' && e.outcome === 'refused')).toBe(true);
  });
});
