/**
 * Which language a run speaks: `--lang`, else the config's `language`, else the locale
 * (LC_ALL, then LC_MESSAGES, then LANG, as POSIX orders them), else Chinese. Pure. Before the locale,
 * GNU's LANGUAGE (a list such as `en:zh`: its first language this program speaks), which names a
 * language without needing that locale installed.
 */
import type { Lang } from './messages.js';

export interface LanguageInputs {
  flag?: string | null;
  configLanguage?: Lang | null;
  env?: { LANGUAGE?: string; LC_ALL?: string; LC_MESSAGES?: string; LANG?: string };
}

/** A `--lang` value or a locale name as a language, or null when it names neither. */
export function languageOf(value: string | undefined | null): Lang | null {
  if (!value) return null;
  const v = value.trim().toLowerCase();
  if (/^zh([_.@-]|$)/.test(v) || v === 'chinese') return 'zh';
  if (/^en([_.@-]|$)/.test(v) || v === 'english') return 'en';
  return null;
}

/** True when `--lang` was given something other than zh or en (the caller refuses it). */
export function isBadLanguageFlag(flag: string | undefined | null): boolean {
  return flag !== undefined && flag !== null && languageOf(flag) === null;
}

export function resolveLanguage(inputs: LanguageInputs): Lang {
  const fromFlag = languageOf(inputs.flag);
  if (fromFlag) return fromFlag;
  if (inputs.configLanguage) return inputs.configLanguage;
  // The first locale variable that is set decides; "C"/"POSIX" say nothing about a language: Chinese.
  const env = inputs.env ?? {};
  const listed = (env.LANGUAGE ?? '').split(':').map(languageOf).find((l) => l !== null);
  if (listed) return listed;
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '');
  return languageOf(locale) ?? 'zh';
}
