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
import { queryCatalogue } from './support/tamper.js';
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

  it('says on the record a file it cannot read: a name that is not UTF-8 (GBK from a Windows stick) is never stored, and before was never reported', async () => {
    const drop = path.join(ws.dir, 'drop-gbk');
    const batch = path.join(drop, '0005678');
    fs.mkdirSync(batch, { recursive: true });
    // 警员.MP4 as GBK bytes: Node reads the name back with U+FFFD, and opens it as nothing.
    fs.writeFileSync(Buffer.concat([Buffer.from(`${batch}/`), Buffer.from([0xbe, 0xaf, 0xd4, 0xb1]), Buffer.from('.MP4')]), 'not stored');
    const vault = openVaultParts({ configFile: ws.config, logLevel: 'silent' });
    const intake = new DropIntake(
      { folders: [drop], settleMs: 200, extensions: extensionSet(DEFAULT_MEDIA_EXTENSIONS), fileNamePatterns: compileFileNamePatterns(DEFAULT_FILE_NAME_PATTERNS) },
      { folders: { exists: folderExists, subfolders: subfolderNames, scan: scanVolume }, watcher: deafWatcher, ingest: vault.ingest, registers: new RegisterStore(vault.db), audit: vault.audit, log: vault.log },
    );
    const drops = () =>
      queryCatalogue<{ target: string; outcome: string; details: string }>(ws.catalog, "SELECT target, outcome, details FROM audit_log WHERE action = 'dock.drop'")
        .filter((e) => e.target === batch)
        .map((e) => ({ ...e, details: JSON.parse(e.details) as unknown }));
    try {
      intake.start();
      const [entry] = await waitFor('the unreadable file on the record', () => drops().length > 0 && drops(), 30_000, 100);
      expect(drops()).toHaveLength(1);
      expect(entry).toMatchObject({ outcome: 'failed', details: { unreadable: [{ path: expect.stringMatching(/^\uFFFD.*\.MP4$/), error: expect.stringContaining('the name is not UTF-8') }] } });
    } finally {
      await intake.stop();
      await vault.close();
    }
  });
});
