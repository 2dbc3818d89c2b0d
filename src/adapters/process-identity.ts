/**
 * A process told apart from any later one with the same pid: its pid and its start time in clock
 * ticks since boot (field 22 of /proc/PID/stat). Claims held by a process that is gone (a crash,
 * kill -9) are stale, so a crash never blocks a rerun, and a reused pid is never taken for the holder.
 */
import fs from 'node:fs';

export interface ProcessIdentity {
  pid: number;
  start: string;
}

function startOf(pid: number): string | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // The command name (field 2) is in parentheses and may hold spaces: count fields after its close.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null; // field 22 overall: 3 + 19
}

export function thisProcess(): ProcessIdentity {
  return { pid: process.pid, start: startOf(process.pid) ?? 'unknown' };
}

/** Whether the process that made `p` still runs (same pid, same start). */
export function processAlive(p: ProcessIdentity): boolean {
  const start = startOf(p.pid);
  if (start !== null) return p.start === 'unknown' || start === p.start;
  // No /proc entry readable: ask the kernel whether the pid exists at all.
  return pidAlive(p.pid);
}

/** Whether a process with this pid exists (ours or another account's). */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The same identity as one "pid:start" text, for a single catalogue column. */
export function thisProcessToken(): string {
  const me = thisProcess();
  return `${me.pid}:${me.start}`;
}

export function processTokenAlive(token: string): boolean {
  const m = /^(\d+):(\d+|unknown)$/.exec(token);
  return m ? processAlive({ pid: Number(m[1]), start: m[2]! }) : false;
}
