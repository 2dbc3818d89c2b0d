/**
 * A grant ends on its own (R13): granted on a clock set in the past with its last day already over
 * by the real clock, its working copy is removed by the real dock service (a child process) at its
 * start, `access.expire` is on the trail, and every further use is refused.
 */
import fs from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { startDaemon, withDockConfig, type RunningDaemon } from './support/daemon.js';
import { accessWorkspace, as, seed, trail, vaultAs } from './support/access-fixtures.js';
import { waitFor } from './support/wait.js';

describe('access grant expiry', () => {
  const ws = accessWorkspace('ev-access-expiry-');
  let daemon: RunningDaemon | undefined;
  afterAll(async () => {
    daemon?.child.kill('SIGTERM');
    await daemon?.exited;
    ws.cleanup();
  });

  it('removes an ended grant\u2019s working copy in the real daemon and refuses further use', async () => {
    const [a, b] = seed(ws, ['2026-05-15', '2026-05-16']);
    // Twelve days ago the custodian asked for two days; an approver granted it that day.
    const then = new Date(Date.now() - 12 * 86_400_000);
    const clock = { now: () => then };
    const lastDay = new Date(then.getTime() + 2 * 86_400_000).toISOString().slice(0, 10);
    const li = vaultAs(ws, 'li', 'custodian', clock);
    const { id } = li.access.service.request({ recordingIds: [a!, b!], purpose: 'view', beneficiary: '当事人 张某 (P27)', until: lastDay });
    await li.close();
    const zhao = vaultAs(ws, 'zhao', 'approver', clock);
    const granted = await zhao.access.service.approve(id);
    // Still live on that clock: it opens.
    expect(zhao.access.service.open(id).folder).toBe(granted.copy);
    await zhao.close();
    expect(fs.readdirSync(granted.copy!)).toHaveLength(4);
    // Now (the real clock) it has ended, but nothing has removed the copy yet.
    expect(fs.existsSync(granted.copy!)).toBe(true);

    withDockConfig(ws.config, ws.dir);
    daemon = startDaemon(ws.config);
    await waitFor('the daemon to end the grant', () => trail(ws, `access:${id}`).some((e) => e.action === 'access.expire'), 30_000, 200);
    expect(fs.existsSync(granted.copy!)).toBe(false);
    const expire = trail(ws, `access:${id}`).find((e) => e.action === 'access.expire')!;
    expect(expire).toMatchObject({ outcome: 'ok', operator: expect.any(String), details: { recordings: [a, b], removed: granted.copy } });

    const open = as(ws, 'li', 'access', 'open', String(id));
    expect(open.status).toBe(77);
    expect(open.stderr).toContain(`the grant ended at`);
    expect(as(ws, 'li', 'access', 'copy', String(id)).status).toBe(77);
    expect(trail(ws, `access:${id}`).map((e) => `${e.action}:${e.outcome}`)).toEqual([
      'access.request:ok',
      'access.approve:ok',
      'access.copy:ok',
      'access.use:ok',
      'access.expire:ok',
      'access.use:refused',
      'access.copy:refused',
    ]);
    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    daemon = undefined;
  });
});
