/**
 * npm 11 runs a dependency's install script only when package.json "allowScripts" approves it; .npmrc
 * makes any other one fail the install. The entries must name exactly the packages the lockfile
 * says have install scripts: better-sqlite3 and usb (native builds) approved, esbuild denied (its
 * postinstall only re-checks the binary its platform package, an optional dependency, already
 * brings, or downloads one where that package is missing). No network here.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './support/cli.js';

const read = (name: string) => fs.readFileSync(path.join(PROJECT_ROOT, name), 'utf8');

describe('npm install scripts', () => {
  const pkg = JSON.parse(read('package.json')) as { allowScripts?: Record<string, unknown> };
  const lock = JSON.parse(read('package-lock.json')) as { packages: Record<string, { hasInstallScript?: boolean }> };

  it('approves exactly better-sqlite3 and usb, by name (the lockfile has no resolved URLs to pin a version against), and denies esbuild', () => {
    expect(pkg.allowScripts).toEqual({ 'better-sqlite3': true, usb: true, esbuild: false });
  });

  it('esbuild works without its install script: its platform binary comes as an optional dependency', () => {
    const lockfile = lock as unknown as { packages: Record<string, { optional?: boolean; dev?: boolean }> };
    const platform = Object.keys(lockfile.packages).filter((where) => where.startsWith('node_modules/@esbuild/'));
    expect(platform).toContain(`node_modules/@esbuild/${process.platform}-${process.arch}`);
    for (const where of platform) expect(lockfile.packages[where], where).toMatchObject({ optional: true, dev: true });
  });

  it('the lockfile has no other package with an install script', () => {
    const withScripts = Object.entries(lock.packages)
      .filter(([, p]) => p.hasInstallScript === true)
      .map(([where]) => where.slice(where.lastIndexOf('node_modules/') + 'node_modules/'.length))
      .sort();
    expect(withScripts).toEqual(['better-sqlite3', 'esbuild', 'usb']);
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
