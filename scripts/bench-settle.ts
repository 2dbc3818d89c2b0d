/**
 * Deletions settle before a contender is timed. On ext4 without a journal, the kernel will not reuse an
 * inode freed in the last 60 seconds, or the last 300 while its inode-table block is unwritten
 * (fs/ext4/ialloc.c, `recently_deleted`), and it finds that out by looking at every such inode, one by
 * one, for each new file. The longer window is the one that applies: a flush cleans the block, but the
 * contender's own new files, written into the same blocks, make it unwritten again. Measured on the
 * bench's disk, `cp -r` of 10,000 small files: 0.5 s settled; 6-9 s (3.8-6.6 s of system time) just
 * after a removal; after a removal and a flush, 3.8 s at 65 s, 2.2 s at 125 s, 2.1 s at 245 s (and
 * 0.45 s at 185 s, its folder in a block group the removal missed), 0.5 s at 305 s. Whichever
 * contender ran after a removal paid for it (a case's first, after the previous case's clean-up or a
 * previous run's or a test suite's). Before a timed case the bench flushes, then waits until its last
 * removal is more than five minutes old. A journalled file system never checks: no wait.
 */
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Context } from './bench-context.js';
import { flushAll } from './bench-run.js';

/** Starts at the bench's start: a run before this one (or a test suite) may have just removed its trees. */
let lastRemoval = Date.now();

/** Remove a tree on the measured disk, noting when, so the next timed case waits it out. */
export function removeOnDisk(dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  lastRemoval = Date.now();
}

/**
 * The block device's name of the file system holding `dir` (`vda`), from its device number; null
 * when it has none (tmpfs, overlay).
 */
function deviceName(dir: string): string | null {
  const dev = fs.statSync(dir).dev;
  const major = (dev >> 8) & 0xfff;
  const minor = (dev & 0xff) | ((dev >> 12) & 0xfff00);
  try {
    return path.basename(fs.readlinkSync(`/sys/dev/block/${major}:${minor}`));
  } catch {
    return null;
  }
}

/** True when `dir` is on ext4 with no journal (no `/proc/fs/jbd2/<device>-*`). */
function unjournalledExt4(dir: string): boolean {
  const name = deviceName(dir);
  if (!name || !fs.existsSync(`/proc/fs/ext4/${name}`)) return false;
  const journals = fs.existsSync('/proc/fs/jbd2') ? fs.readdirSync('/proc/fs/jbd2') : [];
  return !journals.some((j) => j.startsWith(`${name}-`));
}

/**
 * Before a timed case on the measured disk: flush, then wait until the bench's last removal is
 * `ctx.settleMs` old (301 s: the kernel's window for an unwritten block, RECENTCY_DIRTY, and a second).
 */
export async function settleRemovals(ctx: Context): Promise<void> {
  if (ctx.settleMs <= 0 || !unjournalledExt4(ctx.work)) return;
  flushAll();
  const wait = lastRemoval + ctx.settleMs - Date.now();
  if (wait <= 0) return;
  ctx.log(`  waiting ${(wait / 1000).toFixed(0)} s: ext4 without a journal skips inodes freed in the last five minutes, one by one, on every new file (removals settle before timing)`);
  await sleep(wait);
}
