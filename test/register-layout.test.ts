/**
 * The register as a person sees it, rendered by the real headless Chromium: A4 landscape, Chinese
 * glyphs embedded, and no cell whose text overflows its column at the printed width.
 * Set REGISTER_SCREENSHOT=file.png / REGISTER_PDF=file.pdf to keep them for a look.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildRegister, type RegisterSource } from '../src/core/register-form.js';
import { registerHtml } from '../src/core/register-form-html.js';
import type { Recording } from '../src/core/types.js';
import { ChromiumPrinter } from '../src/adapters/chromium-print.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-layout-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function source(i: number): RegisterSource {
  const name = `0001234_110101_202605150${i % 10}3000_${String(i).padStart(4, '0')}.MP4`;
  const recording: Recording = {
    id: 100 + i,
    sha256: (i.toString(16) + 'c0ffee').repeat(10).slice(0, 64).padEnd(64, 'a'),
    size: 1_234_567_890 + i,
    vaultPath: `现场执法记录仪影像资料/2026/05/15/0001234/${name}`,
    originalName: name,
    sourcePath: name,
    deviceNumber: '0001234',
    officerId: '110101',
    startedAt: `2026-05-15T0${i % 10}:30:00+08:00`,
    startedAtSource: 'file-name',
    localDate: '2026-05-15',
    durationSeconds: i === 3 ? null : 1805.2,
    format: 'mov,mp4,m4a,3gp,3g2,mj2',
    videoCodec: 'hevc',
    audioCodec: 'aac',
    width: 1920,
    height: 1080,
    probeError: null,
    ingestedAt: '2026-05-15T18:00:00+08:00',
    sessionId: 1,
    flags: [],
  };
  return {
    recording,
    discPath: recording.vaultPath,
    device: { number: '0001234', brand: '海康威视（HIKVISION）', model: 'DSJ-A8 执法记录仪', serial: null, createdAt: '' },
    wearer: { id: '110101', name: '欧阳明远', unit: null, createdAt: '' },
    otherOfficers: ['李四', '司马相如'],
    metadataPlace: i % 2 ? '北纬41.10870° 东经122.99460°（GPS）' : null,
    givenPlace: i % 2 || i === 4 ? null : '鞍山市千山区大屯镇某村东侧耕地（违法占地现场，约 3.2 亩）',
  };
}

const register = buildRegister(
  {
    registerNumber: 'JL2026-0012',
    discNumber: 'GP2026-0012',
    part: 1,
    parts: 2,
    case: { number: '鞍自然执〔2026〕17号', title: '某公司未经批准占用集体土地建设厂房案' },
    unitName: '鞍山市自然资源局执法支队',
    issuedAt: '2026-06-02T10:00:00+08:00',
    auditHead: { seq: 4211, hash: '9f'.repeat(32) },
  },
  Array.from({ length: 9 }, (_, i) => source(i + 1)),
  'Asia/Shanghai',
);

describe('register layout in headless Chromium', () => {
  const html = path.join(dir, '同步录音录像摄录情况记录表.html');
  fs.writeFileSync(html, registerHtml(register));

  it('prints to A4 landscape PDF with the CJK font embedded', async () => {
    const pdf = path.join(dir, 'register.pdf');
    await new ChromiumPrinter().pdf(html, pdf);
    const info = spawnSync('pdfinfo', [pdf], { encoding: 'utf8' });
    expect(info.status).toBe(0);
    expect(info.stdout).toMatch(/Page size:\s+841\.\d+ x 59[45]\.\d+ pts \(A4\)/);
    const pages = Number(/Pages:\s+(\d+)/.exec(info.stdout)![1]);
    expect(pages).toBeGreaterThanOrEqual(1);
    expect(pages).toBeLessThanOrEqual(3);
    const fonts = spawnSync('pdffonts', [pdf], { encoding: 'utf8' }).stdout;
    expect(fonts).toMatch(/(WenQuanYi|Noto\w*CJK|SourceHan)\S*\s+CID TrueType|CJK/i);
    const text = spawnSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).stdout;
    expect(text).toContain('同步录音录像摄录情况记录表');
    expect(text).toContain('单位（盖章）');
    if (process.env.REGISTER_PDF) fs.copyFileSync(pdf, process.env.REGISTER_PDF);
  });

  it('no cell overflows its column at the printed width (277 mm = 1047 CSS px)', () => {
    const probe = path.join(dir, 'probe.html');
    const script = `<script>
      const cells = [...document.querySelectorAll('th, td')].filter((c) => c.scrollWidth > c.clientWidth + 1).map((c) => c.textContent);
      const table = document.querySelector('table.rows');
      document.body.setAttribute('data-overflow', JSON.stringify({ cells, table: table.scrollWidth > document.body.clientWidth + 1 }));
    </script>`;
    fs.writeFileSync(probe, registerHtml(register).replace('</body>', `${script}</body>`));
    const profile = fs.mkdtempSync(path.join(dir, 'profile-'));
    const r = spawnSync('chromium', ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', `--user-data-dir=${profile}`, '--window-size=1047,800', '--dump-dom', `file://${probe}`], { encoding: 'utf8' });
    const found = /data-overflow="([^"]*)"/.exec(r.stdout);
    expect(found, r.stderr).not.toBeNull();
    expect(JSON.parse(found![1]!.replace(/&quot;/g, '"'))).toEqual({ cells: [], table: false });
  });

  it('screenshots the page as a person would see it', async () => {
    const png = path.join(dir, 'register.png');
    await new ChromiumPrinter().png(html, png, 1123, 794);
    const head = fs.readFileSync(png).subarray(0, 24);
    expect(head.subarray(1, 4).toString()).toBe('PNG');
    expect([head.readUInt32BE(16), head.readUInt32BE(20)]).toEqual([1123, 794]);
    if (process.env.REGISTER_SCREENSHOT) fs.copyFileSync(png, process.env.REGISTER_SCREENSHOT);
  });
});
