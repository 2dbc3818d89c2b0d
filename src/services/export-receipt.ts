/** What an export run hands back: the receipt a person signs, per set and per bag. */

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
