import { describe, expect, it } from 'vitest';
import { codeWithZh, HOLD_REASON_ZH, targetZh } from './code-names.js';
import { HOLD_REASONS } from '../retention-policy.js';

describe('code names', () => {
  it('names a recording or a case target in Chinese, and leaves other targets as they are', () => {
    expect(targetZh('recording:5')).toBe('录像 5');
    expect(targetZh('case:鞍自然执〔2026〕17号')).toBe('案件 鞍自然执〔2026〕17号');
    expect(targetZh('wang')).toBe('wang');
    expect(targetZh('disc:GP2026-0001')).toBe('disc:GP2026-0001');
  });

  it('puts the name beside a code it knows, and leaves an unknown code alone', () => {
    expect(codeWithZh('complaint', HOLD_REASON_ZH)).toBe('complaint（投诉）');
    expect(codeWithZh('toString', HOLD_REASON_ZH)).toBe('toString');
    expect(HOLD_REASONS.every((r) => HOLD_REASON_ZH[r])).toBe(true);
  });
});
