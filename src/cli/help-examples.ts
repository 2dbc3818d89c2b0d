/** The text after a command's options: its examples as typed, then notes in the run's language. */
import { t } from './language.js';
import { commonMessages as c } from './messages/common-a.js';

export function examples(lines: readonly string[], ...notes: string[]): string {
  const title = t(lines.length > 1 ? c.examples : c.example);
  return `\n${title}\n${lines.map((l) => `  ${l}`).join('\n')}${notes.length ? `\n\n${notes.join('\n')}` : ''}`;
}

/** A table's column titles, kept in a message as "A|B|C". */
export function headers(text: string): string[] {
  return text.split('|');
}
