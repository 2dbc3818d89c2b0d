/**
 * Photos catalogued in groups (services/commit-group.ts): every one stored, each with its own row and
 * trail entry, the trail file complete, in-process still probing (EXIF time), and a photo that sits on
 * the recorder twice catalogued once.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makePhoto } from './support/media.js';
import { withExif } from './support/exif.js';
import { makeWorkspace, runCli, runJson } from './support/cli.js';
import { queryCatalogue } from './support/tamper.js';
import { filesBelow } from './support/files.js';

const FOOTAGE = '现场执法记录仪影像资料';

interface Summary {
  stored: { files: number };
  already: { files: number };
  failed: unknown[];
}

describe('a recorder\u2019s photos, catalogued in groups', { timeout: 240_000 }, () => {
  const ws = makeWorkspace();
  afterAll(() => ws.cleanup());

  it('stores 150 photos with one row and one trail entry each, and one copy of a photo kept twice', () => {
    const base = path.join(ws.dir, 'base.jpg');
    makePhoto(base);
    const plain = fs.readFileSync(base);
    const source = path.join(ws.dir, 'recorder');
    for (const folder of ['100MEDIA', '101MEDIA']) fs.mkdirSync(path.join(source, 'DCIM', folder), { recursive: true });
    const photo = (i: number) => withExif(plain, { dateTimeOriginal: `2026:05:15 ${String(8 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:00` });
    for (let i = 0; i < 150; i++) fs.writeFileSync(path.join(source, 'DCIM', '100MEDIA', `IMG_${String(i).padStart(4, '0')}.JPG`), photo(i));
    // The same photo a second time, in another folder of the recorder.
    fs.writeFileSync(path.join(source, 'DCIM', '101MEDIA', 'IMG_0007.JPG'), photo(7));

    const summary = runJson<Summary>(['--config', ws.config, 'ingest', source, '--device', '0001234', '--json']);
    expect(summary.failed).toEqual([]);
    expect(summary.stored.files).toBe(150);
    expect(summary.already.files).toBe(1);

    const rows = queryCatalogue<{ n: number; metadata: number }>(ws.catalog, "SELECT count(*) AS n, sum(started_at_source = 'metadata') AS metadata FROM recordings")[0]!;
    expect(rows).toEqual({ n: 150, metadata: 150 });
    const entries = queryCatalogue<{ n: number }>(ws.catalog, "SELECT count(DISTINCT target) AS n FROM audit_log WHERE action = 'ingest.file' AND outcome = 'ok'")[0]!;
    expect(entries.n).toBe(150);
    // Exactly the catalogued files are in the vault: the second copy of the twin was removed.
    expect(filesBelow(path.join(ws.vault, FOOTAGE))).toHaveLength(150);
    // The trail's file copy has every entry, and the whole chain checks out against the vault.
    const verify = runCli(['--config', ws.config, 'audit', 'verify', '--json']);
    expect(verify.status, verify.stdout + verify.stderr).toBe(0);
  });
});
