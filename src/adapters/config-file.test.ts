import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { configSchema, defaultConfigPath, loadConfig, parseConfig } from './config-file.js';
import { UserError } from '../core/errors.js';

describe('config file', () => {
  it('fills defaults and resolves paths against the config folder', () => {
    const c = parseConfig({ vaultRoot: 'v', catalogPath: '/abs/c.sqlite' }, '/etc/ev', 'x.json');
    expect(c.vaultRoot).toBe('/etc/ev/v');
    expect(c.catalogPath).toBe('/abs/c.sqlite');
    expect(c.timezone).toBe('Asia/Shanghai');
    expect(c.mediaExtensions).toContain('mp4');
  });

  it('puts the dock screen beside the catalogue unless told, never inside the vault or a media root; language zh or en', () => {
    expect(parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c.sqlite' }, '/etc/ev', 'x.json').dockScreen).toBe('/etc/ev/cat/dock-screen.html');
    expect(parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c.sqlite', dockScreen: 'screen/p.html' }, '/etc/ev', 'x.json').dockScreen).toBe('/etc/ev/screen/p.html');
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c.sqlite', dockScreen: 'v/p.html' }, '/etc/ev', 'x.json')).toThrow(/key "dockScreen": \/etc\/ev\/v\/p.html is inside \/etc\/ev\/v/);
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c.sqlite', dock: { mediaRoots: ['/media/r'] }, dockScreen: '/media/r/p.html' }, '/srv', 'x.json')).toThrow(/key "dockScreen"/);
    // A slip that would rename the page over the catalogue or the config.
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c.sqlite', dockScreen: 'cat/c.sqlite' }, '/etc/ev', 'x.json')).toThrow(/key "dockScreen": .* is not an .html file/);
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c.sqlite', dockScreen: 'config.json' }, '/etc/ev', 'x.json')).toThrow(/key "dockScreen"/);
    expect(parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c', language: 'en' }, '/srv', 'x.json').language).toBe('en');
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c', language: 'fr' }, '/srv', 'x.json')).toThrow(/key "language"/);
  });

  it('names an unknown key', () => {
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c', vualtRoot: 'x' }, '/', 'x.json')).toThrow(/unknown key "vualtRoot"/);
  });

  it('names a wrong value', () => {
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c', timezone: 'Mars/Base' }, '/', 'x.json')).toThrow(/key "timezone"/);
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c', fileNamePatterns: ['('] }, '/', 'x.json')).toThrow(/key "fileNamePatterns.0"/);
    expect(() => parseConfig({ catalogPath: 'cat/c' }, '/', 'x.json')).toThrow(/key "vaultRoot"/);
  });

  it('loads the shipped default config', () => {
    const { config } = loadConfig(defaultConfigPath());
    expect(config.vaultRoot.endsWith('data/vault')).toBe(true);
  });
});

describe('dock config', () => {
  it('defaults the dock keys and resolves media roots against the config folder', () => {
    const c = parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c', dock: { mediaRoots: ['media'], usbIds: ['2B8A:0C01'] } }, '/etc/ev', 'x.json');
    expect(c.dock).toEqual({ mediaRoots: ['/etc/ev/media'], usbIds: ['2B8A:0C01'], settleSeconds: 3, maxParallel: 8, dropFolders: [] });
    expect(c.clearAfterIngest).toBe(false);
    expect(parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c' }, '/', 'x.json').dock.mediaRoots).toEqual(['/media/recorders']);
  });

  it('resolves drop folders against the config folder', () => {
    const c = parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c', dock: { dropFolders: ['drop', '/srv/handed-in'] } }, '/etc/ev', 'x.json');
    expect(c.dock.dropFolders).toEqual(['/etc/ev/drop', '/srv/handed-in']);
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c', dock: { dropFolders: [''] } }, '/', 'x.json')).toThrow(/key "dock.dropFolders.0"/);
  });

  it('names a bad USB id and an unknown dock key', () => {
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c', dock: { usbIds: ['2b8a-0c01'] } }, '/', 'x.json')).toThrow(/key "dock.usbIds.0"/);
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c', dock: { mediaRoot: ['x'] } }, '/', 'x.json')).toThrow(/unknown key "dock.mediaRoot"/);
  });
});

describe('the vault\'s own folders', () => {
  it('refuses a media root or drop folder that is, holds or lies inside the vault or the catalogue folder', () => {
    expect(() => parseConfig({ vaultRoot: '/srv/v', catalogPath: '/srv/cat/c', dock: { mediaRoots: ['/srv/v/inbox'] } }, '/', 'x.json')).toThrow(/key "dock.mediaRoots.0": .*overlaps the vault's own folder \/srv\/v/);
    expect(() => parseConfig({ vaultRoot: '/srv/v', catalogPath: '/srv/cat/c', dock: { dropFolders: ['/srv'] } }, '/', 'x.json')).toThrow(/key "dock.dropFolders.0"/);
    expect(() => parseConfig({ vaultRoot: '/srv/v', catalogPath: '/srv/cat/c', dock: { dropFolders: ['/srv/cat'] } }, '/', 'x.json')).toThrow(/overlaps the vault's own folder \/srv\/cat/);
    expect(parseConfig({ vaultRoot: '/srv/v', catalogPath: '/srv/cat/c', dock: { dropFolders: ['/srv/v2'] } }, '/', 'x.json').dock.dropFolders).toEqual(['/srv/v2']);
  });
});

describe('retention config', () => {
  it('defaults to six months, with no setting that disposes by itself', () => {
    const c = parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c' }, '/', 'x.json');
    expect(c.retention).toEqual({ minimumMonths: 6, categoryMonths: {}, sweepSchedule: '30 2 * * *' });
    expect(c.retired).toBeUndefined();
  });

  it('accepts an old config naming retention.autoDispose, keeps it out of the settings and remembers it for the warning', () => {
    for (const value of [true, false]) {
      const c = parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c', retention: { autoDispose: value, minimumMonths: 7 } }, '/', 'x.json');
      expect(c.retention).toEqual({ minimumMonths: 7, categoryMonths: {}, sweepSchedule: '30 2 * * *' });
      expect(c.retired).toEqual({ autoDispose: value });
    }
    // Every other unknown key is still refused by name.
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c', retention: { autoDispose: true, autoDelete: true } }, '/', 'x.json')).toThrow(/unknown key "retention.autoDelete"/);
  });

  it('refuses a minimum below six months, naming the key and the rule', () => {
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c', retention: { minimumMonths: 5 } }, '/', 'x.json')).toThrow(
      /key "retention.minimumMonths": must be at least 6: R12\(3\)/,
    );
  });

  it('refuses category periods shorter than the minimum or for R6 categories', () => {
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c', retention: { minimumMonths: 12, categoryMonths: { penalty: 8 } } }, '/', 'x.json')).toThrow(
      /retention.categoryMonths.penalty/,
    );
    expect(() => parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c', retention: { categoryMonths: { 'mass-incident': 60 } } }, '/', 'x.json')).toThrow(/permanently/);
    expect(parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c', retention: { categoryMonths: { penalty: 24 } } }, '/', 'x.json').retention.categoryMonths).toEqual({ penalty: 24 });
  });

  it('checks across keys only once each key is valid: the wrong key is named, never a right one, never a crash', () => {
    const problem = (raw: Record<string, unknown>) => {
      try {
        parseConfig({ vaultRoot: 'v', catalogPath: 'cat/c', ...raw }, '/', 'x.json');
      } catch (err) {
        expect(err).toBeInstanceOf(UserError);
        return (err as Error).message;
      }
      throw new Error('accepted');
    };
    expect(problem({ retention: { categoryMonths: null } })).toMatch(/^config x\.json: key "retention\.categoryMonths": [^;]*$/);
    expect(problem({ retention: { minimumMonths: 'six', categoryMonths: { penalty: 8 } } })).toMatch(/^config x\.json: key "retention\.minimumMonths": [^;]*$/);
    expect(problem({ recordingChecks: { sessionBreakMinutes: null } })).toMatch(/^config x\.json: key "recordingChecks\.sessionBreakMinutes": [^;]*$/);
    expect(problem({ recordingChecks: { gapToleranceSeconds: 3600, sessionBreakMinutes: 60 } })).toMatch(/key "recordingChecks\.gapToleranceSeconds": gapToleranceSeconds must be shorter/);
    expect(problem({ recordingChecks: { gapToleranceSeconds: 3, sessionBreakMinutes: 30, gapTolerance: 3 } })).toMatch(/unknown key "recordingChecks\.gapTolerance"/);
    // Wrong types, and numbers JSON can spell but no key takes (1e999 is Infinity), each named.
    expect(problem({ copyConcurrency: '3' })).toMatch(/key "copyConcurrency"/);
    expect(problem({ probeTimeoutSeconds: 1e999 })).toMatch(/key "probeTimeoutSeconds"/);
    expect(problem({ dock: { settleSeconds: -1e999 } })).toMatch(/key "dock\.settleSeconds"/);
    expect(problem({ fixity: null })).toMatch(/key "fixity"/);
  });
});

describe('the shipped config and the README', () => {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
  const leaves = (o: Record<string, unknown>, prefix = ''): [string, unknown][] =>
    Object.entries(o).flatMap(([k, v]) =>
      v && typeof v === 'object' && !Array.isArray(v) && k !== 'categoryMonths' ? leaves(v as Record<string, unknown>, `${prefix}${k}.`) : [[`${prefix}${k}`, v] as [string, unknown]],
    );

  it('config/default.json holds every key with the default the program really uses (its folders: the checkout\'s ./data)', () => {
    const shipped = JSON.parse(fs.readFileSync(path.join(root, 'config/default.json'), 'utf8')) as Record<string, unknown> & { dock: { mediaRoots: string[]; dropFolders: string[] } };
    // Where the vault, the catalogue and the pretend recorders of `npm start` live: ./data, not a default.
    expect(shipped.dock.mediaRoots).toEqual(['../data/media']);
    expect(shipped.dock.dropFolders).toEqual(['../data/drop']);
    const defaults = configSchema.parse({ vaultRoot: shipped.vaultRoot, catalogPath: shipped.catalogPath, dock: { mediaRoots: shipped.dock.mediaRoots, dropFolders: shipped.dock.dropFolders } });
    expect(shipped).toEqual(defaults);
  });

  it('the README\'s configuration table names every key, unitName included', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const keys = [...leaves(configSchema.parse({ vaultRoot: 'v', catalogPath: 'c' })).map(([k]) => k), 'unitName'];
    expect(keys.filter((k) => !readme.includes(`| \`${k}\` |`))).toEqual([]);
  });

  it('says what is wrong with a key in Chinese too, with no English word; the English is as before', () => {
    const said = (raw: unknown) => {
      try {
        parseConfig(raw, '/', 'x.json');
      } catch (err) {
        return (err as UserError).said;
      }
      throw new Error('accepted');
    };
    const cases: [unknown, string, RegExp][] = [
      [{ vaultRoot: 5, catalogPath: 'c' }, '键 "vaultRoot"：应为字符串', /key "vaultRoot": Expected string/],
      [{ catalogPath: 'c' }, '键 "vaultRoot"：缺少此键', /key "vaultRoot": Required/],
      [{ vaultRoot: 'v', catalogPath: 'c', language: 'fr' }, '键 "language"：应为以下之一："zh"、"en"', /key "language": Invalid enum value/],
      [{ vaultRoot: 'v', catalogPath: 'c', retention: { minimumMonths: 3 } }, '不得少于 6：R12(3)', /must be at least 6: R12\(3\)/],
      [{ vaultRoot: 'v', catalogPath: 'c', timezone: 'Mars/Olympus' }, '不是 IANA 时区名', /not an IANA timezone name/],
      [{ vaultRoot: 'v', catalogPath: 'c', vualtRoot: 'x' }, '未知的键 "vualtRoot"', /unknown key "vualtRoot"/],
      [[], '配置 x.json：顶层：应为对象', /key "\(top level\)": Expected object/],
    ];
    for (const [raw, zh, en] of cases) {
      const s = said(raw);
      expect(s.zh).toContain(zh);
      // Keys, paths and the rule tag may stay as typed; no English word besides.
      expect(s.zh.replace(/"[^"]*"|x\.json|IANA|Asia\/Shanghai|R12\(3\)|minimumMonths/g, '')).not.toMatch(/[A-Za-z]{2,}/);
      expect(s.en).toMatch(en);
      expect(s.en).not.toMatch(/[\u3400-\u9fff]/);
    }
  });
});
