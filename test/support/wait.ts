/**
 * Waiting in tests: poll a condition until a deadline, never sleep a fixed time to win a race. A
 * fixed sleep is either too short on a loaded machine (a flaky test) or too long everywhere else.
 */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';

/**
 * Polls `probe` every `everyMs` until it returns something truthy, and returns that; throws
 * `timed out waiting for <what>` after `deadlineMs`. A probe may also assert (expect) on each poll,
 * for "this must not happen meanwhile".
 */
export async function waitFor<T>(what: string, probe: () => T | null | undefined | false, deadlineMs = 30_000, everyMs = 100): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Resolves when the child has exited (at once if it already has): its exit code, or null when a signal ended it. */
export function exitOf(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Kills the child (SIGKILL unless told) and waits until it is gone. */
export function killAndWait(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<number | null> {
  const exited = exitOf(child);
  child.kill(signal);
  return exited;
}

/** The processes of process group `pgid`, with their states (R, S, D, T …), read from /proc. */
function groupStates(pgid: number): string[] {
  const states: string[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
    } catch {
      continue; // gone since the listing
    }
    // pid (comm) state ppid pgrp …: comm may hold spaces and parentheses, so read after the last ')'.
    const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pgrp) === pgid) states.push(state!);
  }
  return states;
}

/**
 * Kills a child started in its own process group (`detached: true`) and every process of that group
 * (its workers) at a moment when `probe` holds, and waits until the child is gone. The group is
 * stopped (SIGSTOP) before each look and killed while still stopped, so the state the probe saw is
 * exactly the state the kill leaves: a condition that lasts only a few milliseconds on a fast disk, or
 * that a loaded machine would pass between two polls, is still caught, and nothing moves on after it.
 */
export async function killWhen(child: ChildProcess, what: string, probe: () => boolean, deadlineMs = 30_000): Promise<void> {
  const pgid = child.pid!;
  const exited = exitOf(child);
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`the process ended before ${what}`);
    process.kill(-pgid, 'SIGSTOP');
    await waitFor('the process group to stop', () => groupStates(pgid).every((s) => s === 'T' || s === 'Z' || s === 'X'), 10_000, 1);
    if (probe()) {
      process.kill(-pgid, 'SIGKILL');
      await exited;
      return;
    }
    process.kill(-pgid, 'SIGCONT');
    if (Date.now() > end) {
      process.kill(-pgid, 'SIGKILL');
      throw new Error(`timed out waiting for ${what}`);
    }
    await new Promise((r) => setTimeout(r, 5));
  }
}
