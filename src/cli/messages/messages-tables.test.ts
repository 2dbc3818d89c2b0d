/**
 * Every message table of the interface (src/cli/messages/*.ts and src/core/i18n/*-messages.ts), found
 * on disk so a new table is checked without being listed: each message says something in both
 * languages, the Chinese in Chinese and the English without Chinese (no mixed-language line).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LANGS, say, type Message } from '../../core/i18n/messages.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const DIRS = [here, path.join(here, '..', '..', 'core', 'i18n')];

/** Any parameter a message asks for: strings where a message formats text, numbers elsewhere. */
const SAMPLE = new Proxy({}, { get: (_t, key) => (typeof key === 'string' && /^(date|time|at|number|left|bytes|free|quarter|name|path|file|id|what|reason|to|from|level|role)/i.test(key) ? `«${key}»` : 7) });
const CJK = /[\u3400-\u9fff\uff08\uff09\uff0c\uff1a\uff1b\u3002]/;

function isMessage(v: unknown): v is Message<unknown> {
  return Boolean(v && typeof v === 'object' && 'zh' in v && 'en' in v);
}

async function tables(): Promise<[string, Record<string, unknown>][]> {
  const found: [string, Record<string, unknown>][] = [];
  for (const dir of DIRS) {
    for (const f of fs.readdirSync(dir)) {
      if (!f.endsWith('.ts') || f.endsWith('.test.ts') || (dir !== here && !f.endsWith('-messages.ts'))) continue;
      const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as Record<string, unknown>;
      for (const [name, v] of Object.entries(mod)) if (v && typeof v === 'object' && Object.values(v).some(isMessage)) found.push([`${f}:${name}`, v as Record<string, unknown>]);
    }
  }
  return found;
}

describe('the message tables', () => {
  it('every message is in both languages, Chinese in the Chinese one, none in the English one', async () => {
    const all = await tables();
    expect(all.length).toBeGreaterThan(0);
    for (const [table, messages] of all) {
      for (const [key, m] of Object.entries(messages)) {
        if (!isMessage(m)) continue;
        for (const lang of LANGS) {
          const text = say(lang, m, SAMPLE as never);
          expect(text.trim(), `${table}.${key} ${lang}`).not.toBe('');
          expect(text, `${table}.${key} ${lang}`).not.toMatch(/undefined|\[object/);
          if (lang === 'zh') expect(text, `${table}.${key} zh`).toMatch(CJK);
          else expect(text, `${table}.${key} en`).not.toMatch(CJK);
        }
      }
    }
  });
});
