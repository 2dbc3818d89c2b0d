/** The dock daemon as a real child process, and polling with a deadline (never sleeping to win a race). */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startCli } from './cli.js';

export interface RunningDaemon {
  child: ChildProcess;
  stderr(): string;
  exited: Promise<number | null>;
}

export function startDaemon(config: string): RunningDaemon {
  const child = startCli(['--config', config, 'daemon']);
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  child.stdout!.resume();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, stderr: () => err, exited };
}

export async function waitFor<T>(what: string, probe: () => T | null | undefined | false, deadlineMs = 30_000, everyMs = 100): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** A config with the dock section pointing at a media root inside the workspace. */
export function withDockConfig(config: string, dir: string, extra: Record<string, unknown> = {}): string {
  const mediaRoot = path.join(dir, 'media-root');
  fs.mkdirSync(mediaRoot, { recursive: true });
  const c = JSON.parse(fs.readFileSync(config, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(config, JSON.stringify({ ...c, dock: { mediaRoots: [mediaRoot], settleSeconds: 0.2 }, ...extra }, null, 2));
  return mediaRoot;
}

/** Every regular file below `dir`, relative, forward slashes. */
export function filesBelow(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}
