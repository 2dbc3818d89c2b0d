/**
 * Red team: still pictures read in the file worker (small-file-batch.ts `withStill`) and, when it
 * declines, by the service's probe from the head the worker sent back. Holes found, kept as tests.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { makePhoto } from './support/media.js';
import { makeWorkspace, runJson, type RecordingJson } from './support/cli.js';
import { FfprobeMediaProbe } from '../src/adapters/media-probe.js';

interface Summary {
  stored: { files: number };
  failed: { sourcePath: string; error: string }[];
}

describe('red team: stills read in the worker', { timeout: 120_000 }, () => {
  const ws = makeWorkspace('ev-red-stills-');
  afterAll(() => ws.cleanup());

  it('a JPEG cut inside its frame header gets ffprobe\'s verdict, not a size read from the IPC message after its head', async () => {
    const source = path.join(ws.dir, 'rec');
    fs.mkdirSync(source);
    const base = path.join(ws.dir, 'base.jpg');
    makePhoto(base);
    const jpg = fs.readFileSync(base);
    const sof = jpg.indexOf(Buffer.from('ffc0', 'hex'));
    // The SOF0 marker, its length and precision; its height and width are past the end of the file.
    fs.writeFileSync(path.join(source, 'CUT.JPG'), jpg.subarray(0, sof + 5));
    fs.writeFileSync(path.join(source, 'GOOD.JPG'), jpg);
    const s = runJson<Summary>(['--config', ws.config, 'ingest', source, '--device', '0001234']);
    expect(s.failed).toEqual([]);
    expect(s.stored.files).toBe(2);
    const rows = runJson<RecordingJson[]>(['--config', ws.config, 'recordings', 'list']);
    const cut = rows.find((r) => r.originalName === 'CUT.JPG')!;
    const ffprobe = await new FfprobeMediaProbe(30).probe(path.join(ws.vault, cut.vaultPath));
    // The worker (its own copy of the head) found no size; the service, given the head as a view into
    // the message it arrived in, read 0x2208 × 0x7265 from the bytes `"\x08readBack` that follow it.
    expect({ width: cut.width, height: cut.height }).toEqual(ffprobe.ok ? { width: ffprobe.info.width, height: ffprobe.info.height } : { width: null, height: null });
    const good = rows.find((r) => r.originalName === 'GOOD.JPG')!;
    expect({ width: good.width, height: good.height }).toEqual({ width: 64, height: 48 });
  });
});
