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
  complete: boolean;
  files: number;
  bytes: number;
  bags: BagReceipt[];
  /** When a split set stopped for want of space: what to do next. */
  next: string | null;
}

export type ExportOutcome = { kind: 'exported'; receipt: ExportReceipt } | { kind: 'up-to-date'; quarter: string; sets: string[] };
