/**
 * Red team for issues 15 and 16 (the dock screen and `status --html`, the small-file path, the
 * findings stream, the run's language, the developer scripts): holes found by attacking what was
 * built, each kept as a test.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { filesBelow } from './support/files.js';
import { makeWorkspace, runCli } from './support/cli.js';
import { startDaemon, withDockConfig } from './support/daemon.js';
import { waitFor } from './support/wait.js';

describe('red team 16: the service\'s dock screen never written into the vault', { timeout: 120_000 }, () => {
  const ws = makeWorkspace('ev-red16-screen-');
  afterAll(() => ws.cleanup());

  it('refuses a page folder swapped for a link into the vault, and a config naming one through a link', async () => {
    const screen = path.join(ws.dir, 'screen');
    fs.mkdirSync(screen);
    withDockConfig(ws.config, ws.dir, { dockScreen: path.join(screen, 'dock-screen.html') });
    const before = filesBelow(ws.vault).sort();
    const daemon = startDaemon(ws.config);
    try {
      await waitFor('the first page', () => fs.existsSync(path.join(screen, 'dock-screen.html')), 30_000, 50);
      // Someone who can write the page's folder swaps it for a link to the vault.
      fs.renameSync(screen, `${screen}.old`);
      fs.symlinkSync(ws.vault, screen);
      const inVault = path.join(ws.vault, 'dock-screen.html');
      await waitFor('the refusal in the log, or a page in the vault', () => fs.existsSync(inVault) || /dock screen[^\n]*lies in the protected folder/.test(daemon.stderr()), 30_000, 50);
      expect(fs.existsSync(inVault), 'a page written into the vault').toBe(false);
      expect(filesBelow(ws.vault).sort()).toEqual(before);
    } finally {
      daemon.child.kill('SIGTERM');
      await daemon.exited;
    }
    // The service's last page (written as it stops) went nowhere near the vault either.
    expect(filesBelow(ws.vault).sort()).toEqual(before);
  });
});

describe('red team 16: status --html as a careless person types it', { timeout: 60_000 }, () => {
  const ws = makeWorkspace('ev-red16-html-');
  afterAll(() => ws.cleanup());
  const status = (...args: string[]) => runCli(['--config', ws.config, 'status', ...args]);

  it('refuses a name that is not .html in one language at a time', () => {
    const en = status('--html', path.join(ws.dir, 'page.txt'), '--lang', 'en');
    expect(en.status).toBe(2);
    expect(en.stderr).toContain('the page is HTML; name the file .html');
    expect(en.stderr, 'no Chinese in the English').not.toMatch(/[\u4e00-\u9fff]/);
    const zh = status('--html', path.join(ws.dir, 'page.txt'), '--lang', 'zh');
    expect(zh.status).toBe(2);
    expect(zh.stderr).toContain('文件名须以 .html 结尾');
    expect(zh.stderr).not.toContain('the page is HTML');
  });

  it('writes Page.HTML under the name typed, and then refuses to overwrite it', () => {
    const page = path.join(ws.dir, 'out', 'Page.HTML');
    const first = status('--html', page, '--lang', 'en');
    expect(first.status, first.stderr).toBe(0);
    expect(fs.readdirSync(path.dirname(page))).toEqual(['Page.HTML']);
    const again = status('--html', page, '--lang', 'en');
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('never overwritten');
  });
});
