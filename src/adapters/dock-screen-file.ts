/**
 * The dock screen's file: each page written whole under a temporary name in the same folder (0640,
 * the outputs' group, on disk), then renamed over the last one, the folder synced. A browser reading
 * the file sees the old page or the new one, never part of one; a link planted at the name is
 * replaced, never followed.
 */
import path from 'node:path';
import type { OutputFiles } from './output-files.js';

export class DockScreenFile {
  private readonly temp: string;
  private folderReady = false;

  constructor(
    readonly path: string,
    private readonly outputs: OutputFiles,
  ) {
    this.temp = pathJoinTemp(path);
  }

  async write(html: string): Promise<void> {
    const dir = path.dirname(this.path);
    if (!this.folderReady) {
      await this.outputs.mkdirp(dir);
      this.folderReady = true;
    }
    // A temporary file left by a run that died is replaced: the name is this file's alone.
    await this.outputs.remove(this.temp);
    try {
      await this.outputs.writeFile(this.temp, html, { durable: true });
      await this.outputs.rename(this.temp, this.path);
    } catch (err) {
      await this.outputs.remove(this.temp).catch(() => undefined);
      this.folderReady = false; // the folder may have gone: made again on the next turn
      throw err;
    }
    await this.outputs.syncDir(dir);
  }
}

function pathJoinTemp(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.writing`);
}
