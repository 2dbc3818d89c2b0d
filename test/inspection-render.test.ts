/**
 * The inspection page as the head of department sees it, rendered by the real headless Chromium from
 * the file `report inspection` wrote: no console error, nothing fetched, Chinese glyphs in a CJK
 * font, and both charts drawn (their pixels looked at in a screenshot).
 * Set INSPECTION_SCREENSHOT=file.png to keep the screenshot for a look.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChromiumPrinter } from '../src/adapters/chromium-print.js';
import { makeWorkspace, runCli } from './support/cli.js';
import { seedInspectionCatalogue } from './support/inspection-catalogue.js';
import { decodePng } from './support/png.js';

const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--force-device-scale-factor=1', '--hide-scrollbars'];

describe('the inspection page in headless Chromium', () => {
  let ws: ReturnType<typeof makeWorkspace>;
  let html: string;
  const chromium = (args: string[]) => {
    const profile = fs.mkdtempSync(path.join(ws.dir, 'profile-'));
    return spawnSync('chromium', [...FLAGS, `--user-data-dir=${profile}`, ...args], { encoding: 'utf8', timeout: 60_000 });
  };

  beforeAll(async () => {
    ws = makeWorkspace('ev-inspection-page-');
    await seedInspectionCatalogue(ws.config);
    const r = runCli(['--config', ws.config, 'report', 'inspection', '--from', '2026-03-02', '--to', '2026-03-08', '--out', path.join(ws.dir, 'out')]);
    expect(r.status, r.stderr).toBe(0);
    html = path.join(ws.dir, 'out', 'inspection-2026-03-02-2026-03-08.html');
  });
  afterAll(() => ws.cleanup());

  it('loads with no console error and fetches nothing', () => {
    // A probe in front of the page catches every error (scripts, resources) and console.error call.
    const probe = path.join(ws.dir, 'probe.html');
    const catcher = `<script>window.__errors=[];addEventListener('error',e=>__errors.push(String(e.message||(e.target&&(e.target.src||e.target.href))||'error')),true);
      const ce=console.error;console.error=(...a)=>{__errors.push(a.join(' '));ce(...a)};
      addEventListener('load',()=>{const svg=[...document.querySelectorAll('svg.chart')].map(s=>s.getBoundingClientRect().width>100&&s.querySelectorAll('rect').length);
      document.documentElement.setAttribute('data-probe',JSON.stringify({errors:__errors,svg,resources:performance.getEntriesByType('resource').map(r=>r.name)}))});</script>`;
    fs.writeFileSync(probe, fs.readFileSync(html, 'utf8').replace('<head>', `<head>${catcher}`));
    const r = chromium(['--enable-logging=stderr', '--v=0', '--virtual-time-budget=2000', '--dump-dom', `file://${probe}`]);
    const found = /data-probe="([^"]*)"/.exec(r.stdout);
    expect(found, r.stderr).not.toBeNull();
    const result = JSON.parse(found![1]!.replace(/&quot;/g, '"').replace(/&amp;/g, '&')) as { errors: string[]; svg: (number | false)[]; resources: string[] };
    expect(result.errors).toEqual([]);
    expect(result.resources).toEqual([]);
    expect(result.svg).toHaveLength(2);
    expect(result.svg.every((n) => typeof n === 'number' && n > 0)).toBe(true);
    // Chromium's own log of the unmodified page: no console message at error level, no failed load.
    const plain = chromium(['--enable-logging=stderr', '--v=0', '--dump-dom', `file://${html}`]);
    expect(plain.status).toBe(0);
    expect(plain.stderr).not.toMatch(/CONSOLE.*(Uncaught|Error)|Failed to load resource|ERR_/);
  });

  it('prints its Chinese in an embedded CJK font', async () => {
    const pdf = path.join(ws.dir, 'inspection.pdf');
    await new ChromiumPrinter().pdf(html, pdf);
    const fonts = spawnSync('pdffonts', [pdf], { encoding: 'utf8' }).stdout;
    expect(fonts).toMatch(/(Noto\w*CJK|WenQuanYi|SourceHan)/i);
    const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout;
    for (const words of ['执法记录仪使用情况检查报告', '张三', '李四', '交存日历', '配备比例']) expect(text).toContain(words);
  });

  it('draws the bars per officer and the docked-days calendar (screenshot pixels)', () => {
    // Where the charts are on the page, then a screenshot of the whole page at that size.
    const probe = path.join(ws.dir, 'where.html');
    const where = `<script>addEventListener('load',()=>{const r=id=>{const b=document.getElementById(id).getBoundingClientRect();return [b.left,b.top+scrollY,b.width,b.height].map(Math.round)};
      document.documentElement.setAttribute('data-where',JSON.stringify({bars:r('officer-bars'),calendar:r('dock-calendar'),height:document.documentElement.scrollHeight}))});</script>`;
    fs.writeFileSync(probe, fs.readFileSync(html, 'utf8').replace('</body>', `${where}</body>`));
    const dom = chromium(['--window-size=1200,900', '--dump-dom', `file://${probe}`]);
    const at = JSON.parse(/data-where="([^"]*)"/.exec(dom.stdout)![1]!.replace(/&quot;/g, '"')) as { bars: number[]; calendar: number[]; height: number };
    const png = path.join(ws.dir, 'page.png');
    const shot = chromium([`--window-size=1200,${at.height}`, `--screenshot=${png}`, `file://${html}`]);
    expect(fs.existsSync(png), shot.stderr).toBe(true);
    if (process.env.INSPECTION_SCREENSHOT) fs.copyFileSync(png, process.env.INSPECTION_SCREENSHOT);
    const pic = decodePng(fs.readFileSync(png));
    expect(pic.width).toBe(1200);
    const count = (box: number[], match: (c: [number, number, number]) => boolean) => {
      const [x0, y0, w, h] = box as [number, number, number, number];
      let n = 0;
      for (let y = y0; y < Math.min(pic.height, y0 + h); y++) for (let x = x0; x < Math.min(pic.width, x0 + w); x++) if (match(pic.rgb(x, y))) n++;
      return n;
    };
    const near = (want: [number, number, number]) => (c: [number, number, number]) => c.every((v, i) => Math.abs(v - want[i]!) <= 12);
    // Three officers with an hour each and one unattributed minute: three long bars.
    expect(count(at.bars, near([0x2b, 0x6c, 0xb0]))).toBeGreaterThan(3 * 200 * 15);
    // The calendar: working days with nothing docked (red), days with every recorder docked (dark green), days off (grey).
    const cell = 22 * 22 * 0.8;
    expect(count(at.calendar, near([0xf5, 0x65, 0x65]))).toBeGreaterThan(2 * cell);
    expect(count(at.calendar, near([0x68, 0xd3, 0x91])) + count(at.calendar, near([0x27, 0x67, 0x49]))).toBeGreaterThan(3 * cell);
    expect(count(at.calendar, near([0xe2, 0xe8, 0xf0]))).toBeGreaterThan(2 * cell);
    // A blank page would have nothing but white there.
    expect(count(at.calendar, (c) => c.some((v) => v < 200))).toBeGreaterThan(5 * cell);
  });
});
