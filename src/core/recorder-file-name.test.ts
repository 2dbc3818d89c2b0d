import { describe, expect, it } from 'vitest';
import { compileFileNamePatterns, DEFAULT_FILE_NAME_PATTERNS, parseRecorderFileName } from './recorder-file-name.js';

const patterns = compileFileNamePatterns(DEFAULT_FILE_NAME_PATTERNS);

describe('recorder file names', () => {
  it('reads device, officer, time and sequence from GA/T 947 style names', () => {
    expect(parseRecorderFileName('0001234_110101_20260515073000_0007.MP4', patterns)).toEqual({
      deviceNumber: '0001234',
      officerId: '110101',
      wallClock: { year: 2026, month: 5, day: 15, hour: 7, minute: 30, second: 0 },
      sequence: 7,
    });
  });

  it('reads a bare timestamp name', () => {
    const facts = parseRecorderFileName('20261101_235959_0001.MP4', patterns);
    expect(facts.deviceNumber).toBeNull();
    expect(facts.wallClock).toEqual({ year: 2026, month: 11, day: 1, hour: 23, minute: 59, second: 59 });
    expect(facts.sequence).toBe(1);
  });

  it('finds a timestamp anywhere in the name', () => {
    expect(parseRecorderFileName('REC20260301120000.WAV', patterns).wallClock?.hour).toBe(12);
  });

  it('ignores impossible dates and names without a time', () => {
    expect(parseRecorderFileName('0001234_110101_20261345073000_0007.MP4', patterns).wallClock).toBeNull();
    expect(parseRecorderFileName('IMG_0001.JPG', patterns)).toEqual({
      deviceNumber: null,
      officerId: null,
      wallClock: null,
      sequence: null,
    });
  });

  it('takes custom patterns', () => {
    const custom = compileFileNamePatterns(['^DEV(?<device>\\d+)-(?<timestamp>\\d{14})']);
    const facts = parseRecorderFileName('DEV42-20260102030405.mp4', custom);
    expect(facts.deviceNumber).toBe('42');
    expect(facts.wallClock?.day).toBe(2);
  });
});
