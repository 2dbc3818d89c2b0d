/** The volume's listing is the same whichever way it is read: through the I/O threads or blocking (in a file worker). */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { extensionSet } from '../core/media-selection.js';
import { blockingReads, scanVolume, threadedReads } from './volume-scanner.js';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-scan-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function volume(): string {
  const v = path.join(root, 'vol');
  const put = (rel: string, bytes = 10) => {
    fs.mkdirSync(path.dirname(path.join(v, rel)), { recursive: true });
    fs.writeFileSync(path.join(v, rel), Buffer.alloc(bytes, 1));
  };
  // More files in one folder than a progress step (256), so the blocking reads report as they go.
  for (let i = 0; i < 600; i++) put(`DCIM/100MEDIA/IMG_${String(i).padStart(4, '0')}.JPG`, 100 + i);
  put('DCIM/101VIDEO/a.MP4', 5000);
  put('DCIM/notes.txt');
  put('System Volume Information/x.MP4');
  put('._b.MP4');
  fs.symlinkSync('/etc/passwd', path.join(v, 'DCIM/link.MP4'));
  fs.mkdirSync(path.join(v, 'DCIM/linkdir'));
  fs.symlinkSync(path.join(v, 'DCIM/100MEDIA'), path.join(v, 'DCIM/linkdir/loop'));
  execFileSync('mkfifo', [path.join(v, 'DCIM/pipe.MP4')]);
  return v;
}

describe('scanVolume', () => {
  it('lists the same files, skips and counts with blocking reads as with threaded ones, and says it is alive as it goes', async () => {
    const v = volume();
    const ext = extensionSet(['mp4', 'jpg']);
    const threaded = await scanVolume(v, ext, threadedReads);
    let heard = 0;
    const blocking = await scanVolume(v, ext, blockingReads((n) => (heard += n)));
    expect(blocking).toEqual(threaded);
    expect(threaded.files).toHaveLength(601);
    expect(threaded.files.find((f) => f.name === 'IMG_0599.JPG')).toMatchObject({ relPath: 'DCIM/100MEDIA/IMG_0599.JPG', size: 699, absPath: path.join(v, 'DCIM/100MEDIA/IMG_0599.JPG') });
    expect(threaded.skipped.map((s) => [s.relPath, s.reason]).sort()).toEqual([['DCIM/link.MP4', 'symlink'], ['DCIM/linkdir/loop', 'symlink'], ['DCIM/pipe.MP4', 'special-file']]);
    expect(threaded.otherFiles).toBe(1);
    expect(heard).toBe(601);
  });

  it('a root that is not there is one unreadable skip, either way', async () => {
    const ext = extensionSet(['mp4']);
    const gone = path.join(root, 'gone');
    for (const reads of [threadedReads, blockingReads()]) {
      const r = await scanVolume(gone, ext, reads);
      expect(r.files).toEqual([]);
      expect(r.skipped).toEqual([{ relPath: '.', reason: 'unreadable', detail: expect.stringContaining('ENOENT') }]);
    }
  });
});
