/**
 * Which recordings go on which disc. Pure: sizes in, discs out. Recordings keep their order (by start
 * time) so a reader finds a day's footage on one disc or the next, never scattered.
 */

/** Usable bytes of each medium (sector counts × 2048, as burning software reports them). */
export const MEDIUM_CAPACITY = {
  cd: 360_000 * 2048, // 700 MB (80 min)
  dvd: 2_295_104 * 2048, // 4.7 GB
  'dvd-dl': 4_171_712 * 2048, // 8.5 GB
  bd: 12_219_392 * 2048, // 25 GB
  'bd-dl': 24_438_784 * 2048, // 50 GB
} as const;

export type Medium = keyof typeof MEDIUM_CAPACITY;
export const MEDIA = Object.keys(MEDIUM_CAPACITY) as Medium[];

export const SECTOR = 2048;

/**
 * Room kept on every disc beside the recordings: the ISO 9660/Rock Ridge/Joliet structures, the
 * register (HTML and a PDF with embedded CJK glyphs), SHA256SUMS and the note.
 */
export const DISC_RESERVE_BYTES = 4 * 1024 * 1024;

/** Bytes a file takes on the disc: whole sectors plus its directory records. */
export function bytesOnDisc(size: number): number {
  return Math.ceil(size / SECTOR) * SECTOR + SECTOR;
}

export interface PlanItem {
  id: number;
  size: number;
}

export type DiscPlan = { ok: true; discs: PlanItem[][] } | { ok: false; tooLarge: PlanItem[]; room: number };

export function planDiscs(items: readonly PlanItem[], capacity: number, reserve = DISC_RESERVE_BYTES): DiscPlan {
  const room = capacity - reserve;
  const tooLarge = items.filter((i) => bytesOnDisc(i.size) > room);
  if (tooLarge.length || room <= 0) return { ok: false, tooLarge, room: Math.max(room, 0) };
  const discs: PlanItem[][] = [];
  let current: PlanItem[] = [];
  let used = 0;
  for (const item of items) {
    const need = bytesOnDisc(item.size);
    if (current.length && used + need > room) {
      discs.push(current);
      current = [];
      used = 0;
    }
    current.push(item);
    used += need;
  }
  if (current.length) discs.push(current);
  return { ok: true, discs };
}
