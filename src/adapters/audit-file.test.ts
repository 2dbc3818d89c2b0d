import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AuditFile } from './audit-file.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-audit-file-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let n = 0;
function tailOf(text: string | Buffer): { lastSeq: number; torn: boolean } {
  const file = path.join(dir, `trail-${++n}.jsonl`);
  fs.writeFileSync(file, text);
  return new AuditFile(file).tail();
}

const line = (seq: number, extra = '') => `${JSON.stringify({ seq, action: 'ingest.file', target: `现场执法记录仪影像资料/${seq}${extra}` })}\n`;

describe('the trail file\u2019s tail', () => {
  it('finds the last complete entry, past a torn line, blank and damaged lines, and says whether the file ends torn', () => {
    expect(new AuditFile(path.join(dir, 'none.jsonl')).tail()).toEqual({ lastSeq: 0, torn: false });
    expect(tailOf('')).toEqual({ lastSeq: 0, torn: false });
    expect(tailOf(line(1) + line(2))).toEqual({ lastSeq: 2, torn: false });
    expect(tailOf(line(1) + line(2) + '{"seq":3,"act')).toEqual({ lastSeq: 2, torn: true });
    expect(tailOf(line(1) + '\n\n' + line(2) + '  \n\n')).toEqual({ lastSeq: 2, torn: false });
    expect(tailOf(line(1) + line(2) + '{"seq":3 damaged}\n')).toEqual({ lastSeq: 2, torn: false });
    expect(tailOf(line(7))).toEqual({ lastSeq: 7, torn: false });
    expect(tailOf('{"seq":1,"torn')).toEqual({ lastSeq: 0, torn: true });
    expect(tailOf('\n')).toEqual({ lastSeq: 0, torn: false });
  });

  it('reads only the last 256 KiB: a long trail\u2019s last entry, with a line cut by the window before it', () => {
    const lines = Array.from({ length: 4000 }, (_, i) => line(i + 1, '-'.repeat(i % 97)));
    expect(tailOf(lines.join(''))).toEqual({ lastSeq: 4000, torn: false });
    expect(tailOf(lines.join('') + '{"seq":4001')).toEqual({ lastSeq: 4000, torn: true });
  });
});
