/**
 * The language of this run, chosen once at start: `--lang`, else the config's `language`, else the
 * locale, else Chinese. Everything the CLI prints for a person goes through `t`; `--json` never does.
 */
import { isBadLanguageFlag, resolveLanguage } from '../core/i18n/language.js';
import { say, type Lang, type Message } from '../core/i18n/messages.js';
import type { Said } from '../core/errors.js';
import { codeWithZh } from '../core/i18n/code-names.js';

let current: Lang = 'zh';

export function language(): Lang {
  return current;
}

/** The text of a message in this run's language. */
export function t<P>(m: Message<P>, ...params: [P] extends [void] ? [] : [P]): string {
  return say(current, m, ...params);
}

/** A code (what an option takes, what --json carries): in Chinese with its name beside it, in English as it is. */
export function coded(code: string, namesZh: Readonly<Record<string, string>>): string {
  return current === 'zh' ? codeWithZh(code, namesZh) : code;
}

/** A sentence already in both languages (an error's message or hint). */
export function tell(s: Said): string {
  return s[current];
}

/** A global option's value as typed, `--name X` or `--name=X` (the last one wins, as commander's options do). */
export function optionValue(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === name) value = argv[i + 1];
    else if (a.startsWith(`${name}=`)) value = a.slice(name.length + 1);
  }
  return value;
}

/**
 * Choose and keep the run's language. A `--lang` that is neither zh nor en is returned as `bad`
 * (the caller refuses it, in the language the rest would have chosen).
 */
export function chooseLanguage(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  configured: (configFlag: string | undefined, configEnv: string | undefined) => Lang | null,
): { lang: Lang; bad: string | null } {
  const flag = optionValue(argv, '--lang');
  const bad = isBadLanguageFlag(flag) ? flag! : null;
  current = resolveLanguage({
    flag: bad ? null : flag,
    configLanguage: configured(optionValue(argv, '--config'), env.EVIDENCE_VAULT_CONFIG),
    env: { LANGUAGE: env.LANGUAGE, LC_ALL: env.LC_ALL, LC_MESSAGES: env.LC_MESSAGES, LANG: env.LANG },
  });
  return { lang: current, bad };
}
