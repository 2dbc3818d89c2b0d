import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  checkFileName,
  firstFreePath,
  recordingFolder,
  vaultName,
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

  it('resolves every name as path.resolve does, the plain ones without it', () => {
    // The first version, kept as the reference.
    const reference = (root: string, rel: string) => {
      const abs = path.resolve(root, ...rel.split('/'));
      const r = path.resolve(root);
      if (abs !== r && !abs.startsWith(r + path.sep)) throw new Error(`path escapes the vault: ${rel}`);
      return abs;
    };
    const outcome = (f: () => string) => {
      try {
        return f();
      } catch (err) {
        return `throws ${(err as Error).message}`;
      }
    };
    const parts = ['a', '现场执法记录仪影像资料', '.', '..', '', '.x', 'x.', '...', 'a b', '~2', '\\', 'x/..'];
    const roots = ['/v', '/v/', '/v/./w/../x', '/', '//v', 'relative/vault', '/tmp/证据库'];
    let n = 0;
    for (const root of roots) {
      for (const a of parts) for (const b of parts) for (const c of ['', ...parts.slice(0, 5)]) {
        const rel = [a, b, c].filter((_, k) => k < 2 || c !== '').join('/');
        expect(outcome(() => resolveInVault(root, rel)), `${root} + ${rel}`).toBe(outcome(() => reference(root, rel)));
        n++;
      }
      for (const rel of ['', '/', '/a', 'a/', 'a//b', './a', 'a/.', '../../etc/passwd', '2026/11/29/0009997/IMG_0001.JPG']) {
        expect(outcome(() => resolveInVault(root, rel)), `${root} + ${rel}`).toBe(outcome(() => reference(root, rel)));
      }
    }
    expect(n).toBeGreaterThan(5000);
  });
});

describe('vaultName', () => {
  it('keeps a name that fits, and shortens a legal long UTF-8 name instead of refusing it', () => {
    expect(vaultName('0001234_20260312_101500_0001.MP4')).toEqual({ ok: true, name: '0001234_20260312_101500_0001.MP4', sanitized: false, shortened: false });
    const long = `${'现场执法记录'.repeat(13)}_0001234_000001.MP4`; // 253 bytes: legal on FAT and ext4, over the vault's 240
    expect(Buffer.byteLength(long)).toBe(253);
    const v = vaultName(long);
    if (!v.ok) throw new Error(v.reason);
    expect(v.shortened).toBe(true);
    expect(v.name.endsWith('.MP4')).toBe(true);
    expect(Buffer.byteLength(v.name)).toBeLessThanOrEqual(200);
    expect(v.name.includes('\uFFFD')).toBe(false);
  });
  it('gives two long names that share a beginning two different vault names', () => {
    const a = vaultName(`${'甲'.repeat(90)}A.MP4`);
    const b = vaultName(`${'甲'.repeat(90)}B.MP4`);
    expect(a.ok && b.ok && a.name !== b.name).toBe(true);
  });
  it('still refuses a name that would escape the vault', () => {
    expect(vaultName('..').ok).toBe(false);
  });
});

describe('recordingFolder', () => {
  it('files each unknown source in its own quarantine folder, never outside it', () => {
    expect(recordingFolder('2026-03-12', null, 'REC_A')).toBe('现场执法记录仪影像资料/2026/03/12/未识别设备-quarantine/REC_A');
    expect(recordingFolder('2026-03-12', null, '../x')).toBe('现场执法记录仪影像资料/2026/03/12/未识别设备-quarantine/unknown');
    expect(recordingFolder('2026-03-12', '0001234', 'REC_A')).toBe('现场执法记录仪影像资料/2026/03/12/0001234');
  });
});
