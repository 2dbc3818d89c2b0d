/**
 * Waiting in tests: poll a condition until a deadline, never sleep a fixed time to win a race. A
 * fixed sleep is either too short on a loaded machine (a flaky test) or too long everywhere else.
 */
import type { ChildProcess } from 'node:child_process';

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
