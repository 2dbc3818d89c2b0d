/**
 * Progress on long work, on stderr, only for a person at a terminal (never in --json or under systemd).
 * cli-progress draws and throttles the bar; hand-rolling ANSI redraws is not worth it.
 */
import cliProgress from 'cli-progress';
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
    this.bar = new cliProgress.SingleBar(
      {
        stream: process.stderr,
        format: `${label} [{bar}] {percentage}% | {files}/{totalFiles} ${t(c.files)} | {doneText}/{totalText} | {rate}/s | ${t(c.eta)} {eta_formatted}`,
        hideCursor: true,
        etaBuffer: 50,
      },
      cliProgress.Presets.shades_classic,
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
