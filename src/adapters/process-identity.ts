/**
 * A process told apart from any later one with the same pid: its pid and its start time in clock
 * ticks since boot (field 22 of /proc/PID/stat). A claim held by a process that is gone is stale.
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
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return rest[19] ?? null; // field 22 overall: 3 + 19
}

export function thisProcess(): ProcessIdentity {
  return { pid: process.pid, start: startOf(process.pid) ?? 'unknown' };
}

/** Whether the process that made `p` still runs (same pid, same start). */
export function processAlive(p: ProcessIdentity): boolean {
  const start = startOf(p.pid);
  return start !== null && (p.start === 'unknown' || start === p.start);
}
