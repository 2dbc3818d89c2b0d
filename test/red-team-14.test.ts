/**
 * Red team for issue 14: holes found by attacking access by approval, classification, permanent
 * holds and disposal through the built CLI as lesser and careless operators, each kept as a test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessWorkspace, as, asJson, seed, setClearance, setLevel, trail, vaultAs, type Workspace } from './support/access-fixtures.js';
import { queryCatalogue } from './support/tamper.js';

const dayFromNow = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('red team 14', () => {
  let ws: Workspace;
  let ids: number[];
  const ok = (user: string, ...args: string[]) => {
    const r = as(ws, user, ...args);
    expect(r.status, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    return r;
  };
  const request = (user: string, ...args: string[]) => asJson<{ id: number }>(ws, user, 'access', 'request', ...args).id;

  beforeAll(() => {
    ws = accessWorkspace('ev-red14-');
    ids = seed(ws, ['2025-01-15', '2025-01-16', '2025-01-17', '2025-01-18', '2025-01-19']);
  });
  afterAll(() => ws.cleanup());

  it('refuses an --until years away (a typo for this year, or a grant meant to last for ever) with a clear error, not a crash', () => {
    for (const until of ['9999-12-31', '2062-12-05', dayFromNow(400)]) {
      const r = as(ws, 'li', 'access', 'request', '--recordings', String(ids[0]), '--purpose', 'view', '--for', '当事人 张某', '--until', until);
      expect(r.status, `${until}: ${r.stderr}`).toBe(2);
      expect(r.stderr).toContain(until);
      expect(r.stderr).not.toContain('unexpected failure');
    }
    // Within a year is a request like any other.
    expect(request('li', '--recordings', String(ids[0]), '--purpose', 'view', '--for', '当事人 张某', '--until', dayFromNow(300))).toBeGreaterThan(0);
  });

  it('refuses a grant approved while its footage was ordinary once the footage is classified above the approver\'s clearance', () => {
    const view = request('li', '--recordings', String(ids[1]), '--purpose', 'view', '--for', '当事人 李某', '--until', dayFromNow(20));
    const evidence = request('chen', '--recordings', String(ids[1]), '--purpose', 'evidence', '--for', '法制审核', '--until', dayFromNow(20));
    ok('zhao', 'access', 'approve', String(view));
    ok('zhao', 'access', 'approve', String(evidence));
    // Later found to show a military site: zhao, who approved, holds no secret clearance.
    setLevel(ws, ids[1]!, 'state-secret');
    const open = as(ws, 'li', 'access', 'open', String(view));
    expect(open.status, open.stdout).toBe(77);
    expect(open.stderr).toContain('zhao');
    expect(open.stdout).not.toContain('grant-');
    expect(as(ws, 'li', 'access', 'copy', String(view)).status).toBe(77);
    const out = path.join(ws.dir, 'disc-secret');
    const disc = as(ws, 'chen', 'disc', 'build', '--recording', String(ids[1]), '--out', out);
    expect(disc.status, disc.stdout).toBe(77);
    expect(fs.existsSync(out) ? fs.readdirSync(out).filter((f) => f.endsWith('.iso')) : []).toEqual([]);
    expect(trail(ws, `access:${view}`).slice(-2).map((e) => [e.action, e.outcome, e.operator])).toEqual([
      ['access.use', 'refused', 'li'],
      ['access.copy', 'refused', 'li'],
    ]);
  });

  it('hides classified footage in the retention run listing from an operator without the clearance, as every other listing does', () => {
    setLevel(ws, ids[2]!, 'commercial-secret');
    const secretPath = queryCatalogue<{ vault_path: string }>(ws.catalog, `SELECT vault_path FROM recordings WHERE id = ${ids[2]}`)[0]!.vault_path;
    const text = ok('chen', 'retention', 'run');
    expect(text.stdout).not.toContain(path.basename(secretPath));
    expect(text.stdout).toContain('hidden');
    const json = as(ws, 'chen', 'retention', 'run', '--json');
    expect(json.status).toBe(0);
    expect(json.stdout).not.toContain(path.basename(secretPath));
    const plan = JSON.parse(json.stdout) as { eligible: { id: number; hidden?: boolean }[] };
    expect(plan.eligible.find((r) => r.id === ids[2])).toMatchObject({ hidden: true, level: 'commercial-secret' });
    // An approver who may see it gets the whole row.
    setClearance(ws, 'wang', 'commercial-secret');
    expect(ok('wang', 'retention', 'run').stdout).toContain(path.basename(secretPath));
  });

  it('keeps a corrected case hold\'s recordings six months even when they are unlinked from the case after the correction', () => {
    ok('chen', 'case', 'create', 'RT14-C1', '--title', '投诉', '--category', 'general');
    ok('chen', 'case', 'link', 'RT14-C1', '--recording', String(ids[3]));
    const hold = asJson<{ id: number }>(ws, 'zhao', 'hold', 'add', '--case', 'RT14-C1', '--reason', 'complaint').id;
    ok('zhao', 'hold', 'correct', String(hold), '--reason', '录入错误');
    ok('wang', 'hold', 'correct', String(hold), '--reason', '录入错误');
    const kept = () => asJson<{ state: string; correctionFloor: string | null }>(ws, 'chen', 'retention', 'show', String(ids[3]));
    expect(kept().state).not.toBe('eligible');
    // The case is no longer held, yet unlinking would end the six months from the correction at once.
    const unlink = as(ws, 'chen', 'case', 'unlink', 'RT14-C1', '--recording', String(ids[3]));
    expect(unlink.status, unlink.stderr).toBe(77);
    expect(unlink.stderr).toContain(`hold #${hold} corrected on`);
    expect(trail(ws, 'case:RT14-C1').at(-1)).toMatchObject({ action: 'case.unlink', outcome: 'refused', operator: 'chen' });
    expect(kept().state).not.toBe('eligible');
    expect(kept().correctionFloor).not.toBeNull();
    const plan = asJson<{ eligible: { id: number }[] }>(ws, 'zhao', 'retention', 'run', '--limit', '1000');
    expect(plan.eligible.map((r) => r.id)).not.toContain(ids[3]);
  });

  it('refuses to make a working copy through a symlink put in place of the copies folder (here: into the vault)', () => {
    const copies = path.join(ws.dir, 'vault-access-copies');
    const aside = `${copies}.real`;
    if (fs.existsSync(copies)) fs.renameSync(copies, aside);
    const inVault = path.join(ws.vault, 'planted');
    fs.mkdirSync(inVault);
    fs.symlinkSync(inVault, copies);
    try {
      const id = request('li', '--recordings', String(ids[4]), '--purpose', 'view', '--for', '当事人 王某', '--until', dayFromNow(5));
      const approve = as(ws, 'zhao', 'access', 'approve', String(id));
      expect(approve.status, approve.stdout).toBe(1);
      expect(approve.stdout + approve.stderr).toContain('symbolic link');
      expect(fs.readdirSync(inVault)).toEqual([]);
      const again = as(ws, 'li', 'access', 'copy', String(id));
      expect(again.status).toBe(2);
      expect(fs.readdirSync(inVault)).toEqual([]);
      expect(as(ws, 'li', 'access', 'open', String(id)).status).toBe(2);
    } finally {
      fs.unlinkSync(copies);
      fs.rmSync(inVault, { recursive: true, force: true });
      if (fs.existsSync(aside)) fs.renameSync(aside, copies);
    }
  });

  it('removes an ended grant\'s working copy at the next access command when the dock service is not running', async () => {
    // Ten days ago a two-day grant was approved; the service has been stopped since.
    const then = new Date(Date.now() - 10 * 86_400_000);
    const clock = { now: () => then };
    const lastDay = new Date(then.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
    const li = vaultAs(ws, 'li', 'custodian', clock);
    const { id } = li.access.service.request({ recordingIds: [ids[0]!], purpose: 'view', beneficiary: '当事人 张某', until: lastDay });
    await li.close();
    const zhao = vaultAs(ws, 'zhao', 'approver', clock);
    const granted = await zhao.access.service.approve(id);
    await zhao.close();
    expect(fs.existsSync(granted.copy!)).toBe(true);
    // The footage must not sit in the copies folder for as long as nobody starts the service.
    const list = as(ws, 'li', 'access', 'list');
    expect(list.status, list.stderr).toBe(0);
    expect(fs.existsSync(granted.copy!)).toBe(false);
    expect(trail(ws, `access:${id}`).find((e) => e.action === 'access.expire')).toMatchObject({ outcome: 'ok', operator: 'li', details: { removed: granted.copy } });
  });

  it('does not let an evidence-use hold be released by unlinking its recording from the open case instead of closing it', () => {
    ok('chen', 'case', 'create', 'RT14-C2', '--title', '现场检查', '--category', 'general');
    ok('chen', 'case', 'link', 'RT14-C2', '--recording', String(ids[4]));
    const hold = asJson<{ id: number }>(ws, 'chen', 'hold', 'add', '--recording', String(ids[4]), '--reason', 'evidence-use', '--note', '刻录光盘').id;
    expect(as(ws, 'zhao', 'hold', 'release', String(hold), '--reason', '不再需要').status).toBe(77);
    // The archivist takes the recording out of the open case; the approver then finds it in no case.
    const unlink = as(ws, 'chen', 'case', 'unlink', 'RT14-C2', '--recording', String(ids[4]));
    expect(unlink.status, unlink.stdout).toBe(77);
    expect(unlink.stderr).toContain('evidence-use');
    expect(as(ws, 'zhao', 'hold', 'release', String(hold), '--reason', '不再需要').status).toBe(77);
    // Closed, the case lets it go as the rule says.
    ok('chen', 'case', 'close', 'RT14-C2');
    ok('zhao', 'hold', 'release', String(hold), '--reason', '案件已办结');
  });
});

