/**
 * R13, R14: classified footage leaves on a disc (disc build) or in an archive set (export) only under
 * a live grant of that purpose; refused (77, on the record, naming the recordings and the command to
 * ask) without one, allowed with one, and the grant's use recorded. Built CLI, real xorriso and Chromium.
 * Whoever runs the command must be cleared for the footage, and a grant stops covering it once its
 * requester's clearance no longer does (R14).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVaultParts } from '../src/wiring.js';
import { accessWorkspace, accountOperator, as, asJson, seed, setClearance, setLevel, trail, type Workspace } from './support/access-fixtures.js';

const until = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('the grant gate on disc build and export', () => {
  let ws: Workspace;
  let ids: number[];
  // An archivist with an account on this PC: a disc of secret footage is theirs alone to read.
  const archivist = `evgate${process.pid % 100000}`;
  let archivistUid = 0;
  let archivistGid = 0;
  let removeAccount = () => undefined as void;
  beforeAll(() => {
    ws = accessWorkspace('ev-access-gate-');
    ({ uid: archivistUid, gid: archivistGid, remove: removeAccount } = accountOperator(ws, archivist, 'archivist', 'evidence-archivist'));
    ids = seed(ws, ['2026-08-03', '2026-08-04']);
    setLevel(ws, ids[1]!, 'internal');
  });
  afterAll(() => {
    removeAccount();
    ws.cleanup();
  });

  it('refuses a disc of classified footage without an evidence grant, and builds it with one', () => {
    const out = path.join(ws.dir, 'discs');
    const build = () => as(ws, 'chen', 'disc', 'build', '--recording', ...ids.map(String), '--case-number', '鞍自然执〔2026〕40号', '--out', out, '--json');
    const refused = build();
    expect(refused.status).toBe(77);
    expect(refused.stderr).toContain(`recording(s) ${ids[1]} (internal) are classified: disc build needs a live access grant for purpose evidence`);
    expect(refused.stderr).toContain(`evidence-vault access request --recordings ${ids[1]} --purpose evidence`);
    expect(fs.existsSync(out) ? fs.readdirSync(out) : []).toEqual([]);
    const entry = trail(ws).filter((e) => e.action === 'disc.build').at(-1)!;
    expect(entry).toMatchObject({ outcome: 'refused', details: { recordings: [ids[1]], purpose: 'evidence' } });

    // A view grant is not an evidence grant.
    const view = asJson<{ id: number }>(ws, 'chen', 'access', 'request', '--recordings', String(ids[1]), '--purpose', 'view', '--for', '办案', '--until', until(5)).id;
    expect(as(ws, 'zhao', 'access', 'approve', String(view)).status).toBe(0);
    expect(build().status).toBe(77);

    const id = asJson<{ id: number }>(ws, 'chen', 'access', 'request', '--recordings', String(ids[1]), '--purpose', 'evidence', '--for', '法制审核 (L4)', '--until', until(5)).id;
    expect(as(ws, 'zhao', 'access', 'approve', String(id)).status).toBe(0);
    // Refused after the gate (--out a file): the grant was not used, and the trail does not say it was.
    const aFile = path.join(ws.dir, 'not-a-folder');
    fs.writeFileSync(aFile, '');
    const intoFile = as(ws, 'chen', 'disc', 'build', '--recording', ...ids.map(String), '--case-number', '鞍自然执〔2026〕40号', '--out', aFile);
    expect(intoFile.status).not.toBe(0);
    expect(intoFile.stderr).toContain('not a folder');
    expect(trail(ws, `access:${id}`).filter((e) => e.action === 'access.use')).toEqual([]);
    const ok = build();
    // 3: built, with register fields to fill in by hand (seeded footage names no place): not a refusal.
    expect(ok.status, ok.stderr).toBe(3);
    expect(JSON.parse(ok.stdout).discs[0].recordings).toEqual(ids);
    expect(fs.existsSync(JSON.parse(ok.stdout).discs[0].image)).toBe(true);
    expect(trail(ws, `access:${id}`).filter((e) => e.action === 'access.use')).toEqual([expect.objectContaining({ details: expect.objectContaining({ recordings: [ids[1]], by: 'disc.build' }) })]);
  });

  it('refuses an archive set carrying classified footage without an archive grant, and makes it with one', () => {
    const out = path.join(ws.dir, 'archive');
    fs.mkdirSync(out);
    const refused = as(ws, 'chen', 'export', 'quarter', '2026Q3', '--out', out);
    expect(refused.status).toBe(77);
    expect(refused.stderr).toContain(`export needs a live access grant for purpose archive`);
    expect(fs.readdirSync(out)).toEqual([]);
    expect(trail(ws).filter((e) => e.action === 'export').at(-1)).toMatchObject({ outcome: 'refused', details: { recordings: [ids[1]] } });

    const id = asJson<{ id: number }>(ws, 'chen', 'access', 'request', '--recordings', String(ids[1]), '--purpose', 'archive', '--for', '档案室 2026Q3', '--until', until(1)).id;
    expect(as(ws, 'zhao', 'access', 'approve', String(id)).status).toBe(0);
    const ok = as(ws, 'chen', 'export', 'quarter', '2026Q3', '--out', out);
    expect(ok.status, ok.stderr).toBe(0);
    expect(fs.readdirSync(out).length).toBeGreaterThan(0);
    expect(trail(ws, `access:${id}`).at(-1)).toMatchObject({ action: 'access.use', details: { recordings: [ids[1]], by: 'export' } });
  });

  it('refuses secret footage to an operator without the clearance, and a grant whose requester lost it', () => {
    const [secret] = seed(ws, ['2026-08-05']) as [number];
    setLevel(ws, secret, 'commercial-secret');
    setClearance(ws, 'zhao', 'commercial-secret');
    setClearance(ws, 'chen', 'commercial-secret');
    const out = path.join(ws.dir, 'discs-secret');
    const build = (user: string) => as(ws, user, 'disc', 'build', '--recording', String(secret), '--case-number', '鞍自然执〔2026〕41号', '--out', out, '--json');
    const id = asJson<{ id: number }>(ws, 'chen', 'access', 'request', '--recordings', String(secret), '--purpose', 'evidence', '--for', '法制审核 (L4)', '--until', until(5)).id;
    expect(as(ws, 'zhao', 'access', 'approve', String(id)).status).toBe(0);
    // boss, an administrator without the clearance, may not burn it under chen's grant.
    const uncleared = build('boss');
    expect(uncleared.status).toBe(77);
    expect(uncleared.stderr).toContain(`recording ${secret} is commercial secret, above your clearance (internal)`);
    expect(trail(ws).filter((e) => e.action === 'disc.build').at(-1)).toMatchObject({ operator: 'boss', outcome: 'refused', details: { clearance: 'internal', needed: 'commercial-secret' } });
    // Cleared, boss may; but not once chen, who asked for the grant, no longer holds the clearance.
    setClearance(ws, 'boss', 'commercial-secret');
    setClearance(ws, 'chen', 'internal');
    const lapsed = build('boss');
    expect(lapsed.status).toBe(77);
    expect(lapsed.stderr).toContain(`recording(s) ${secret} (commercial secret) are classified: disc build needs a live access grant for purpose evidence`);
    expect(fs.existsSync(out) ? fs.readdirSync(out) : []).toEqual([]);
    expect(trail(ws, `access:${id}`).filter((e) => e.action === 'access.use')).toEqual([]);

    // Built by an archivist with an account here and the clearance: the image and the disc's folder are
    // theirs alone to read, not their group's; burning it and handing it out are uses of its footage too.
    setClearance(ws, 'boss', 'internal');
    setClearance(ws, archivist, 'commercial-secret');
    const theirs = asJson<{ id: number }>(ws, archivist, 'access', 'request', '--recordings', String(secret), '--purpose', 'evidence', '--for', '法制审核 (L4)', '--until', until(5)).id;
    expect(as(ws, 'zhao', 'access', 'approve', String(theirs)).status).toBe(0);
    const built = build(archivist);
    expect(built.status, built.stderr).toBe(3);
    const { number: disc, image } = JSON.parse(built.stdout).discs[0] as { number: string; image: string };
    expect(fs.statSync(image).gid).toBe(process.getgid!());
    // Both pass the folder as members of evidence-archivist; only the builder reads the image.
    const read = (uid: number) => spawnSync('setpriv', [`--reuid=${uid}`, '--regid=65534', `--groups=${archivistGid}`, 'head', '-c', '16', image], { encoding: 'utf8' });
    const mine = read(archivistUid);
    expect(mine.status, mine.stderr).toBe(0);
    const other = read(65534);
    expect(other.status).not.toBe(0);
    expect(other.stderr).toMatch(/Permission denied/);
    const burn = as(ws, 'boss', 'disc', 'burn', '--device', '/dev/sr9', '--disc', disc);
    expect(burn.status).toBe(77);
    expect(burn.stderr).toContain(`recording ${secret} is commercial secret, above your clearance (internal)`);
    const issue = as(ws, 'boss', 'disc', 'issue', disc, '--to', '律师 某某', '--purpose', '阅卷');
    expect(issue.status).toBe(77);
    expect(issue.stderr).toContain('above your clearance (internal)');
    expect(trail(ws).filter((e) => e.action === 'disc.burn' || e.action === 'disc.issue').map((e) => [e.action, e.operator, e.outcome])).toEqual([
      ['disc.burn', 'boss', 'refused'],
      ['disc.issue', 'boss', 'refused'],
    ]);

    // An archive set of it likewise: the bag is the archivist's alone to read.
    const archive = asJson<{ id: number }>(ws, archivist, 'access', 'request', '--recordings', String(secret), '--purpose', 'archive', '--for', '档案室 2026Q3', '--until', until(1)).id;
    expect(as(ws, 'zhao', 'access', 'approve', String(archive)).status).toBe(0);
    const setOut = path.join(ws.dir, 'archive-secret');
    fs.mkdirSync(setOut);
    const exported = as(ws, archivist, 'export', 'quarter', '2026Q3', '--out', setOut, '--json');
    expect(exported.status, exported.stderr).toBe(0);
    const bags = (JSON.parse(exported.stdout) as { bags: { dir: string }[] }).bags.map((b) => path.resolve(setOut, b.dir));
    expect(bags.length).toBeGreaterThan(0);
    for (const bag of bags) {
      const manifest = path.join(bag, 'manifest-sha256.txt');
      const asUser = (uid: number) => spawnSync('setpriv', [`--reuid=${uid}`, '--regid=65534', `--groups=${archivistGid}`, 'head', '-c', '16', manifest], { encoding: 'utf8' });
      expect(asUser(archivistUid).status, asUser(archivistUid).stderr).toBe(0);
      expect(asUser(65534).status).not.toBe(0);
    }
  });

  it('decides a disc again as it is catalogued: footage classified while it was written leaves nothing behind', async () => {
    const [rec] = seed(ws, ['2026-08-06']) as [number];
    const out = path.join(ws.dir, 'discs-race');
    // chen builds in this process; it stops at its first wait while a leader classifies the footage.
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent', actor: { operator: 'chen', role: 'archivist' } });
    let outcome: string;
    try {
      const build = v.discBuild.build({ selection: { recordingIds: [rec] }, caseNumber: '鞍自然执〔2026〕60号', outDir: out, medium: 'dvd' });
      setClearance(ws, 'zhao', 'state-secret');
      const classified = as(ws, 'zhao', 'recordings', 'classify', String(rec), '--level', 'state-secret', '--reason', '涉密');
      expect(classified.status, classified.stderr).toBe(0);
      outcome = await build.then(
        () => 'built',
        (e: Error) => e.message,
      );
    } finally {
      await v.close();
    }
    expect(outcome).toContain("the classification of disc GP2026-");
    expect(fs.existsSync(out) ? fs.readdirSync(out).filter((f) => !f.startsWith('.')) : []).toEqual([]);
    expect(trail(ws).filter((e) => e.action === 'disc.build' && e.outcome === 'ok' && (e.details.recordings as number[]).includes(rec))).toEqual([]);
  });
});
