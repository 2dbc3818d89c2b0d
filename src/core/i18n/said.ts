/** A message with its parameters filled in, in both languages: what an error carries to whoever prints it. */
import { say, type Message } from './messages.js';

export function said<P>(m: Message<P>, ...params: [P] extends [void] ? [] : [P]): { zh: string; en: string } {
  return { zh: say('zh', m, ...params), en: say('en', m, ...params) };
}
