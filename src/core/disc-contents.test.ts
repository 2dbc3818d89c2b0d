import { describe, expect, it } from 'vitest';
import { discReadme } from './disc-contents.js';
import { findAnchorInText } from './audit-anchor.js';

const facts = {
  discNumber: 'GP2026-0003',
  registerNumber: 'JL2026-0003',
  part: 1,
  parts: 2,
  caseNumber: '鞍自然执〔2026〕17号',
  unitName: null,
  recordings: 4,
  issuedAt: '2026-05-20T09:00:00+08:00',
  auditHead: { seq: 42, hash: 'ab'.repeat(32) },
};

describe('the disc README', () => {
  it('is in the vault\'s language, Chinese by default, one language a line', () => {
    const zh = discReadme(facts);
    expect(zh).toBe(discReadme(facts, 'zh'));
    expect(zh).toContain('光盘编号：GP2026-0003（第 1 张，共 2 张）');
    expect(zh).toContain(`审计链头：#42 ${'ab'.repeat(32)}`);
    expect(zh).toContain('单位：（未填）');
    // `audit verify --anchor` finds the head in either language's note.
    expect(findAnchorInText(zh)).toEqual({ seq: 42, hash: 'ab'.repeat(32), at: null });
    expect(findAnchorInText(discReadme(facts, 'en'))).toEqual({ seq: 42, hash: 'ab'.repeat(32), at: null });
    // Commands, file names and OK stay as typed; no English sentence.
    for (const line of zh.split('\r\n')) expect(line).not.toMatch(/\b(the|of|and|must|every)\b/i);
    const en = discReadme(facts, 'en');
    expect(en).toContain('Disc: GP2026-0003 (disc 1 of 2)');
    expect(en).toContain('Unit: (not given)');
    // Only names that are Chinese by rule (the case number, the footage folder, the register's file name) in English lines.
    for (const line of en.split('\r\n')) expect(line.replace(/鞍自然执〔2026〕17号|现场执法记录仪影像资料|同步录音录像摄录情况记录表/g, '')).not.toMatch(/[\u3400-\u9fff\uff08\uff09\uff0c\uff1a]/);
    expect(en.split('\r\n').every((l) => !l.includes('\n'))).toBe(true);
  });
});
