/**
 * docs/requirements.md is the key to the rule tags (R…, P…) and architecture invariants the code
 * cites: every one cited in src/, scripts/, systemd/ or README.md must have its row there.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const KEY = 'docs/requirements.md';

/** An article tag such as R3, P25 or R12(3), standing alone (not part of a longer word like P30D). */
const TAG = /(?<![A-Za-z0-9_])([RP]\d+(?:\(\d+\))?)(?![A-Za-z0-9_])/g;
/** "invariant 5", "architecture invariant 4". */
const INVARIANT = /\binvariant (\d+)\b/gi;

function filesIn(rel: string): string[] {
  const abs = path.join(ROOT, rel);
  if (!fs.statSync(abs).isDirectory()) return [rel];
  return (fs.readdirSync(abs, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(ROOT, path.join(e.parentPath, e.name)).split(path.sep).join('/'));
}

/** Each cited tag or invariant with the first place that cites it. */
function citations(): Map<string, string> {
  const cited = new Map<string, string>();
  for (const file of ['src', 'scripts', 'systemd', 'README.md'].flatMap(filesIn).sort()) {
    fs.readFileSync(path.join(ROOT, file), 'utf8')
      .split('\n')
      .forEach((line, i) => {
        const found = [...line.matchAll(TAG)].map((m) => m[1]!).concat([...line.matchAll(INVARIANT)].map((m) => `invariant ${m[1]}`));
        for (const tag of found) if (!cited.has(tag)) cited.set(tag, `${file}:${i + 1}`);
      });
  }
  return cited;
}

/** The first cell of every table row in the key: the tags it explains. */
function keyed(): Set<string> {
  const rows = fs.readFileSync(path.join(ROOT, KEY), 'utf8').split('\n').filter((l) => l.startsWith('|') && !/^\|\s*-/.test(l));
  return new Set(rows.map((l) => l.split('|')[1]!.trim()));
}

describe('requirements key', () => {
  it('explains every rule tag and invariant the code cites', () => {
    const cited = citations();
    expect(cited.size).toBeGreaterThan(10);
    const key = keyed();
    const missing = [...cited].filter(([tag]) => !key.has(tag)).map(([tag, where]) => `${tag} (cited at ${where})`);
    expect(missing, `add a row to ${KEY} for:\n  ${missing.join('\n  ')}\n`).toEqual([]);
  });
});
