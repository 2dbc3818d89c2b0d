/**
 * CPU and peak memory of a contender and its descendants. The copies run in worker processes and ffprobe
 * runs as a child: a main process's own VmHWM alone would leave their memory out, a yardstick that
 * favours us (TreePeak says how the tree's memory is counted).
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

const comm = (pid: number): string => {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '?';
  }
};

/** A process's proportional set size in MiB (shared pages divided among the processes sharing them); null when it has gone. */
function pssMiB(pid: number): number | null {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    return m ? Number(m[1]) / 1024 : null;
  } catch {
    return null;
  }
}

/**
 * The peak memory of `root`'s tree, sampled (call `sample` every 25 ms). With one process it is its
 * VmHWM, exact. With worker processes, summing their VmHWMs counts the Node binary and libraries each
 * maps (about 40 MiB shared) once per process, several times over what the machine holds: the sum
 * of the tree's PSS (each shared page divided among its sharers) at each sample is what the tree
 * holds then, and the peak is the largest such sum.
 */
export class TreePeak {
  peakMiB = 0;
  /** At the peak: the root process's own share and its descendants' (worker processes, ffprobe). */
  peakSplit = { rootMiB: 0, othersMiB: 0, others: 0, detail: '' };
  constructor(private readonly root: () => number | undefined) {}

  sample(): void {
    const pid = this.root();
    if (!pid) return;
    const pids = tree(pid);
    if (pids.length === 1) {
      const hwm = vmHwmMiB(pid) ?? 0;
      if (hwm > this.peakMiB) this.peakSplit = { rootMiB: hwm, othersMiB: 0, others: 0, detail: '' };
      this.peakMiB = Math.max(this.peakMiB, hwm);
      return;
    }
    const each = pids.map((p) => pssMiB(p) ?? 0);
    const sum = each.reduce((s, x) => s + x, 0);
    if (sum <= this.peakMiB) return;
    this.peakMiB = sum;
    this.peakSplit = { rootMiB: each[0]!, othersMiB: sum - each[0]!, others: each.filter((x) => x > 0).length - 1, detail: pids.slice(1).map((p, k) => `${comm(p)}:${each[k + 1]!.toFixed(0)}`).join(' ') };
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
