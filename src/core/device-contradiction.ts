/**
 * Whether a recorder number a person typed is contradicted by the source itself: the file names
 * name another recorder, or the volume's identity is another registered recorder's. Pure.
 */
import type { Said } from './errors.js';

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

/** What contradicts the typed number, in both languages, e.g. "9 files name recorder 0001234; the volume is registered recorder 0001234". */
export function contradictionSaid(c: Contradiction): Said {
  const files = Object.entries(c.namedInFiles);
  const zh = files.map(([n, k]) => `${k} 个文件名显示执法记录仪 ${n}`);
  const en = files.map(([n, k]) => `${k} file${k === 1 ? '' : 's'} name recorder ${n}`);
  if (c.volumeRecorder) {
    zh.push(`卷标识属于已登记的执法记录仪 ${c.volumeRecorder}`);
    en.push(`the volume is registered recorder ${c.volumeRecorder}`);
  }
  return { zh: zh.join('；'), en: en.join('; ') };
}

/** The same, in English only (the language-neutral line of logs and the trail). */
export function describeContradiction(c: Contradiction): string {
  return contradictionSaid(c).en;
}

/** The refusal of an ingest whose --device the source contradicts: nothing was copied. */
export function contradictionRefusal(c: Contradiction): Said {
  const what = contradictionSaid(c);
  return {
    zh: `--device ${c.typed} 与来源不符：${what.zh}；未复制任何文件`,
    en: `--device ${c.typed} contradicts the source: ${what.en}; nothing was copied`,
  };
}
