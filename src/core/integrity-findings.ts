/**
 * What `audit verify` and the nightly fixity check can find, as values. Each names the file, row or
 * entry, and for the trail the sequence number and the time since when it can no longer be trusted.
 */
import type { VerifyProblemKind } from './types.js';

export type IntegrityFinding =
  /** (1) a stored file against its catalogue hash, and (5) the tree against the catalogue. */
  | { check: 'files'; kind: VerifyProblemKind; vaultPath: string; recordingId?: number; detail: string }
  /** (2) a catalogue row against the ingest entry that recorded it. */
  | {
      check: 'catalogue-vs-trail';
      kind: 'no-ingest-entry' | 'hash-differs-from-trail' | 'size-differs-from-trail';
      vaultPath: string;
      recordingId: number;
      seq?: number;
      at?: string;
      detail: string;
    }
  /** (3) the hash chain in the catalogue. */
  | { check: 'chain'; kind: 'gap' | 'broken-link' | 'bad-hash'; seq: number; at: string | null; detail: string }
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
    };

export type IntegrityCheck = IntegrityFinding['check'];

export function describeFinding(f: IntegrityFinding): string {
  switch (f.check) {
    case 'files':
      return `${f.kind.padEnd(14)} ${f.vaultPath}  (${f.detail})`;
    case 'catalogue-vs-trail':
      return `${f.kind.padEnd(14)} ${f.vaultPath} (recording ${f.recordingId})  ${f.detail}${f.at ? `; ingested ${f.at}` : ''}`;
    case 'chain':
    case 'trail-file': {
      const toSeq = 'toSeq' in f ? f.toSeq : undefined;
      const seq = f.seq === null ? '' : toSeq && toSeq !== f.seq ? `entries ${f.seq}–${toSeq}` : `entry ${f.seq}`;
      const line = 'line' in f && f.line ? ` (line ${f.line})` : '';
      const since = f.at ? `, since ${f.at}` : '';
      return `${f.kind.padEnd(14)} ${seq}${line}${since}: ${f.detail}`;
    }
    case 'anchor':
      return `${f.kind.padEnd(14)} ${f.source}: ${f.detail}`;
  }
}
