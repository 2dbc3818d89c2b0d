import { describe, expect, it } from 'vitest';
import { gapRemark, gapSectionHtml, type RegisterGap } from './register-gaps.js';

const gap = (id: string, position: 'before' | 'after', explanation: RegisterGap['explanation']): RegisterGap => ({
  id,
  position,
  startedAt: '2026-05-15T07:10:00+08:00',
  endedAt: '2026-05-15T07:15:00+08:00',
  seconds: 300,
  explanation,
});

describe('gaps on the register (R5, P16)', () => {
  it('says where recording stopped, for how long, and why, or that nobody explained it', () => {
    expect(gapRemark(gap('1-2', 'after', { reason: 'battery', text: '电池耗尽<换电池>' }))).toBe('此后中断 5分0秒（2026-05-15 07:10:00 至 2026-05-15 07:15:00）：电量耗尽，电池耗尽<换电池>');
    expect(gapRemark(gap('1-2', 'before', null))).toContain('此前中断 5分0秒');
    expect(gapRemark(gap('1-2', 'before', null))).toMatch(/：未说明$/);
  });

  it('lists each gap once with the rows around it, escaped, and unexplained ones marked', () => {
    const html = gapSectionHtml([
      { seq: 1, recordingId: 1, gaps: [gap('1-2', 'after', { reason: 'battery', text: '<b>x</b>' })] },
      { seq: 2, recordingId: 2, gaps: [gap('1-2', 'before', { reason: 'battery', text: '<b>x</b>' }), gap('2-3', 'after', null)] },
      { seq: 3, recordingId: 3, gaps: [] },
    ]);
    expect(html).toContain('共 2 处，未说明 1 处');
    expect(html).toContain('序号 1、2（中断编号 1-2）');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
    expect(html).toContain('（须书面说明）');
    expect(gapSectionHtml([{ seq: 1, recordingId: 1, gaps: [] }])).toBe('');
  });
});
