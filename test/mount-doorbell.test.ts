/**
 * The mount table's doorbell (src/adapters/mount-doorbell.ts) with the real findmnt and real bind
 * mounts (root): the poller reads the table every ten minutes here, so a dock seen within the
 * deadline was seen by the ring. findmnt killed or missing: the poller goes on, said once.
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FindmntDoorbell } from '../src/adapters/mount-doorbell.js';
import { MountPoller } from '../src/adapters/mount-poller.js';
import type { Logger } from '../src/adapters/logger.js';
import type { MountChanges } from '../src/core/mount-table.js';
import { killAndWait, waitFor } from './support/wait.js';

const TEN_MINUTES = 600_000;

function recordingLog(): { log: Logger; lines: { level: string; msg: string }[] } {
  const lines: { level: string; msg: string }[] = [];
  const at = (level: string) => (_o: unknown, msg: string) => void lines.push({ level, msg });
  return { log: { info: at('info'), warn: at('warn'), error: at('error') } as unknown as Logger, lines };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0).reverse()) c();
});

function mediaRoot(): { root: string; mount: (name: string) => string; unmount: (point: string) => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-doorbell-'));
  const root = path.join(dir, 'media');
  const source = path.join(dir, 'recorder');
  fs.mkdirSync(root);
  fs.mkdirSync(source);
  const mounted = new Set<string>();
  cleanups.push(() => {
    for (const p of mounted) execFileSync('umount', ['-l', p]);
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return {
    root,
    mount: (name) => {
      const point = path.join(root, name);
      fs.mkdirSync(point);
      execFileSync('mount', ['--bind', source, point]);
      mounted.add(point);
      return point;
    },
    unmount: (point) => {
      execFileSync('umount', [point]);
      mounted.delete(point);
    },
  };
}

function watch(poller: MountPoller): MountChanges[] {
  const seen: MountChanges[] = [];
  poller.start((c) => seen.push(c));
  cleanups.push(() => poller.stop());
  return seen;
}

/**
 * findmnt itself (setpriv has exec'd it) asleep in poll(2) on the table: a mount from now on rings
 * (one made while it still reads the table is only in what it read, and never rings).
 */
function waitingOnTable(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'findmnt' && fs.readFileSync(`/proc/${pid}/wchan`, 'utf8').includes('poll');
  } catch {
    return false;
  }
}

const added = (seen: MountChanges[]) => seen.flatMap((c) => c.added.map((m) => m.mountPoint));
const removed = (seen: MountChanges[]) => seen.flatMap((c) => c.removed.map((m) => m.mountPoint));

describe('the mount table doorbell', () => {
  it('has a dock seen as it is mounted and unmounted, not at the next read of the table', async () => {
    const media = mediaRoot();
    const { log, lines } = recordingLog();
    const doorbell = new FindmntDoorbell(log);
    const seen = watch(new MountPoller([media.root], TEN_MINUTES, log, doorbell));
    await waitFor('findmnt to wait on the table', () => waitingOnTable(doorbell.pid));
    const point = media.mount('dock-1');
    await waitFor('the dock to be seen', () => added(seen).includes(point), 30_000, 20);
    media.unmount(point);
    await waitFor('the dock to be seen gone', () => removed(seen).includes(point), 30_000, 20);
    expect(lines.filter((l) => l.level !== 'info')).toEqual([]);
  });

  it('starts findmnt again after it is killed, saying so once, and sees the next dock by its ring', async () => {
    const media = mediaRoot();
    const { log, lines } = recordingLog();
    const doorbell = new FindmntDoorbell(log, 50);
    const seen = watch(new MountPoller([media.root], TEN_MINUTES, log, doorbell));
    const first = await waitFor('findmnt to be started', () => doorbell.pid);
    process.kill(first, 'SIGKILL');
    const second = await waitFor('findmnt to be started again', () => (doorbell.pid !== first ? doorbell.pid : undefined), 30_000, 20);
    expect(second).not.toBe(first);
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    await waitFor('findmnt to wait on the table', () => waitingOnTable(second));
    const point = media.mount('dock-1');
    await waitFor('the dock to be seen', () => added(seen).includes(point), 30_000, 20);
    expect(lines.some((l) => l.level === 'info' && l.msg.includes('back'))).toBe(true);
  });

  it('without findmnt, says so once and leaves the docks to the timer', async () => {
    const media = mediaRoot();
    const { log, lines } = recordingLog();
    const doorbell = new FindmntDoorbell(log, 20, '/nonexistent/findmnt');
    const seen = watch(new MountPoller([media.root], 100, log, doorbell));
    await waitFor('three attempts to start it', () => doorbell.starts >= 3 && doorbell.pid === undefined, 30_000, 20);
    const point = media.mount('dock-1');
    await waitFor('the dock to be seen by the timer', () => added(seen).includes(point), 30_000, 20);
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(1);
    expect(lines.filter((l) => l.level === 'warn')[0]!.msg).toContain('every 0.5 s');
  });

  it('leaves no findmnt behind when stopped', async () => {
    const media = mediaRoot();
    const { log } = recordingLog();
    const doorbell = new FindmntDoorbell(log);
    const poller = new MountPoller([media.root], TEN_MINUTES, log, doorbell);
    poller.start(() => undefined);
    const pid = await waitFor('findmnt to be started', () => doorbell.pid);
    poller.stop();
    await waitFor('findmnt to end', () => !fs.existsSync(`/proc/${pid}`) || fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z'), 30_000, 20);
  });

  it('leaves no findmnt behind when the service is killed (kill -9)', async () => {
    // The built adapter in a process of its own, as the dock service runs it.
    const script = `const { FindmntDoorbell } = await import(${JSON.stringify(path.resolve('dist/src/adapters/mount-doorbell.js'))});
      const d = new FindmntDoorbell({ warn() {}, info() {} }); d.start(() => {}); setInterval(() => d.pid && console.log(d.pid), 20);`;
    const service = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    service.stdout!.on('data', (b: Buffer) => (out += b.toString()));
    const pid = Number(await waitFor('the service to say findmnt is up', () => out.split('\n').find((l) => /^\d+$/.test(l))));
    await waitFor('findmnt to wait on the table', () => waitingOnTable(pid));
    await killAndWait(service);
    await waitFor('findmnt to end with the service', () => !fs.existsSync(`/proc/${pid}`) || fs.readFileSync(`/proc/${pid}/stat`, 'utf8').includes(') Z'), 30_000, 20);
  });
});
