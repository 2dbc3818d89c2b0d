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
