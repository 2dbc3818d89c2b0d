import { describe, expect, it } from 'vitest';
import { classifyFile, DEFAULT_MEDIA_EXTENSIONS, extensionSet, isSystemFolder } from './media-selection.js';

const exts = extensionSet(DEFAULT_MEDIA_EXTENSIONS);

describe('media selection', () => {
  it('keeps footage of every kind a recorder writes, in any case', () => {
    for (const n of ['A.MP4', 'a.mov', 'x.AVI', 'y.ts', 'p.JPG', 'r.wav', 'r.MP3', 'r.amr']) {
      expect(classifyFile(n, exts)).toBe('media');
    }
  });

  it('skips system files and other files', () => {
    expect(classifyFile('._A.MP4', exts)).toBe('system');
    expect(classifyFile('Thumbs.db', exts)).toBe('system');
    expect(classifyFile('A.THM', exts)).toBe('other');
    expect(classifyFile('README', exts)).toBe('other');
    expect(isSystemFolder('System Volume Information')).toBe(true);
    expect(isSystemFolder('.Trashes')).toBe(true);
    expect(isSystemFolder('DCIM')).toBe(false);
  });

  it('accepts configured extensions with or without dots', () => {
    expect(classifyFile('a.XYZ', extensionSet(['.xyz']))).toBe('media');
  });
});
