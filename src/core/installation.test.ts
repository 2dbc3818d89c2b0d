import { describe, expect, it } from 'vitest';
import { chooseConfig, parseInstallation, pathsOverlap, type ConfigChoice } from './installation.js';

const overrideOf = (c: ConfigChoice) => (c.installed ? c.override : 'not installed');
const installed = { config: '/etc/evidence-vault/config.json', serviceUser: 'evidence-vault' };
const shipped = '/opt/x/config/default.json';

describe('which config a run uses', () => {
  it('in development: --config, then the environment, then the shipped file', () => {
    expect(chooseConfig(null, { flag: 'a.json', env: '/b.json', shipped }, '/w')).toEqual({ path: '/w/a.json', installed: false });
    expect(chooseConfig(null, { env: '/b.json', shipped }, '/w')).toEqual({ path: '/b.json', installed: false });
    expect(chooseConfig(null, { shipped }, '/w')).toEqual({ path: shipped, installed: false });
  });

  it('installed: always the administrator\'s file; any other choice is an override attempt', () => {
    expect(chooseConfig(installed, { shipped }, '/w')).toEqual({ path: installed.config, installed: true, override: null });
    expect(overrideOf(chooseConfig(installed, { flag: '/tmp/a/cfg.json', shipped }, '/w'))).toEqual({ source: '--config', value: '/tmp/a/cfg.json' });
    expect(overrideOf(chooseConfig(installed, { env: 'cfg.json', shipped }, '/tmp'))).toEqual({ source: 'EVIDENCE_VAULT_CONFIG', value: 'cfg.json' });
    // Naming the installed file again chooses nothing.
    expect(overrideOf(chooseConfig(installed, { flag: 'config.json', env: installed.config, shipped }, '/etc/evidence-vault'))).toBeNull();
  });

  it('accepts only the installation record install.sh writes', () => {
    expect(parseInstallation(installed)).toEqual(installed);
    expect(parseInstallation({ config: 'relative.json', serviceUser: 'evidence-vault' })).toBeNull();
    expect(parseInstallation({ config: '/etc/x.json', serviceUser: 'root; rm -rf /' })).toBeNull();
    expect(parseInstallation(null)).toBeNull();
  });
});

describe('paths that overlap', () => {
  it('is the same, inside, or holding; a shared prefix is not enough', () => {
    expect(pathsOverlap('/var/lib/ev/vault', '/var/lib/ev/vault')).toBe(true);
    expect(pathsOverlap('/var/lib/ev/vault/现场', '/var/lib/ev/vault')).toBe(true);
    expect(pathsOverlap('/var/lib', '/var/lib/ev/vault')).toBe(true);
    expect(pathsOverlap('/', '/var/lib/ev/vault')).toBe(true);
    expect(pathsOverlap('/var/lib/ev/vault2', '/var/lib/ev/vault')).toBe(false);
    expect(pathsOverlap('/media/recorders/0001234', '/var/lib/ev')).toBe(false);
  });
});
