/** An fsync failed: the data may not be on disk. The object failed; redo it from the source. */
export class FsyncError extends Error {
  constructor(
    readonly target: string,
    override readonly cause: unknown,
  ) {
    super(`fsync ${target}: ${(cause as Error).message}`);
    this.name = 'FsyncError';
  }
}
