/**
 * R14 on an archive set resumed after its footage was classified. Before, only a new set's plan asked
 * for an archive grant and the archivist's clearance: a set interrupted while its footage was ordinary
 * was finished by anyone, uncleared and without a grant, and what the first run wrote stayed readable
 * by the archivists' group. Now every run is checked, and a set of secret footage is the archivist's
 * own account's alone, the bags of the earlier run included. (Found by a red team.)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVaultParts } from '../src/wiring.js';
import { buildFatImage, mountFat } from './support/fat-volume.js';
import { accessWorkspace, accountOperator, as, asJson, seed, setClearance, setLevel, trail, type Workspace } from './support/access-fixtures.js';

describe('an archive set resumed after its footage became secret', () => {
  let ws: Workspace;
  let ids: number[];
  const account = `evexp${process.pid % 100000}`;
  let uid = 0;
  let archivists = 0;
  let removeAccount = () => undefined as void;
  beforeAll(() => {
    ws = accessWorkspace('ev-export-secret-');
    ({ uid, gid: archivists, remove: removeAccount } = accountOperator(ws, account, 'archivist', 'evidence-archivist'));
    ids = seed(ws, ['2026-05-15', '2026-05-16']);
  });
  afterAll(() => {
    removeAccount();
    ws.cleanup();
  });

  it('refuses the resume to an archivist without grant or clearance; resumed by a cleared one, every bag is theirs alone', () => {
    const out = path.join(ws.dir, 'archive');
    fs.mkdirSync(out);
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent' });
    const second = path.join(v.config.vaultRoot, v.recordings.get(ids[1]!)!.vaultPath);
    void v.close();
    const good = fs.readFileSync(second);
    // The second recording damaged for the first run: its bag fails, the set stays unfinished.
    fs.writeFileSync(second, Buffer.from(good.toString().replace('footage', 'FOOTAGE')));
    expect(as(ws, account, 'export', 'quarter', '2026Q2', '--out', out, '--max-bag-size', '40').status).not.toBe(0);
    fs.writeFileSync(second, good);
    const first = path.join(out, fs.readdirSync(out).sort()[0]!);
    const payload = (bag: string) => spawnSync('find', [path.join(bag, 'data'), '-type', 'f'], { encoding: 'utf8' }).stdout.trim().split('\n')[0]!;
    const firstPayload = payload(first);
    const reads = (who: number, file: string) => spawnSync('setpriv', [`--reuid=${who}`, '--regid=65534', `--groups=${archivists}`, 'head', '-c', '8', file]).status === 0;
    expect(reads(65534, firstPayload)).toBe(true); // ordinary then: the group's

    setLevel(ws, ids[0]!, 'state-secret');
    setLevel(ws, ids[1]!, 'state-secret');
    const before = fs.readdirSync(out).sort();
    const refused = as(ws, account, 'export', 'quarter', '2026Q2', '--out', out);
    expect(refused.status).toBe(77);
    expect(refused.stderr).toContain('above your clearance (internal)');
    expect(trail(ws).filter((e) => e.action === 'export').at(-1)).toMatchObject({ operator: account, outcome: 'refused', details: { resumed: true } });
    expect(fs.readdirSync(out).sort()).toEqual(before);

    setClearance(ws, account, 'state-secret');
    setClearance(ws, 'zhao', 'state-secret');
    const grant = asJson<{ id: number }>(ws, account, 'access', 'request', '--recordings', ids.join(','), '--purpose', 'archive', '--for', '档案室 2026Q2', '--until', new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)).id;
    expect(as(ws, 'zhao', 'access', 'approve', String(grant)).status).toBe(0);
    const resumed = as(ws, account, 'export', 'quarter', '2026Q2', '--out', out);
    expect(resumed.status, resumed.stderr).toBe(0);
    const bags = fs.readdirSync(out).map((d) => path.join(out, d));
    expect(bags).toHaveLength(2);
    for (const bag of bags) {
      expect(reads(uid, payload(bag))).toBe(true);
      expect(reads(65534, payload(bag))).toBe(false);
    }
  });

  it('writes no secret footage onto a FAT32 archive disk, which cannot keep it for one person', () => {
    const [rec] = seed(ws, ['2026-08-10']) as [number];
    setLevel(ws, rec, 'state-secret');
    const grant = asJson<{ id: number }>(ws, account, 'access', 'request', '--recordings', String(rec), '--purpose', 'archive', '--for', '档案室 2026Q3', '--until', new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)).id;
    expect(as(ws, 'zhao', 'access', 'approve', String(grant)).status).toBe(0);
    const image = path.join(ws.dir, 'archive-disk.img');
    buildFatImage(image, [], 64, 'ARCHIVE');
    const disk = mountFat(image, path.join(ws.dir, 'archive-disk'), 'rw+');
    try {
      const before = fs.readdirSync(disk.mountPoint); // fusefat shows the volume label as an entry
      const r = as(ws, account, 'export', 'quarter', '2026Q3', '--out', disk.mountPoint);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`cannot keep files for ${account} alone`);
      expect(fs.readdirSync(disk.mountPoint)).toEqual(before);
      expect(trail(ws).filter((e) => e.action === 'export').at(-1)).toMatchObject({ operator: account, outcome: 'failed' });
    } finally {
      disk.unmount();
    }
  });
});
