/**
 * A finding's `detail` is the English sentence (--json keeps it, language-neutral); its words in both
 * languages are kept beside the finding, not in it, for the text a person reads. A detail with one
 * wording (a system error's text) is the same in both. Pure.
 */
import type { Said } from '../errors.js';
import { say, type Message } from './messages.js';

const words = new WeakMap<object, Said>();

/** `finding` with `detail` the English of `m`, its words in both languages kept beside it. */
export function withDetail<T extends object, P>(finding: T, m: Message<P>, ...params: [P] extends [void] ? [] : [P]): T & { detail: string } {
  const said = { zh: say('zh', m, ...params), en: say('en', m, ...params) };
  const out = Object.assign(finding, { detail: said.en });
  words.set(out, said);
  return out;
}

/** A finding's detail in both languages (its plain `detail` when it has no words kept), or null. */
export function detailSaid(finding: { detail?: string }): Said | null {
  return words.get(finding) ?? (finding.detail === undefined ? null : { zh: finding.detail, en: finding.detail });
}
