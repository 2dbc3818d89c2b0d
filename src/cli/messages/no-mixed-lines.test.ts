/**
 * No line of the program's text says a thing in English and then in Chinese ("stored / 已存储"): a
 * person reads one language, chosen once (--lang, the config, the locale). Every human text is a
 * message in both languages instead; this scan of the sources finds the old pattern coming back.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const MIXED = /[a-z)] \/ [\u4e00-\u9fff]/;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('one language a line', () => {
  it('no source line carries English then Chinese after a slash', () => {
    const files = sources(src);
    expect(files.length).toBeGreaterThan(100);
    const mixed = files.flatMap((f) =>
      fs.readFileSync(f, 'utf8').split('\n').flatMap((line, i) => (MIXED.test(line) ? [`${path.relative(src, f)}:${i + 1}: ${line.trim()}`] : [])),
    );
    expect(mixed).toEqual([]);
  });
});
