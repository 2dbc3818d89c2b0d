/** Putting sentences that are already in both languages together, language by language. Pure. */
import type { Said } from '../errors.js';

/** "refused: …" / "拒绝：…" before a sentence in both languages. */
export function refusedSaid(s: Said): Said {
  return { zh: `拒绝：${s.zh}`, en: `refused: ${s.en}` };
}

/** Each language's text of `s` through `f` (a sentence built around one already in both languages). */
export function mapSaid(s: Said, f: { zh: (text: string) => string; en: (text: string) => string }): Said {
  return { zh: f.zh(s.zh), en: f.en(s.en) };
}

/** Several sentences joined, language by language (Chinese with a Chinese separator). */
export function joinSaid(parts: readonly Said[], sep: { zh: string; en: string } = { zh: '；', en: '; ' }): Said {
  return { zh: parts.map((p) => p.zh).join(sep.zh), en: parts.map((p) => p.en).join(sep.en) };
}
