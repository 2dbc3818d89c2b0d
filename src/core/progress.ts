/**
 * Progress on long work, as a value services report to: how many files and bytes of how many are
 * done. Pure; only the CLI draws it (src/cli/progress-bar.ts).
 */

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

/** Bytes for people: 1.5 GiB, 300 KiB. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  let v = n;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v.toFixed(i ? 1 : 0)} ${units[i]}`;
}
