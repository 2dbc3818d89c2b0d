/**
 * Red team for issue 15 (grouped catalogue commits, in-process still probing, disk read-back, cached
 * statements): holes found by attacking what was built, each kept as a test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makePhoto } from './support/media.js';
import { makeWorkspace, runCli, runJson, startCli, type RecordingJson } from './support/cli.js';
import { filesBelow } from './support/files.js';
import { queryCatalogue } from './support/tamper.js';
import { exitOf, killAndWait, waitFor } from './support/wait.js';

const FOOTAGE = '现场执法记录仪影像资料';

interface Summary {
  stored: { files: number };
  already: { files: number };
  failed: { sourcePath: string; error: string }[];
}

const footageFiles = (vault: string): string[] => filesBelow(path.join(vault, FOOTAGE)).map((f) => `${FOOTAGE}/${f}`);

/** A recorder folder of `n` distinct photos (one trailing byte apart after the image data). */
function photos(dir: string, base: Buffer, n: number, prefix = 'IMG_'): void {
  fs.mkdirSync(path.join(dir, 'DCIM', '100MEDIA'), { recursive: true });
  for (let i = 0; i < n; i++) fs.writeFileSync(path.join(dir, 'DCIM', '100MEDIA', `${prefix}${String(i).padStart(4, '0')}.JPG`), Buffer.concat([base, Buffer.from(String(i))]));
}

describe('red team 15: pictures crafted against the in-process probe', { timeout: 120_000 }, () => {
  const ws = makeWorkspace('ev-red15-pic-');
  afterAll(() => ws.cleanup());

  it('a .JPG that is really a BMP whose header claims absurd dimensions is stored with the probe-error flag ffprobe gives it, not as a good picture', () => {
    const source = path.join(ws.dir, 'rec');
    fs.mkdirSync(source);
    const bmp = Buffer.alloc(54);
    bmp.write('BM');
    bmp.writeInt32LE(-2147483648, 18);
    bmp.writeInt32LE(2147483647, 22);
    fs.writeFileSync(path.join(source, 'BAD1.JPG'), bmp);
    const png = Buffer.alloc(33);
    png.write('89504e470d0a1a0a', 0, 'hex');
    png.writeUInt32BE(13, 8);
    png.write('IHDR', 12);
    png.writeUInt32BE(0xffffffff, 16);
    png.writeUInt32BE(0xffffffff, 20);
    fs.writeFileSync(path.join(source, 'BAD.PNG'), png);
    const s = runJson<Summary>(['--config', ws.config, 'ingest', source, '--device', '0001234', '--json']);
    expect(s.failed).toEqual([]);
    expect(s.stored.files).toBe(2);
    const rows = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
    const bad = rows.find((r) => r.originalName === 'BAD1.JPG')!;
    expect(bad.flags).toContain('probe-error');
    // No catalogue row claims a picture no decoder would open.
    for (const r of rows) expect((r.width ?? 0) * (r.height ?? 0)).toBeLessThan(2 ** 31);
  });
});
