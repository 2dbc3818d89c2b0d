/**
 * Which process holds a long act (an export building a set), in a form that outlives the process and
 * cannot be mistaken for a later one with the same pid: the pid and its start time since boot
 * (/proc/<pid>/stat, field 22). A holder that died is seen as gone, so a crash never blocks a rerun.
 */
import fs from 'node:fs';

/** "pid:starttime" of this process. */
export function thisProcessToken(): string {
  return `${process.pid}:${startTimeOf(process.pid) ?? 'unknown'}`;
}

/** Whether the process a token names is still running (the same process, not a reuse of its pid). */
export function processTokenAlive(token: string): boolean {
  const m = /^(\d+):(\d+|unknown)$/.exec(token);
  if (!m) return false;
  const pid = Number(m[1]);
  const started = startTimeOf(pid);
  if (started !== null && m[2] !== 'unknown') return started === m[2];
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function startTimeOf(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses) start at field 3.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}
