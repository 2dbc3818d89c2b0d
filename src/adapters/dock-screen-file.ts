/**
 * The dock screen's file: each page written whole under a temporary name in the same folder (0640,
 * the outputs' group, on disk), then renamed over the last one, the folder synced. A browser reading
 * the file sees the old page or the new one, never part of one; a link planted at the name is
 * replaced, never followed. The folder is checked before every page (never the vault's or the
 * catalogue's, not even through a link or a folder swapped since the service started; on an installed
 * PC only root and the service user may own it and the folders above it), and the page goes to the
 * folder as resolved by that check.
 */
import path from 'node:path';
import type { OutputFiles } from './output-files.js';
import type { PlaceCheck } from './protected-paths.js';

export class DockScreenFile {
  private folderReady: string | null = null;

  constructor(
    readonly path: string,
    private readonly outputs: OutputFiles,
    /** The place check (ProtectedPaths.outputFile): `real` is where the page goes. */
    private readonly place: (file: string) => PlaceCheck,
  ) {}

  async write(html: string): Promise<void> {
    const checked = this.place(this.path);
    if (!checked.ok) throw new Error(`the dock screen ${this.path} ${checked.problem}: page not written`);
    const file = checked.real;
    const dir = path.dirname(file);
    const temp = pathJoinTemp(file);
    if (this.folderReady !== dir) {
      await this.outputs.mkdirp(dir);
      this.folderReady = dir;
    }
    // A temporary file left by a run that died is replaced: the name is this file's alone.
    await this.outputs.remove(temp);
    try {
      await this.outputs.writeFile(temp, html, { durable: true });
      await this.outputs.rename(temp, file);
    } catch (err) {
      await this.outputs.remove(temp).catch(() => undefined);
      this.folderReady = null; // the folder may have gone: made again on the next turn
      throw err;
    }
    await this.outputs.syncDir(dir);
  }
}

function pathJoinTemp(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.writing`);
}
