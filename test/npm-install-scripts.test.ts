/**
 * npm 11 runs a dependency's install script only when package.json "allowScripts" approves it; .npmrc
 * makes any other one fail the install. The approvals must name exactly the packages the lockfile
 * says have install scripts: better-sqlite3 and usb (native builds), nothing else. No network here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './support/cli.js';

const read = (name: string) => fs.readFileSync(path.join(PROJECT_ROOT, name), 'utf8');

describe('npm install scripts', () => {
  const pkg = JSON.parse(read('package.json')) as { allowScripts?: Record<string, unknown> };
  const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { hasInstallScript?: boolean }> };

  it('approves exactly better-sqlite3 and usb, by name (the lockfile has no resolved URLs to pin a version against)', () => {
    expect(pkg.allowScripts).toEqual({ 'better-sqlite3': true, usb: true });
  });

  it('the lockfile has no other package with an install script', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([, p]) => p.hasInstallScript === true)
      .map(([where]) => where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length))
      .sort();
    expect(withScripts).toEqual(['better-sqlite3', 'usb']);
    expect(Object.keys(pkg.allowScripts ?? {}).sort()).toEqual(withScripts);
  });

  it('.npmrc makes an unapproved install script fail the install', () => {
    const settings = read('.npmrc')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('#') && !l.startsWith(';'));
    expect(settings).toContain('strict-allow-scripts=true');
  });
});
