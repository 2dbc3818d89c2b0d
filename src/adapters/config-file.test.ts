import { describe, expect, it } from 'vitest';
import { loadConfig, parseConfig } from './config-file.js';

describe('config file', () => {
  it('fills defaults and resolves paths against the config folder', () => {
    const c = parseConfig({ vaultRoot: 'v', catalogPath: '/abs/c.sqlite' }, '/etc/ev', 'x.json');
    expect(c.vaultRoot).toBe('/etc/ev/v');
    expect(c.catalogPath).toBe('/abs/c.sqlite');
    expect(c.timezone).toBe('Asia/Shanghai');
    expect(c.mediaExtensions).toContain('mp4');
  });

  it('names an unknown key', () => {
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'c', vualtRoot: 'x' }, '/', 'x.json')).toThrow(/unknown key "vualtRoot"/);
  });

  it('names a wrong value', () => {
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'c', timezone: 'Mars/Base' }, '/', 'x.json')).toThrow(/key "timezone"/);
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'c', fileNamePatterns: ['('] }, '/', 'x.json')).toThrow(/key "fileNamePatterns.0"/);
    expect(() => parseConfig({ catalogPath: 'c' }, '/', 'x.json')).toThrow(/key "vaultRoot"/);
  });

  it('loads the shipped default config', () => {
    const { config } = loadConfig(undefined);
    expect(config.vaultRoot.endsWith('data/vault')).toBe(true);
  });
});

describe('dock config', () => {
  it('defaults the dock keys and resolves media roots against the config folder', () => {
    const c = parseConfig({ vaultRoot: 'v', catalogPath: 'c', dock: { mediaRoots: ['media'], usbIds: ['2B8A:0C01'] } }, '/etc/ev', 'x.json');
    expect(c.dock).toEqual({ mediaRoots: ['/etc/ev/media'], usbIds: ['2B8A:0C01'], settleSeconds: 3, maxParallel: 4, dropFolders: [] });
    expect(c.clearAfterIngest).toBe(false);
    expect(parseConfig({ vaultRoot: 'v', catalogPath: 'c' }, '/', 'x.json').dock.mediaRoots).toEqual(['/media/recorders']);
  });

  it('resolves drop folders against the config folder', () => {
    const c = parseConfig({ vaultRoot: 'v', catalogPath: 'c', dock: { dropFolders: ['drop', '/srv/handed-in'] } }, '/etc/ev', 'x.json');
    expect(c.dock.dropFolders).toEqual(['/etc/ev/drop', '/srv/handed-in']);
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'c', dock: { dropFolders: [''] } }, '/', 'x.json')).toThrow(/key "dock.dropFolders.0"/);
  });

  it('names a bad USB id and an unknown dock key', () => {
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'c', dock: { usbIds: ['2b8a-0c01'] } }, '/', 'x.json')).toThrow(/key "dock.usbIds.0"/);
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'c', dock: { mediaRoot: ['x'] } }, '/', 'x.json')).toThrow(/unknown key "dock.mediaRoot"/);
  });
});

describe('retention config', () => {
  it('defaults to six months and no automatic disposal', () => {
    const c = parseConfig({ vaultRoot: 'v', catalogPath: 'c' }, '/', 'x.json');
    expect(c.retention).toEqual({ minimumMonths: 6, categoryMonths: {}, autoDispose: false, sweepSchedule: '30 2 * * *' });
  });

  it('refuses a minimum below six months, naming the key and the rule', () => {
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'c', retention: { minimumMonths: 5 } }, '/', 'x.json')).toThrow(
      /key "retention.minimumMonths": must be at least 6: R12\(3\)/,
    );
  });

  it('refuses category periods shorter than the minimum or for R6 categories', () => {
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'c', retention: { minimumMonths: 12, categoryMonths: { penalty: 8 } } }, '/', 'x.json')).toThrow(
      /retention.categoryMonths.penalty/,
    );
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'c', retention: { categoryMonths: { 'mass-incident': 60 } } }, '/', 'x.json')).toThrow(/permanently/);
    expect(parseConfig({ vaultRoot: 'v', catalogPath: 'c', retention: { categoryMonths: { penalty: 24 } } }, '/', 'x.json').retention.categoryMonths).toEqual({ penalty: 24 });
  });
});
