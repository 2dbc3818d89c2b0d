/**
 * Progress on long work, on stderr, only for a person at a terminal (never in --json or under systemd).
 * cli-progress draws and throttles the bar; hand-rolling ANSI redraws is not worth it.
 */
import cliProgress from 'cli-progress';

export interface Progress {
  start(totalFiles: number, totalBytes: number): void;
  /** Whole files done, with their bytes. */
  advance(files: number, bytes: number): void;
  /** Bytes of a file still in flight; `advance` for that file must then pass only the rest. */
  bytes(n: number): void;
  stop(): void;
}

/**
 * Report a file's bytes as they stream, then close it off: the bar moves during large files and
 * the file's total is counted once.
 */
export function fileProgress(progress: Progress | undefined, size: number): { onBytes: (n: number) => void; done: () => void } {
  let seen = 0;
  return {
    onBytes: (n) => {
      const step = Math.min(n, size - seen);
      if (step > 0) {
        seen += step;
        progress?.bytes(step);
      }
    },
    done: () => progress?.advance(1, size - seen),
  };
}

function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i ? 1 : 0)} ${units[i]}`;
}

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
        format: `${label} [{bar}] {percentage}% | {files}/{totalFiles} files | {doneText}/{totalText} | {rate}/s | ETA {eta_formatted}`,
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
