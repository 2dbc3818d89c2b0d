/**
 * Who wore a recorder when (R8, R10: 定人管理, 谁佩戴、谁负责). An assignment runs from its start up to
 * (not including) its end; an open one has no end. Pure.
 */
export interface Assignment {
  deviceNumber: string;
  officerId: string;
  fromMs: number;
  toMs: number | null;
}

export function officerAt(history: readonly Assignment[], atMs: number): string | null {
  // Latest start wins should the register ever hold an overlap.
  let best: Assignment | null = null;
  for (const a of history) {
    if (a.fromMs <= atMs && (a.toMs === null || atMs < a.toMs) && (!best || a.fromMs > best.fromMs)) best = a;
  }
  return best?.officerId ?? null;
}

export interface Attribution {
  officerId: string | null;
  mismatch: boolean;
}

/**
 * The recording belongs to the officer the register says wore the recorder; the file name's officer
 * is used only when the register says nothing. A disagreement is flagged for a person to look at.
 */
export function attributeOfficer(assigned: string | null, inFileName: string | null): Attribution {
  if (assigned === null) return { officerId: inFileName, mismatch: false };
  return { officerId: assigned, mismatch: inFileName !== null && inFileName !== assigned };
}
