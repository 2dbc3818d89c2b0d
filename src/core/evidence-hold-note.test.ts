import { describe, expect, it } from 'vitest';
import { evidenceHoldNote, evidenceHoldNoteZh } from './evidence-hold-note.js';

describe('the evidence-use hold note', () => {
  it('reads the note the program made in Chinese, with and without a case', () => {
    expect(evidenceHoldNoteZh('evidence-use', evidenceHoldNote('GP2026-0001', '鞍自然执〔2026〕17号'))).toBe('证据光盘 GP2026-0001（案件 鞍自然执〔2026〕17号）');
    expect(evidenceHoldNoteZh('evidence-use', evidenceHoldNote('GP2026-0002', null))).toBe('证据光盘 GP2026-0002');
  });

  it('leaves a note a person typed, and any other reason\'s note, alone', () => {
    expect(evidenceHoldNoteZh('evidence-use', '当事人申请复制')).toBeNull();
    expect(evidenceHoldNoteZh('other', 'evidence disc GP2026-0001')).toBeNull();
    expect(evidenceHoldNoteZh('evidence-use', null)).toBeNull();
  });
});
