/**
 * A finding of `verify`, `audit verify` or the fixity check in a person's language, from the values
 * the check found. English is the finding's own `detail`, as the trail keeps it. A finding that lacks
 * the values (a fixity run stored before they were kept) or a wording this does not know is printed
 * as it was written, never shortened. Pure.
 */
import { say, type Lang } from './i18n/messages.js';
import { integrityMessages as m } from './i18n/integrity-messages.js';
import type { IntegrityFinding } from './integrity-findings.js';
import type { VerifyProblem } from './types.js';

type Problem = Pick<VerifyProblem, 'kind' | 'detail' | 'expected' | 'found' | 'heldSeconds'>;

/** A stored file's problem (verify's own words), in `lang`. */
export function problemWords(p: Problem, lang: Lang): string | undefined {
  if (lang === 'en' || !p.detail) return p.detail;
  const compared = p.expected === undefined || p.found === undefined ? null : { expected: String(p.expected), found: String(p.found) };
  switch (p.kind) {
    case 'missing':
      return say(lang, m.missing);
    case 'size-changed':
      return compared ? say(lang, m.sizeChanged, compared) : p.detail;
    case 'mismatch':
      return compared ? say(lang, m.mismatch, compared) : p.detail;
    case 'unsealed':
      return say(lang, m.unsealed);
    case 'unexpected': {
      if (p.heldSeconds !== undefined) return say(lang, m.unexpected) + say(lang, m.held, { seconds: String(p.heldSeconds) });
      return p.detail === say('en', m.unexpected) ? say(lang, m.unexpected) : p.detail;
    }
    case 'unreadable': {
      const folder = /^a folder the check could not read: (.*)$/s.exec(p.detail);
      return folder ? say(lang, m.folder, { why: folder[1]! }) : say(lang, m.unreadable, { why: p.detail });
    }
  }
}

/** What a finding is, in `lang`. */
export function findingDetail(f: IntegrityFinding, lang: Lang): string {
  if (lang === 'en') return f.detail;
  switch (f.check) {
    case 'files':
      return problemWords(f, lang) ?? f.detail;
    case 'catalogue-vs-trail': {
      if (f.kind === 'no-ingest-entry') return say(lang, m.noIngestEntry);
      if (f.seq === undefined || f.expected === undefined || f.found === undefined) return f.detail;
      const values = { seq: f.seq, expected: String(f.expected), found: String(f.found) };
      return say(lang, f.kind === 'hash-differs-from-trail' ? m.hashDiffersFromTrail : m.sizeDiffersFromTrail, values);
    }
    case 'chain':
      if (f.kind === 'bad-hash') return say(lang, m.badHash, { seq: f.seq });
      if (f.kind === 'broken-link') return say(lang, m.brokenLink, { seq: f.seq });
      return f.expectedSeq === undefined ? f.detail : say(lang, m.gap, { seq: f.seq, expectedSeq: f.expectedSeq });
    case 'trail-file':
      return trailFileDetail(f, lang);
    case 'anchor':
      if (f.kind === 'anchor-mismatch' && f.foundHash) return say(lang, m.anchorMismatch, { seq: f.seq, expected: f.expectedHash, found: f.foundHash });
      return f.kind === 'anchor-missing' && f.liveHeadSeq !== undefined ? say(lang, m.anchorMissing, { seq: f.seq, head: f.liveHeadSeq }) : f.detail;
  }
}

function trailFileDetail(f: Extract<IntegrityFinding, { check: 'trail-file' }>, lang: Lang): string {
  switch (f.kind) {
    case 'edited-in-file':
      return say(lang, m.editedInFile);
    case 'edited-in-catalogue':
      return say(lang, m.editedInCatalogue);
    case 'differs':
      return say(lang, m.differs);
    case 'torn-line':
      return say(lang, m.tornLine);
    case 'damaged-line':
      return say(lang, m.damagedLine);
    case 'reordered':
      return f.seq === null || f.after === undefined ? f.detail : say(lang, f.again ? m.reorderedAgain : m.reordered, { seq: f.seq, after: f.after });
    case 'missing-from-catalogue':
      return f.seq === null ? f.detail : say(lang, m.missingFromCatalogue, { seq: f.seq });
    case 'missing-from-file':
      return f.seq !== null && f.toSeq !== undefined && f.toSeq !== f.seq ? say(lang, m.manyMissingFromFile, { count: f.toSeq - f.seq + 1 }) : say(lang, m.missingFromFile);
    case 'file-missing':
      return f.file === undefined ? f.detail : say(lang, m.fileMissing, { file: f.file });
  }
}
