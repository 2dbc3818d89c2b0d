import { describe, expect, it } from 'vitest';
import { batchOf, dropDevice } from './drop-batch.js';

describe('batchOf', () => {
  it('names the first sub-folder below the drop folder', () => {
    expect(batchOf('/in/drop', '/in/drop/0001234/a.MP4')).toBe('0001234');
    expect(batchOf('/in/drop', '/in/drop/stick 1/DCIM/100/a.MP4')).toBe('stick 1');
  });
  it('gives no batch for a file at the top of the drop folder or outside it', () => {
    expect(batchOf('/in/drop', '/in/drop/a.MP4')).toBeNull();
    expect(batchOf('/in/drop', '/in/drop')).toBeNull();
    expect(batchOf('/in/drop', '/in/other/x/a.MP4')).toBeNull();
  });
});

describe('dropDevice', () => {
  const registered = (n: string) => ['0001234', '0005678'].includes(n);
  it('takes the folder name when it is a registered recorder, whatever the names say', () => {
    expect(dropDevice('0001234', ['0005678'], registered)).toEqual({ kind: 'recorder', number: '0001234', by: 'folder-name' });
  });
  it('else the one registered device number in the file names', () => {
    expect(dropDevice('stick', ['0005678', '0005678'], registered)).toEqual({ kind: 'recorder', number: '0005678', by: 'file-names' });
  });
  it('else quarantine, saying why', () => {
    expect(dropDevice('stick', ['7777777'], registered)).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/7777777.*not a registered/) });
    expect(dropDevice('stick', ['0001234', '0005678'], registered)).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/several/) });
    expect(dropDevice('stick', [], registered)).toMatchObject({ kind: 'unknown', reason: expect.stringMatching(/"stick"/) });
  });
});
