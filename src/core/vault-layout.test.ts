import { describe, expect, it } from 'vitest';
import {
  checkFileName,
  firstFreePath,
  recordingFolder,
  resolveInVault,
  suffixedName,
} from './vault-layout.js';

describe('vault layout', () => {
  it('files by local date then device', () => {
    expect(recordingFolder('2026-05-15', '0001234')).toBe('现场执法记录仪影像资料/2026/05/15/0001234');
    expect(recordingFolder('2026-05-15', null)).toBe('现场执法记录仪影像资料/2026/05/15/未识别设备-quarantine');
  });

  it('refuses names that would escape the vault and cleans control characters', () => {
    expect(checkFileName('..')).toMatchObject({ ok: false });
    expect(checkFileName('.')).toMatchObject({ ok: false });
    expect(checkFileName('a/b.mp4')).toMatchObject({ ok: false });
    expect(checkFileName('/etc/passwd')).toMatchObject({ ok: false });
    expect(checkFileName('')).toMatchObject({ ok: false });
    expect(checkFileName('bad\u0001name.mp4')).toEqual({ ok: true, name: 'bad_name.mp4', sanitized: true });
    expect(checkFileName('back\\slash.mp4')).toEqual({ ok: true, name: 'back_slash.mp4', sanitized: true });
    expect(checkFileName('执法_0001.MP4')).toEqual({ ok: true, name: '执法_0001.MP4', sanitized: false });
  });

  it('refuses a device number that is not a plain folder name', () => {
    expect(() => recordingFolder('2026-05-15', '../x')).toThrow(/device number/);
  });

  it('suffixes taken names before the extension', () => {
    expect(suffixedName('A.MP4', 1)).toBe('A.MP4');
    expect(suffixedName('A.MP4', 2)).toBe('A~2.MP4');
    expect(suffixedName('NOEXT', 3)).toBe('NOEXT~3');
    const taken = new Set(['d/A.MP4', 'd/A~2.MP4']);
    expect(firstFreePath('d', 'A.MP4', (p) => taken.has(p))).toBe('d/A~3.MP4');
  });

  it('never resolves outside the root', () => {
    expect(resolveInVault('/v', 'a/b')).toBe('/v/a/b');
    expect(() => resolveInVault('/v', '../etc')).toThrow(/escapes/);
  });
});
