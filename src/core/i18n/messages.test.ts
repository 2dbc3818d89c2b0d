import { describe, expect, it } from 'vitest';
import { LANGS, message, say, translator, type Message } from './messages.js';
import { isBadLanguageFlag, resolveLanguage } from './language.js';
import { screenMessages } from './screen-messages.js';

/** Every table the interface uses; a new table is added here so its messages are checked too. */
const TABLES: Record<string, Record<string, Message<never> | Message<void>>> = { screen: screenMessages };

/** Sample parameters: each message is rendered with every key a message could ask for. */
const SAMPLE = new Proxy({}, { get: (_t, key) => (typeof key === 'string' && /^(date|time|at|number|left|bytes|free|quarter)$/.test(key) ? `«${key}»` : 7) });

const CJK = /[\u3400-\u9fff\uff08\uff09\uff0c]/;

describe('the message table', () => {
  it('every message exists in both languages, Chinese in the Chinese one and no Chinese in the English one', () => {
    for (const [table, messages] of Object.entries(TABLES)) {
      for (const [key, m] of Object.entries(messages)) {
        for (const lang of LANGS) {
          const text = say(lang, m as Message<unknown>, SAMPLE);
          expect(text.trim(), `${table}.${key} ${lang}`).not.toBe('');
          expect(text, `${table}.${key} ${lang}`).not.toMatch(/undefined|\[object/);
          if (lang === 'zh') expect(text, `${table}.${key} zh`).toMatch(CJK);
          else expect(text, `${table}.${key} en`).not.toMatch(CJK);
        }
      }
    }
  });

  it('a message missing a language, or with parameters in one language only, does not type-check', () => {
    // @ts-expect-error -- no English
    const onlyChinese = message({ zh: '已完成' });
    // @ts-expect-error -- the English takes a parameter the message does not declare
    const unevenParams = message({ zh: '已完成', en: (p: { n: number }) => `${p.n} done` });
    const withParams = message<{ n: number }>({ zh: (p) => `${p.n} 个`, en: (p) => `${p.n} files` });
    // @ts-expect-error -- a message with parameters is not said without them
    const missing = () => say('en', withParams);
    expect([onlyChinese, unevenParams, typeof missing]).toHaveLength(3);
    expect(translator('en').t(withParams, { n: 2 })).toBe('2 files');
    expect(translator('zh').t(withParams, { n: 2 })).toBe('2 个');
  });
});

describe('resolveLanguage', () => {
  it('takes --lang first, then the config, then the locale, else Chinese', () => {
    expect(resolveLanguage({ flag: 'en', configLanguage: 'zh', env: { LANG: 'zh_CN.UTF-8' } })).toBe('en');
    expect(resolveLanguage({ flag: 'zh', configLanguage: 'en', env: { LANG: 'en_US.UTF-8' } })).toBe('zh');
    expect(resolveLanguage({ configLanguage: 'en', env: { LANG: 'zh_CN.UTF-8' } })).toBe('en');
    expect(resolveLanguage({ env: { LANG: 'en_GB.UTF-8' } })).toBe('en');
    expect(resolveLanguage({ env: { LANG: 'zh_CN.UTF-8' } })).toBe('zh');
    expect(resolveLanguage({ env: {} })).toBe('zh');
    expect(resolveLanguage({})).toBe('zh');
  });

  it('reads the locale as POSIX does: LC_ALL over LC_MESSAGES over LANG; C or an unknown language is Chinese', () => {
    expect(resolveLanguage({ env: { LC_ALL: 'zh_CN.UTF-8', LC_MESSAGES: 'en_US.UTF-8', LANG: 'en_US.UTF-8' } })).toBe('zh');
    expect(resolveLanguage({ env: { LC_MESSAGES: 'en_US.UTF-8', LANG: 'zh_CN.UTF-8' } })).toBe('en');
    expect(resolveLanguage({ env: { LC_ALL: '', LANG: 'en_US' } })).toBe('en');
    expect(resolveLanguage({ env: { LC_ALL: 'C', LANG: 'en_US.UTF-8' } })).toBe('zh');
    expect(resolveLanguage({ env: { LANG: 'de_DE.UTF-8' } })).toBe('zh');
    expect(resolveLanguage({ env: { LANG: 'english' } })).toBe('en');
    // GNU's LANGUAGE list comes first, its first language spoken here; C.UTF-8 alone says nothing (Chinese).
    expect(resolveLanguage({ env: { LANGUAGE: 'en', LANG: 'C.UTF-8' } })).toBe('en');
    expect(resolveLanguage({ env: { LANGUAGE: 'fr:zh_CN:en', LANG: 'en_US.UTF-8' } })).toBe('zh');
    expect(resolveLanguage({ env: { LANGUAGE: '', LANG: 'en_US.UTF-8' } })).toBe('en');
    expect(resolveLanguage({ flag: 'zh', env: { LANGUAGE: 'en' } })).toBe('zh');
    expect(resolveLanguage({ env: { LANG: 'zh_TW.UTF-8' } })).toBe('zh');
    // "enx" or "zhe" are not languages this program speaks
    expect(resolveLanguage({ flag: 'enx', env: { LANG: 'zhe' } })).toBe('zh');
  });

  it('a --lang that is neither is told apart (the command refuses it)', () => {
    expect(isBadLanguageFlag('fr')).toBe(true);
    expect(isBadLanguageFlag('EN')).toBe(false);
    expect(isBadLanguageFlag(undefined)).toBe(false);
  });
});
