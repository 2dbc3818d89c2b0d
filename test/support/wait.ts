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

/** The state (R, S, D, T …) of one /proc stat line: after the last ')' (comm may hold spaces and parentheses). */
function stateIn(stat: string): string {
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!;
}

/**
 * The states of every thread of process `pid`, or of every process of group `-pid`, read from /proc.
 * Every thread, not the process's first alone: a stop reaches each thread when it next runs, and a
 * FUSE daemon's thread not stopped yet may still take a request (measured: fusefat runs three), which
 * then waits, unanswered, with its caller past even SIGKILL.
 */
function statesOf(target: number): string[] {
  const names = target > 0 ? [String(target)] : fs.readdirSync('/proc').filter((n) => /^\d+$/.test(n));
  const states: string[] = [];
  for (const name of names) {
    let stat: string;
    let tasks: string[];
    try {
      stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      // pid (comm) state ppid pgrp …
      if (target < 0 && Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[2]) !== -target) continue;
      tasks = fs.readdirSync(`/proc/${name}/task`);
    } catch {
      continue; // gone since the listing
    }
    for (const task of tasks) {
      try {
        states.push(stateIn(fs.readFileSync(`/proc/${name}/task/${task}/stat`, 'utf8')));
      } catch {
        /* a thread gone since */
      }
    }
  }
  return states;
}

/**
 * A probe that reads the catalogue while its writer may be stopped (stopWhen): a stop in the middle of
 * the writer's update of the WAL index makes a reader fail with SQLITE_PROTOCOL (or SQLITE_BUSY); that
 * moment is not one to look at, so the probe says "not yet" and the writer is continued.
 */
export function whenReadable(probe: () => boolean): () => boolean {
  return () => {
    try {
      return probe();
    } catch (err) {
      if (/^SQLITE_(PROTOCOL|BUSY)/.test((err as { code?: string }).code ?? '')) return false;
      throw err;
    }
  };
}

/**
 * Stops process `target` (SIGSTOP; a negative number: every process of that group) at a moment when
 * `probe` holds, and leaves it stopped. It is stopped before each look and continued when the probe
 * fails, so nothing moves on between the look and the stop: a state that lasts a few milliseconds on
 * a fast machine, or that a loaded one would pass between two polls, is still caught. Reads only
 * /proc/PID/stat meanwhile (a process listing would hang on a stopped FUSE mount).
 */
export async function stopWhen(target: number, what: string, probe: () => boolean, deadlineMs = 30_000): Promise<void> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    try {
      process.kill(target, 'SIGSTOP');
    } catch (err) {
      // ESRCH: no such process (group) any more. Said as what it means for the caller's test.
      if ((err as NodeJS.ErrnoException).code === 'ESRCH') throw new Error(`the process ended before ${what}`);
      throw err;
    }
    let holds: boolean;
    try {
      await waitFor('the process to stop', () => statesOf(target).every((s) => s === 'T' || s === 'Z' || s === 'X'), 10_000, 1);
      holds = probe();
    } catch (err) {
      // Never left stopped by a failed look: cleanup would wait on it (it may be gone by now).
      try {
        process.kill(target, 'SIGCONT');
      } catch {
        /* gone */
      }
      throw err;
    }
    if (holds) return;
    process.kill(target, 'SIGCONT');
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * Kills a child started in its own process group (`detached: true`), with every process of that group
 * (its workers), at a moment when `probe` holds (see stopWhen): killed while still stopped, so the
 * state the probe saw is exactly the state the kill leaves. Waits until the child is gone.
 */
export async function killWhen(child: ChildProcess, what: string, probe: () => boolean, deadlineMs = 30_000): Promise<void> {
  const exited = exitOf(child);
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  await stopWhen(-child.pid!, what, () => {
    if (ended()) throw new Error(`the process ended before ${what}`);
    return probe();
  }, deadlineMs).catch((err: unknown) => {
    if (!ended()) process.kill(-child.pid!, 'SIGKILL');
    throw err;
  });
  process.kill(-child.pid!, 'SIGKILL');
  await exited;
}
