/**
 * R14 on an archive set left unfinished: its bag being written (`<name>.partial`, where a run that
 * failed or was killed leaves it) holds footage that a leader then classifies secret. The catalogue
 * knows where it is being written, so the classification takes it from the archivists' group as it
 * does a finished one (found by a red team: only finished bags were looked for).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupId } from '../src/adapters/os-group.js';
import { openVaultParts } from '../src/wiring.js';
import { accessWorkspace, as, seed, setClearance, trail, type Workspace } from './support/access-fixtures.js';

const NOBODY = 65534;

describe('an unfinished archive bag whose footage becomes secret', () => {
  let ws: Workspace;
  let ids: number[];
  let archivists = 0;
  beforeAll(() => {
    ws = accessWorkspace('ev-partial-bag-');
    ids = seed(ws, ['2026-05-15', '2026-05-16']);
    // Left in place afterwards, as the install test leaves the role groups: test files running beside
    // this one may be using it.
    if (groupId('evidence-archivist') === null) spawnSync('groupadd', ['evidence-archivist']);
    archivists = groupId('evidence-archivist')!;
    setClearance(ws, 'zhao', 'state-secret');
  });
  afterAll(() => ws.cleanup());

  it('is the service account\'s alone once a recording in it is classified secret', () => {
    fs.chmodSync(ws.dir, 0o711);
    const out = path.join(ws.dir, 'archive');
    fs.mkdirSync(out);
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent' });
    const second = path.join(v.config.vaultRoot, v.recordings.get(ids[1]!)!.vaultPath);
    const v0 = v.recordings.get(ids[0]!)!.vaultPath;
    void v.close();
    const good = fs.readFileSync(second);
    // The second recording damaged for this run: the one bag stays `.partial`, the first recording's
    // copy in it.
    fs.writeFileSync(second, Buffer.from(good.toString().replace('footage', 'FOOTAGE')));
    expect(as(ws, 'chen', 'export', 'quarter', '2026Q2', '--out', out).status).not.toBe(0);
    fs.writeFileSync(second, good);
    const partial = fs.readdirSync(out).filter((d) => d.endsWith('.partial')).map((d) => path.join(out, d));
    expect(partial).toHaveLength(1);
    const payload = spawnSync('find', [path.join(partial[0]!, 'data'), '-type', 'f'], { encoding: 'utf8' }).stdout.trim().split('\n')[0]!;
    const reads = () => spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${archivists}`, '--clear-groups', 'head', '-c', '8', payload]).status === 0;
    expect(payload).toContain(path.basename(v0));
    expect(reads()).toBe(true); // ordinary so far: the archivists'

    const r = as(ws, 'zhao', 'recordings', 'classify', String(ids[0]), '--level', 'commercial-secret', '--reason', '拍摄到企业生产工艺');
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain(partial[0]!);
    expect(reads()).toBe(false);
    const decided = trail(ws).filter((e) => e.action === 'classification.outputs');
    expect(decided.map((e) => e.outcome)).toEqual(['ok']);
    expect((decided[0]!.details.restricting as { path: string }[]).map((x) => x.path)).toEqual([partial[0]]);
  });

  it('reaches the unfinished bag a resume into another folder left behind (a red team\'s finding)', () => {
    const [first, second] = seed(ws, ['2026-08-10', '2026-08-11']) as [number, number];
    const outA = path.join(ws.dir, 'archive-a');
    const outB = path.join(ws.dir, 'archive-b');
    fs.mkdirSync(outA);
    fs.mkdirSync(outB);
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent' });
    const file = path.join(v.config.vaultRoot, v.recordings.get(second)!.vaultPath);
    void v.close();
    const good = fs.readFileSync(file);
    fs.writeFileSync(file, Buffer.from(good.toString().replace('footage', 'FOOTAGE')));
    expect(as(ws, 'chen', 'export', 'quarter', '2026Q3', '--out', outA).status).not.toBe(0);
    fs.writeFileSync(file, good);
    const left = path.join(outA, fs.readdirSync(outA).find((d) => d.endsWith('.partial'))!);
    const resumed = as(ws, 'chen', 'export', 'quarter', '2026Q3', '--out', outB);
    expect(resumed.status, resumed.stderr).toBe(0);
    const payload = spawnSync('find', [path.join(left, 'data'), '-type', 'f'], { encoding: 'utf8' }).stdout.trim().split('\n')[0]!;
    const reads = () => spawnSync('setpriv', [`--reuid=${NOBODY}`, `--regid=${archivists}`, '--clear-groups', 'head', '-c', '8', payload]).status === 0;
    expect(reads()).toBe(true);

    const before = trail(ws).filter((e) => e.action === 'classification.outputs').length;
    const r = as(ws, 'zhao', 'recordings', 'classify', String(first), '--level', 'commercial-secret', '--reason', '拍摄到企业生产工艺');
    expect(r.status, r.stderr).toBe(0);
    expect(reads()).toBe(false);
    const decided = trail(ws).filter((e) => e.action === 'classification.outputs').slice(before);
    expect(decided.map((e) => e.outcome)).toEqual(['ok']);
    expect((decided[0]!.details.restricting as { path: string }[]).map((x) => x.path).sort()).toEqual([left, path.join(outB, fs.readdirSync(outB)[0]!)].sort());
  });
});
