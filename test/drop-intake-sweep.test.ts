/**
 * The drop intake's safety net: files the watcher never reports (inotify can miss events) are still
 * taken by the periodic sweep. The watcher here reports nothing at all; the rest is real.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compileFileNamePatterns, DEFAULT_FILE_NAME_PATTERNS } from '../src/core/recorder-file-name.js';
import { DEFAULT_MEDIA_EXTENSIONS, extensionSet } from '../src/core/media-selection.js';
import type { DropFolderWatcher } from '../src/adapters/drop-folder-watcher.js';
import { RegisterStore } from '../src/adapters/catalog/register-store.js';
import { folderExists, scanVolume, subfolderNames } from '../src/adapters/volume-scanner.js';
import { openVaultParts } from '../src/wiring.js';
import { makeWorkspace } from './support/cli.js';
import { writeRecorderFiles } from './support/media.js';
import { waitFor } from './support/wait.js';
import { DropIntake } from '../src/services/drop-intake.js';

const deafWatcher: DropFolderWatcher = {
  watch: () => ({ close: async () => undefined }),
};

describe('drop intake sweep', () => {
  const ws = makeWorkspace('ev-drop-sweep-');
  afterAll(() => ws.cleanup());

  it('takes files the watcher never reported, once they stopped changing', async () => {
    const drop = path.join(ws.dir, 'drop');
    const [file] = writeRecorderFiles(path.join(drop, 'batch'), [{ name: '0001234_110101_20260515073000_0001.MP4' }]) as [string];
    const vault = openVaultParts({ configFile: ws.config, logLevel: 'silent' });
    const intake = new DropIntake(
      { folders: [drop], settleMs: 200, extensions: extensionSet(DEFAULT_MEDIA_EXTENSIONS), fileNamePatterns: compileFileNamePatterns(DEFAULT_FILE_NAME_PATTERNS) },
      { folders: { exists: folderExists, subfolders: subfolderNames, scan: scanVolume }, watcher: deafWatcher, ingest: vault.ingest, registers: new RegisterStore(vault.db), audit: vault.audit, log: vault.log },
    );
    try {
      intake.start();
      await waitFor('the sweep to take the file', () => vault.recordings.list().length > 0, 30_000, 100);
      const [row] = vault.recordings.list();
      expect(row!.originalName).toBe(path.basename(file));
      expect(row!.size).toBe(fs.statSync(file).size);
      expect(fs.existsSync(file)).toBe(true); // dropped files are left in place
    } finally {
      await intake.stop();
      await vault.close();
    }
  });
});
