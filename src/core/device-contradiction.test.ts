import { describe, expect, it } from 'vitest';
import { contradiction, contradictionRefusal, contradictionSaid, describeContradiction } from './device-contradiction.js';

describe('contradiction', () => {
  it('finds file names that name another recorder', () => {
    const c = contradiction('9999999', ['0001234', '0001234', null], null);
    expect(c).toEqual({ typed: '9999999', namedInFiles: { '0001234': 2 }, volumeRecorder: null });
    expect(describeContradiction(c!)).toContain('2 files name recorder 0001234');
    expect(describeContradiction(c!)).not.toMatch(/[\u4e00-\u9fff]/);
    expect(contradictionSaid(c!).zh).toBe('2 个文件名显示执法记录仪 0001234');
    expect(contradictionRefusal(c!)).toEqual({
      zh: '--device 9999999 与来源不符：2 个文件名显示执法记录仪 0001234；未复制任何文件',
      en: '--device 9999999 contradicts the source: 2 files name recorder 0001234; nothing was copied',
    });
  });
  it('finds a volume that is another registered recorder, even when the names say nothing', () => {
    expect(contradiction('0001235', [null, null], '0001234')?.volumeRecorder).toBe('0001234');
  });
  it('is silent when names and volume agree or say nothing', () => {
    expect(contradiction('0001234', ['0001234', null], '0001234')).toBeNull();
    expect(contradiction('0001234', [], null)).toBeNull();
  });
});
