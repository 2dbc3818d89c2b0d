/** What an export run hands back: the receipt a person signs, per set and per bag. */
import type { Said } from '../core/errors.js';

export interface BagReceipt {
  bag: number;
  of: number;
  dir: string;
  state: 'written' | 'already-complete';
  files: number;
  bytes: number;
  payloadOxum: string;
  manifestSha256: string;
  chainHead: { seq: number; hash: string };
  /** Files found already copied by an interrupted run, verified and kept. */
  resumedFiles: number;
}

export interface ExportReceipt {
  setId: string;
  quarter: string;
  supplement: number;
  /** Made before the quarter ended (--before-end): it does not fulfil the quarterly duty. */
  provisional: boolean;
  /** For a provisional set: the first local date on which the quarter's final set can be made. */
  finalExportFrom: string | null;
  complete: boolean;
  files: number;
  bytes: number;
  bags: BagReceipt[];
  /** When a split set stopped for want of space: what to do next. */
  next: string | null;
}

export type ExportOutcome =
  | { kind: 'exported'; receipt: ExportReceipt }
  | { kind: 'up-to-date'; quarter: string; provisional: boolean; sets: string[] }
  /** The quarter has no recordings: nothing written, no set id used. */
  | { kind: 'empty'; quarter: string; provisional: boolean };

/**
 * What to do next, in both languages, for the text a person reads; `next` itself stays the English
 * sentence, language-neutral in --json (byte-identical whatever the language). Kept beside the
 * receipt, not in it, so the JSON does not change.
 */
const nextSaid = new WeakMap<ExportReceipt, Said>();

/** The receipt with its `next` step: the English in the receipt, both languages beside it. */
export function withNext<R extends ExportReceipt>(receipt: R, next: Said | null): R {
  receipt.next = next && next.en;
  if (next) nextSaid.set(receipt, next);
  return receipt;
}

/** The receipt's next step in both languages (a receipt made elsewhere: its `next` as it is). */
export function nextStep(receipt: ExportReceipt): Said | null {
  return nextSaid.get(receipt) ?? (receipt.next === null ? null : { zh: receipt.next, en: receipt.next });
}

/** A refusal with its hint, as one next step. */
export function stepOf(message: Said, hint: Said | undefined): Said {
  return hint ? { zh: `${message.zh}。${hint.zh}`, en: `${message.en}. ${hint.en}` } : message;
}
