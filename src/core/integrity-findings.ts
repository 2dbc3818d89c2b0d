/**
 * What `audit verify` and the nightly fixity check can find, as values. Each names the file, row or
 * entry, and for the trail the sequence number and the time since when it can no longer be trusted.
 */
import type { VerifyProblemKind } from './types.js';
import { say, type Lang } from './i18n/messages.js';
import { integrityMessages as m } from './i18n/integrity-messages.js';
import { findingDetail } from './integrity-words.js';

export type IntegrityFinding =
  /** (1) a stored file against its catalogue hash, and (5) the tree against the catalogue. */
  | { check: 'files'; kind: VerifyProblemKind; vaultPath: string; recordingId?: number; detail: string; expected?: number | string; found?: number | string; heldSeconds?: number }
  /** (2) a catalogue row against the ingest entry that recorded it. */
  | {
      check: 'catalogue-vs-trail';
      kind: 'no-ingest-entry' | 'hash-differs-from-trail' | 'size-differs-from-trail';
      vaultPath: string;
      recordingId: number;
      seq?: number;
      at?: string;
      detail: string;
      /** The trail's SHA-256 or size, and the catalogue row's. */
      expected?: number | string;
      found?: number | string;
    }
  /** (3) the hash chain in the catalogue. */
  | { check: 'chain'; kind: 'gap' | 'broken-link' | 'bad-hash'; seq: number; at: string | null; detail: string; expectedSeq?: number }
  /** (4) the JSON-lines copy against the catalogue. */
  | {
      check: 'trail-file';
      kind: 'missing-from-file' | 'missing-from-catalogue' | 'edited-in-file' | 'edited-in-catalogue' | 'differs' | 'reordered' | 'torn-line' | 'damaged-line' | 'file-missing';
      seq: number | null;
      /** The last sequence number of a run of consecutive entries (deleted blocks are reported once). */
      toSeq?: number;
      line?: number;
      at: string | null;
      detail: string;
      /** reordered: the highest entry the file had shown before it, and whether the entry was seen already. */
      after?: number;
      again?: boolean;
      /** file-missing: the trail file's path. */
      file?: string;
    }
  /** (6) the live trail against a chain head kept off the PC (paper, an archive set, a disc). */
  | {
      check: 'anchor';
      kind: 'anchor-mismatch' | 'anchor-missing';
      /** Where the anchor came from: the pasted line, a bag folder, a disc image. */
      source: string;
      seq: number;
      expectedHash: string;
      foundHash: string | null;
      at: string | null;
      detail: string;
      /** anchor-missing: the live trail's last entry. */
      liveHeadSeq?: number;
    };

export type IntegrityCheck = IntegrityFinding['check'];

/** One line for a finding, in `lang` (English for logs and --lang en). */
export function describeFinding(f: IntegrityFinding, lang: Lang = 'en'): string {
  const detail = findingDetail(f, lang);
  switch (f.check) {
    case 'files':
      return `${f.kind.padEnd(14)} ${f.vaultPath}  (${detail})`;
    case 'catalogue-vs-trail':
      return `${f.kind.padEnd(14)} ${f.vaultPath}${say(lang, m.recording, { id: f.recordingId })}  ${detail}${f.at ? say(lang, m.ingested, { at: f.at }) : ''}`;
    case 'chain':
    case 'trail-file': {
      const toSeq = 'toSeq' in f ? f.toSeq : undefined;
      const seq = f.seq === null ? '' : toSeq && toSeq !== f.seq ? say(lang, m.entries, { seq: f.seq, toSeq }) : say(lang, m.entry, { seq: f.seq });
      const line = 'line' in f && f.line ? say(lang, m.line, { line: f.line }) : '';
      const since = f.at ? say(lang, m.since, { at: f.at }) : '';
      return `${f.kind.padEnd(14)} ${seq}${line}${since}${say(lang, m.colon)}${detail}`;
    }
    case 'anchor':
      return `${f.kind.padEnd(14)} ${f.source}${say(lang, m.colon)}${detail}`;
  }
}
