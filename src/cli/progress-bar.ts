/**
 * Progress on long work, on stderr, only for a person at a terminal (never in --json or under systemd).
 * cli-progress draws and throttles the bar; hand-rolling ANSI redraws is not worth it. It is loaded
 * when a bar is drawn, not at start-up: `--help`, `--json` and scripts never need its sixty modules.
 */
import { createRequire } from 'node:module';
import type cliProgress from 'cli-progress';
import { formatBytes, type Progress } from '../core/progress.js';
import { t } from './language.js';
import { commonMessages as c } from './messages/common-a.js';

export { formatBytes };


class TerminalProgress implements Progress {
  private readonly bar: cliProgress.SingleBar;
  private files = 0;
  private totalFiles = 0;
  private doneBytes = 0;
  private totalBytes = 0;
  private readonly started = Date.now();

  constructor(label: string) {
    const { SingleBar, Presets } = createRequire(import.meta.url)('cli-progress') as typeof cliProgress;
    this.bar = new SingleBar(
      {
        stream: process.stderr,
        format: `${label} [{bar}] {percentage}% | {files}/{totalFiles} ${t(c.files)} | {doneText}/{totalText} | {rate}/s | ${t(c.eta)} {eta_formatted}`,
        hideCursor: true,
        etaBuffer: 50,
      },
      Presets.shades_classic,
    );
  }

  start(totalFiles: number, totalBytes: number): void {
    this.totalFiles = totalFiles;
    this.totalBytes = Math.max(totalBytes, 1);
    this.bar.start(this.totalBytes, 0, this.payload());
  }

  advance(files: number, bytes: number): void {
    this.files += files;
    this.doneBytes += bytes;
    this.bar.update(Math.min(this.doneBytes, this.totalBytes), this.payload());
  }

  bytes(n: number): void {
    this.advance(0, n);
  }

  stop(): void {
    this.bar.stop();
  }

  /** Clear the bar's line so a line of the report can be printed; the bar redraws at its next update. */
  clearLine(): void {
    process.stderr.write('\r\x1b[K');
  }

  private payload() {
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    return {
      files: this.files,
      totalFiles: this.totalFiles,
      doneText: formatBytes(this.doneBytes),
      totalText: formatBytes(this.totalBytes),
      rate: formatBytes(this.doneBytes / seconds),
    };
  }
}

const silent: Progress = { start() {}, advance() {}, bytes() {}, stop() {} };

export function createProgress(label: string, enabled: boolean): Progress {
  return enabled && process.stderr.isTTY ? new TerminalProgress(label) : silent;
}

/** For a report streamed while a bar is drawn: what clears the bar's line before each line; else undefined. */
export function beforeLine(progress: Progress): (() => void) | undefined {
  return progress instanceof TerminalProgress ? () => progress.clearLine() : undefined;
}
