/**
 * The note the program writes on the evidence-use hold it places when a disc is built (R12(3)). It is
 * stored and recorded in English, as the program made it; a person reading Chinese is shown its Chinese
 * reading. A note a person typed is never read this way (only an evidence-use hold's exact wording). Pure.
 */

/** The note on a disc's evidence-use holds: `evidence disc GP2026-0001 for case 鞍自然执〔2026〕17号`. */
export function evidenceHoldNote(discNumber: string, caseNumber: string | null | undefined): string {
  return `evidence disc ${discNumber}${caseNumber ? ` for case ${caseNumber}` : ''}`;
}

const NOTE = /^evidence disc (\S+)(?: for case (.+))?$/s;

/** The Chinese reading of a note the program made on an evidence-use hold; null for any other note. */
export function evidenceHoldNoteZh(reason: string, note: string | null): string | null {
  const m = reason === 'evidence-use' && note !== null ? NOTE.exec(note) : null;
  if (!m) return null;
  return `证据光盘 ${m[1]}${m[2] ? `（案件 ${m[2]}）` : ''}`;
}
