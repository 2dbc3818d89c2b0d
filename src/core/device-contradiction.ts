/**
 * Whether a recorder number a person typed is contradicted by the source itself: the file names
 * name another recorder, or the volume's identity is another registered recorder's. Pure.
 */
export interface Contradiction {
  typed: string;
  /** Other recorder numbers the file names give, with how many files give each. */
  namedInFiles: Record<string, number>;
  /** The registered recorder the volume's identity (USB serial, FAT id or label) names, if another. */
  volumeRecorder: string | null;
}

export function contradiction(typed: string, fileDeviceNumbers: readonly (string | null)[], volumeRecorder: string | null): Contradiction | null {
  const namedInFiles: Record<string, number> = {};
  for (const n of fileDeviceNumbers) if (n !== null && n !== typed) namedInFiles[n] = (namedInFiles[n] ?? 0) + 1;
  const other = volumeRecorder !== null && volumeRecorder !== typed ? volumeRecorder : null;
  return Object.keys(namedInFiles).length || other ? { typed, namedInFiles, volumeRecorder: other } : null;
}

/** One line for people, e.g. "9 files name recorder 0001234; the volume is recorder 0001234". */
export function describeContradiction(c: Contradiction): string {
  const parts = Object.entries(c.namedInFiles).map(([n, k]) => `${k} file${k === 1 ? '' : 's'} name recorder ${n} (${k} 个文件名显示记录仪 ${n})`);
  if (c.volumeRecorder) parts.push(`the volume is registered recorder ${c.volumeRecorder} (卷标识属于记录仪 ${c.volumeRecorder})`);
  return parts.join('; ');
}
