import { describe, expect, it } from 'vitest';
import { diskLow, secondsLeft, type DockScreenView } from './dock-screen.js';
import { FINISHED_SHOWN, finishedShown, renderDockScreen } from './dock-screen-html.js';

const view = (over: Partial<DockScreenView> = {}): DockScreenView => ({
  unitName: '某某执法大队',
  date: '2026-11-28',
  time: '17:05:00',
  service: 'running',
  docked: [
    { deviceNumber: '0002001', officer: { id: '110102', name: '李四' }, state: 'ingesting', quarantined: false, files: { done: 1, total: 4 }, bytes: { done: 250, total: 1000 }, secondsLeft: 95, stalledSeconds: null },
    { deviceNumber: null, officer: null, state: 'ingesting', quarantined: true, files: { done: 0, total: 2 }, bytes: { done: 0, total: 10 }, secondsLeft: null, stalledSeconds: null },
  ],
  finishedToday: [
    { deviceNumber: '0001234', officer: { id: '110101', name: '张三' }, outcome: 'done', quarantined: false, at: '16:40', filesStored: 3, bytesStored: 3 * 1024 ** 2, filesAlready: 1, filesLeft: 0 },
    { deviceNumber: '0003001', officer: null, outcome: 'failed', quarantined: false, at: '16:50', filesStored: 2, bytesStored: 100, filesAlready: 0, filesLeft: 2 },
  ],
  notDockedToday: [{ deviceNumber: '0005678', officer: { id: '110103', name: '王五' } }],
  alerts: [{ kind: 'fixity-findings', at: '2026-11-28 02:31', findings: 2 }, { kind: 'quarterly-archive', quarter: '2026Q3', supplement: false, recordings: 40 }],
  refreshSeconds: 3,
  generatedMs: Date.UTC(2026, 10, 28, 9, 5),
  staleAfterSeconds: 23,
  ...over,
});

describe('the dock screen page', () => {
  it('speaks Chinese: each recorder, its officer, its state in words and a sign, progress, time left', () => {
    const html = renderDockScreen(view(), 'zh');
    expect(html).toContain('<html lang="zh-CN">');
    expect(html).toContain('<meta http-equiv="refresh" content="3">');
    for (const words of ['执法记录仪接入情况', '记录仪 0002001', '李四（110102）', '正在导入', '已完成 25%', '1 / 4 个文件', '剩余约 1 分 35 秒', '未登记的记录仪', '隔离存放', '今日已导入', '16:40 完成', '全部存储', '2 个文件仍留在记录仪上', '0005678 · 王五', '完整性检查发现 2 个问题', '2026Q3 季度的音像资料（40 条）尚未归档'])
      expect(html).toContain(words);
    expect(html).toContain('aria-valuenow="25"');
    // Colour is never the only signal: each state carries a sign and a word.
    expect(html).toMatch(/st-ingesting"><span class="sign">▶<\/span>正在导入/);
    expect(html).toMatch(/st-failed"><span class="sign">✖<\/span>未完成/);
    expect(html).toMatch(/st-done"><span class="sign">✔<\/span>已完成/);
  });

  it('says which recorder does not answer (a failing card), that it stays docked and the others go on, with no time left', () => {
    const stalled = view({
      docked: [{ deviceNumber: '0002001', officer: null, state: 'ingesting', quarantined: false, files: { done: 1, total: 4 }, bytes: { done: 250, total: 1000 }, secondsLeft: null, stalledSeconds: 75 }],
    });
    const zh = renderDockScreen(stalled, 'zh');
    expect(zh).toContain('1 分 15 秒无响应，记录仪可能故障：请勿拔出，其余照常导入');
    expect(zh).not.toContain('剩余约');
    expect(renderDockScreen(stalled, 'en')).toContain('not answering for 1 min 15 s, the recorder may be failing: leave it docked, the others go on');
    expect(renderDockScreen(view(), 'zh')).not.toContain('无响应');
  });

  it('speaks English on request, with no Chinese of its own (names are the register\'s)', () => {
    const html = renderDockScreen(view({ unitName: null, notDockedToday: [], finishedToday: [], docked: [view().docked[0]!] }), 'en');
    expect(html).toContain('<html lang="en">');
    for (const words of ['Body-worn recorder dock', 'Recorder 0002001', 'Copying', '25% done', 'about 1 min 35 s left', 'Every recorder in service was docked today', 'The fixity check found 2 problems'])
      expect(html).toContain(words);
    const text = html.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ').replace('李四', '');
    expect(text).not.toMatch(/[\u3400-\u9fff\uff08\uff09\uff0c]/);
  });

  it('escapes every text from the catalogue', () => {
    const html = renderDockScreen(
      view({ unitName: '<script>alert(1)</script>', docked: [], finishedToday: [], notDockedToday: [{ deviceNumber: '"><img src=x onerror=alert(1)>', officer: { id: '1', name: '<b>x</b>' } }] }),
      'zh',
    );
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<img');
    expect(html).not.toContain('<b>x');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  it('fetches nothing: no link, no external source, no url()', () => {
    const html = renderDockScreen(view(), 'zh');
    expect(html).not.toMatch(/<link|src=|href=|url\(|@import|https?:/i);
  });

  it('a page written once neither refreshes nor calls itself stale', () => {
    const html = renderDockScreen(view({ refreshSeconds: null, staleAfterSeconds: null }), 'zh');
    expect(html).not.toContain('http-equiv="refresh"');
    expect(html).not.toContain('<script');
    expect(html).toContain('一次性生成');
  });

  it('a page the service keeps carries its own age limit', () => {
    const html = renderDockScreen(view(), 'zh');
    expect(html).toContain(`Date.now() > ${view().generatedMs + 23_000}`);
  });
});

describe('a busy day on one screen', () => {
  it('lists every session that left something behind, then the newest, and counts the rest', () => {
    const ok = (i: number) => ({ deviceNumber: `D${i}`, officer: null, outcome: 'done' as const, quarantined: false, at: '10:00', filesStored: 1, bytesStored: 1, filesAlready: 0, filesLeft: 0 });
    const rows = [...Array.from({ length: 14 }, (_, i) => ok(i)), { ...ok(99), outcome: 'failed' as const, filesLeft: 3 }];
    const shown = finishedShown(rows);
    expect(shown).toHaveLength(FINISHED_SHOWN);
    expect(shown.map((r) => r.deviceNumber)).toContain('D99');
    const html = renderDockScreen(view({ finishedToday: rows }), 'zh');
    expect(html).toContain('data-more="5"');
    expect(html).toContain('另有 5 次导入已全部存储');
    expect(html).toContain('data-recorder="D99" data-outcome="failed" data-files-left="3"');
  });
});

describe('time left and the disk', () => {
  it('estimates the seconds left from the rate so far', () => {
    expect(secondsLeft(250, 1000, 10)).toBe(30);
    expect(secondsLeft(0, 1000, 10)).toBeNull();
    expect(secondsLeft(1000, 1000, 10)).toBeNull();
  });

  it('calls the disk filling up below 10 % or 5 GiB free', () => {
    expect(diskLow(50 * 1024 ** 3, 100 * 1024 ** 3)).toBeNull();
    expect(diskLow(9 * 1024 ** 3, 100 * 1024 ** 3)).toEqual({ kind: 'disk-low', freeBytes: 9 * 1024 ** 3, percentFree: 9 });
    expect(diskLow(4 * 1024 ** 3, 10 * 1024 ** 3)?.kind).toBe('disk-low');
  });
});
