/**
 * `ingest` typed at the terminal from a card that stops answering mid-copy (its FUSE process stopped
 * with SIGSTOP). Before, the command said nothing and Ctrl-C did not end it: the copy waited on the
 * card for ever. Now the person is told the recorder stopped answering, and Ctrl-C ends the run with
 * the files not stored named, nothing half-copied catalogued; once the card answers, the same command
 * stores the rest, each file once. Never list processes while the card is stopped (ps would hang on
 * its mount): its pid is read from /proc before, and it is continued before anything is unmounted.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fusePid, imageBytesRead, mountRecorder, sha256sum, stopCardWhen, type Mounted } from './support/fat-volume.js';
import { recorderFileName, todayStamp } from './support/media.js';
import { makeWorkspace, runCli, runJson, startCli, type RecordingJson } from './support/cli.js';
import { exitOf, waitFor } from './support/wait.js';

const MIB = 1024 * 1024;
const ABANDONED = 'abandoned at the stop: not stored (still on the source)';

describe('ingest from a card that stops answering', () => {
  const ws = makeWorkspace('ev-hung-cli-');
  const sums = new Map<string, string>();
  let fuse = 0;
  let volume: Mounted | undefined;
  afterAll(() => {
    if (fuse) process.kill(fuse, 'SIGCONT');
    volume?.unmount();
    ws.cleanup();
  });

  it('says the recorder stopped answering, ends at Ctrl-C naming what stayed on the card, and the rerun stores the rest once', async () => {
    expect(runCli(['--config', ws.config, 'device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8']).status).toBe(0);
    const files = [1, 2, 3].map((seq) => {
      const clip = path.join(ws.dir, `clip-${seq}.bin`);
      execFileSync('head', ['-c', String(MIB * 32), '/dev/urandom'], { stdio: ['ignore', fs.openSync(clip, 'w'), 'inherit'] });
      const name = recorderFileName({ stamp: `${todayStamp()}08000${seq}`, seq });
      sums.set(name, sha256sum(clip));
      return { path: `DCIM/${name}`, from: clip };
    });
    const point = path.join(ws.dir, 'mnt');
    volume = mountRecorder(path.join(ws.dir, 'card.img'), point, files);
    const pid = fusePid(point);
    const atMount = imageBytesRead(pid);

    const child = startCli(['--config', ws.config, 'ingest', point, '--device', '0001234'], {}, { ownGroup: true });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const exited = exitOf(child);
    fuse = pid;
    await stopCardWhen(pid, 'the card part-way through its files', (read) => read - atMount >= 4 * MIB && read - atMount < 48 * MIB);

    // Told, while the command keeps waiting for the card (it may yet answer).
    await waitFor('the notice that the recorder stopped answering', () => stderr.includes(`The recorder at ${point} has stopped answering`), 60_000, 100);
    expect(child.exitCode).toBeNull();

    // Ctrl-C at the terminal: the whole foreground group gets SIGINT.
    process.kill(-child.pid!, 'SIGINT');
    await waitFor('the ingest to end after Ctrl-C', () => child.exitCode !== null || child.signalCode !== null, 60_000, 100).catch((err: unknown) => {
      process.kill(-child.pid!, 'SIGKILL');
      throw err;
    });
    expect(await exited, stderr).toBe(1);
    expect(stderr).toMatch(/Stopping: no more files are taken/);
    const stored = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
    expect(stored.length).toBeLessThan(3);
    // Every file not stored is named as abandoned, still on the card; nothing catalogued is partial.
    for (const name of sums.keys()) {
      if (!stored.some((r) => r.originalName === name)) expect(stdout).toContain(`✗ DCIM/${name}: copy DCIM/${name}: ${ABANDONED}`);
    }
    for (const r of stored) expect(sha256sum(path.join(ws.vault, r.vaultPath))).toBe(sums.get(r.originalName));
    // And on the record: the run failed, each file left named with why.
    const finish = runJson<{ outcome: string; details: { left: { why: string }[] } }[]>(['--config', ws.config, 'audit', 'log', '--action', 'ingest.finish']).at(-1)!;
    expect(finish.outcome).toBe('failed');
    expect(finish.details.left).toHaveLength(3 - stored.length);
    for (const l of finish.details.left) expect(l.why).toContain(ABANDONED);

    // The card answers again: the same command stores the rest, each file once, and verify is clean.
    process.kill(pid, 'SIGCONT');
    fuse = 0;
    const again = runCli(['--config', ws.config, 'ingest', point, '--device', '0001234']);
    expect(again.status, again.stdout + again.stderr).toBe(0);
    const rows = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
    expect(rows.map((r) => r.originalName).sort()).toEqual([...sums.keys()].sort());
    for (const r of rows) expect(sha256sum(path.join(ws.vault, r.vaultPath))).toBe(sums.get(r.originalName));
    const v = runCli(['--config', ws.config, 'verify']);
    expect(v.status, v.stdout + v.stderr).toBe(0);
  }, 300_000);
});
