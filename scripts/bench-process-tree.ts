/**
 * CPU and peak memory of a contender and its descendants. The copies run in worker processes and ffprobe
 * runs as a child: a main process's own VmHWM alone would leave their memory out, a yardstick that
 * favours us. Each sample sums the VmHWM of every process of the tree alive then (each process's own
 * peak, so the sum is at least what the tree held at any moment); the peak is the largest such sum.
 */
import fs from 'node:fs';

/** A process's VmHWM in MiB; null when it has gone. */
export function vmHwmMiB(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null; // exited between samples
  }
}

/** `pid` and every process below it (children of each of its threads, recursively). */
function tree(pid: number): number[] {
  const out = [pid];
  for (let k = 0; k < out.length; k++) {
    let tasks: string[];
    try {
      tasks = fs.readdirSync(`/proc/${out[k]}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      try {
        for (const c of fs.readFileSync(`/proc/${out[k]}/task/${t}/children`, 'utf8').split(' ')) if (c.trim()) out.push(Number(c));
      } catch {
        // the thread ended
      }
    }
  }
  return out;
}

/** The largest sum seen so far over `root`'s tree; call `sample` often (every 25 ms). */
export class TreePeak {
  peakMiB = 0;
  constructor(private readonly root: () => number | undefined) {}

  sample(): void {
    const pid = this.root();
    if (!pid) return;
    const sum = tree(pid).reduce((s, p) => s + (vmHwmMiB(p) ?? 0), 0);
    this.peakMiB = Math.max(this.peakMiB, sum);
  }
}

/** utime + stime + its waited children's, in seconds; null once it is gone. */
function cpuOfOne(pid: number): { user: number; sys: number } | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces), from field 3 on.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
    const tick = 100; // USER_HZ: 100 on every Linux the project supports (getconf CLK_TCK)
    return { user: (f[11]! + f[13]!) / tick, sys: (f[12]! + f[14]!) / tick };
  } catch {
    return null;
  }
}

/**
 * CPU of `pid` and of every process below it alive now: a worker process that lives on is counted
 * while it runs (its parent's "waited children" times get it only once it has exited and been
 * waited for), one that has ended through its parent. Null once `pid` is gone.
 */
export function treeCpu(pid: number): { user: number; sys: number } | null {
  const own = cpuOfOne(pid);
  if (!own) return null;
  for (const p of tree(pid).slice(1)) {
    const c = cpuOfOne(p);
    if (c) {
      own.user += c.user;
      own.sys += c.sys;
    }
  }
  return own;
}
