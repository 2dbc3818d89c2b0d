/**
 * The one headless-Chromium adapter: HTML file → PDF (and PNG, to look at a layout). Debian's
 * `chromium` renders CJK text with the installed fonts and embeds them. Every network-ish feature is
 * switched off: the vault PC is offline and the page is a local file.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { UserError } from '../core/errors.js';
import { startupMessages as sm } from '../core/i18n/startup-messages.js';
import { withOutputUmask } from './output-files.js';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--no-default-browser-check', '--mute-audio'];

export class ChromiumPrinter {
  constructor(
    private readonly bin = 'chromium',
    private readonly timeoutMs = 60_000,
  ) {}

  async pdf(html: string, pdf: string): Promise<void> {
    fs.rmSync(pdf, { force: true });
    await this.run(['--no-pdf-header-footer', '--print-to-pdf-no-header', `--print-to-pdf=${pdf}`, pathToFileURL(html).href]);
    if (!fs.existsSync(pdf) || fs.statSync(pdf).size === 0) throw new Error(`chromium wrote no PDF for ${html}`);
  }

  /** A screenshot at a given window size in CSS pixels (A4 landscape at 96 dpi is 1123 × 794). */
  async png(html: string, png: string, width = 1123, height = 794): Promise<void> {
    fs.rmSync(png, { force: true });
    await this.run(['--hide-scrollbars', `--window-size=${width},${height}`, `--screenshot=${png}`, pathToFileURL(html).href]);
    if (!fs.existsSync(png)) throw new Error(`chromium wrote no screenshot for ${html}`);
  }

  private async run(args: string[]): Promise<void> {
    const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-chromium-'));
    try {
      await new Promise<void>((resolve, reject) => {
        // The PDF is created without world bits (umask at least 0027).
        const child = withOutputUmask(() => spawn(this.bin, [...FLAGS, `--user-data-dir=${profile}`, ...args], { stdio: ['ignore', 'ignore', 'pipe'] }));
        let stderr = '';
        child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr = (stderr + d).slice(-8192)));
        const timer = setTimeout(() => child.kill('SIGKILL'), this.timeoutMs);
        child.on('error', (err) => {
          clearTimeout(timer);
          reject((err as NodeJS.ErrnoException).code === 'ENOENT' ? new UserError(sm.noChromium, sm.noChromiumHint) : err);
        });
        child.on('close', (code, signal) => {
          clearTimeout(timer);
          if (code === 0) resolve();
          else reject(new Error(`chromium failed (${signal ?? code}): ${stderr.split('\n').filter((l) => !/dbus|Fontconfig/i.test(l)).slice(-3).join(' | ')}`));
        });
      });
    } finally {
      fs.rmSync(profile, { recursive: true, force: true });
    }
  }
}
