/**
 * The dock daemon as a real child process writes the audit chain head to its log at start-up (the
 * journal under systemd), in a form `audit verify --anchor` takes as it is.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { makeWorkspace, runCli } from './support/cli.js';
import { startDaemon, withDockConfig, type RunningDaemon } from './support/daemon.js';
import { waitFor } from './support/wait.js';
import { queryCatalogue } from './support/tamper.js';

interface AnchorLine {
  level: string;
  msg: string;
  anchor: { seq: number; hash: string; at: string };
}

describe('daemon anchor line', () => {
  const ws = makeWorkspace('ev-daemon-anchor-');
  let daemon: RunningDaemon | undefined;

  afterAll(async () => {
    daemon?.child.kill('SIGTERM');
    await daemon?.exited;
    ws.cleanup();
  });

  it('logs { anchor: {seq, hash, at} } with the chain-head line at start-up, and the line checks out', async () => {
    withDockConfig(ws.config, ws.dir);
    daemon = startDaemon(ws.config);
    const line = await waitFor('the anchor line in the daemon log', () =>
      daemon!
        .stderr()
        .split('\n')
        .filter((l) => l.includes('"anchor"'))
        .map((l) => JSON.parse(l) as AnchorLine)
        .find((l) => l.msg.startsWith('audit chain anchor: ')),
    );
    const { seq, hash, at } = line.anchor;
    expect(line.level).toBe('info');
    expect(line.msg).toBe(`audit chain anchor: Audit chain head: entry ${seq}, ${hash} (${at})`);
    const entry = queryCatalogue<{ hash: string; at: string; action: string }>(ws.catalog, 'SELECT hash, at, action FROM audit_log WHERE seq = ?', seq)[0];
    expect(entry).toEqual({ hash, at, action: expect.any(String) });
    // The entry the daemon wrote as it started is on the trail before the line was written.
    expect(queryCatalogue<{ seq: number }>(ws.catalog, "SELECT seq FROM audit_log WHERE action = 'daemon.start'")[0]!.seq).toBeLessThanOrEqual(seq);

    daemon.child.kill('SIGTERM');
    expect(await daemon.exited).toBe(0);
    daemon = undefined;
    const check = runCli(['--config', ws.config, 'audit', 'verify', '--anchor', line.msg.slice('audit chain anchor: '.length)]);
    expect(check.stdout).toContain(`entry ${seq} still has the anchored hash`);
    expect(check.status).toBe(0);
  });
});
