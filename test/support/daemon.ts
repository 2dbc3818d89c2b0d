/** The dock daemon as a real child process (wait for what it does with `waitFor` in ./wait.ts). */
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startCli } from './cli.js';
import { stopCardWhen } from './fat-volume.js';
import { exitOf, stopWhen } from './wait.js';

export interface RunningDaemon {
  child: ChildProcess;
  stderr(): string;
  exited: Promise<number | null>;
}

/** ownGroup: the service leads a process group of its own, with its workers (for stopWhen and killWhen in ./wait.ts). */
export function startDaemon(config: string, opts: { ownGroup?: boolean } = {}): RunningDaemon {
  const child = startCli(['--config', config, 'daemon'], {}, opts);
  let err = '';
  child.stderr!.on('data', (b: Buffer) => (err += b.toString()));
  child.stdout!.resume();
  return { child, stderr: () => err, exited: exitOf(child) };
}

/** A config with the dock section pointing at a media root inside the workspace. */
export function withDockConfig(config: string, dir: string, extra: Record<string, unknown> = {}): string {
  const mediaRoot = path.join(dir, 'media-root');
  fs.mkdirSync(mediaRoot, { recursive: true });
  const c = JSON.parse(fs.readFileSync(config, 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(config, JSON.stringify({ ...c, dock: { mediaRoots: [mediaRoot], settleSeconds: 0.2 }, ...extra }, null, 2));
  return mediaRoot;
}


/**
 * A test that stops a recorder's card (its FUSE process under SIGSTOP, as a failing card stops
 * answering), with what it must undo at the end, in this order: every card continued first (nothing
 * may wait on one), then the dock service, the mount and the workspace.
 */
export class StoppedCardScene {
  private readonly stopped = new Set<number>();
  daemon: RunningDaemon | undefined;
  mount: { unmount(): void } | undefined;

  constructor(private readonly ws: { cleanup(): void }) {}

  /** Stops the card and waits until every thread of its FUSE process is stopped (see stopWhen). */
  async stopCard(pid: number): Promise<void> {
    this.stopped.add(pid);
    await stopWhen(pid, 'the card stopped', () => true);
  }

  /** Stops the card once its image has been read between `from` and `to` bytes (see stopCardWhen). */
  async stopCardBetween(pid: number, from: number, to: number): Promise<void> {
    this.stopped.add(pid);
    await stopCardWhen(pid, `the card read between ${from} and ${to} bytes`, (read) => read >= from && read < to);
  }

  continueCard(pid: number): void {
    process.kill(pid, 'SIGCONT');
    this.stopped.delete(pid);
  }

  async end(): Promise<void> {
    for (const pid of this.stopped) process.kill(pid, 'SIGCONT');
    this.daemon?.child.kill('SIGTERM');
    await this.daemon?.exited;
    this.mount?.unmount();
    this.ws.cleanup();
  }
}
