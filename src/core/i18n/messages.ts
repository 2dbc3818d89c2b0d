/**
 * The typed message table: every human-facing text is defined once, in Simplified Chinese and in
 * English. A message missing either language, or whose two languages take different parameters, does
 * not type-check. Pure.
 */

export type Lang = 'zh' | 'en';
export const LANGS: readonly Lang[] = ['zh', 'en'];

/** One language's text: a fixed string, or a function of the message's parameters. */
export type Text<P> = [P] extends [void] ? string : (p: P) => string;

/** A message in both languages; `P` is its parameters (void: none). */
export interface Message<P = void> {
  readonly zh: Text<P>;
  readonly en: Text<P>;
}

/** Define a message: both languages required, the same parameters in both. */
export function message<P = void>(m: Message<P>): Message<P> {
  return m;
}

/** A table of messages; `defineMessages` keeps each one's own parameter type. */
export function defineMessages<T extends Record<string, Message<any>>>(table: T): T {
  return table;
}

/** The text of `m` in `lang`, with its parameters. */
export function say<P>(lang: Lang, m: Message<P>, ...params: [P] extends [void] ? [] : [P]): string {
  const text = m[lang] as string | ((p: P) => string);
  return typeof text === 'string' ? text : text(params[0] as P);
}

/** A translator bound to one language. */
export interface Translator {
  readonly lang: Lang;
  t<P>(m: Message<P>, ...params: [P] extends [void] ? [] : [P]): string;
}

export function translator(lang: Lang): Translator {
  return { lang, t: (m, ...params) => say(lang, m, ...params) };
}
