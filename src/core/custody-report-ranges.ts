/**
 * Which recordings a fixity check or a verify covered, kept in its trail entry as runs of consecutive
 * ids ([[first, last], …]): a whole-vault check is one or a few pairs however many recordings it read,
 * and the chain of custody can still tell, for one recording, every check that re-hashed it.
 */
export type IdRanges = [number, number][];

export function idRanges(ids: Iterable<number>): IdRanges {
  const sorted = [...new Set(ids)].filter((n) => Number.isSafeInteger(n)).sort((a, b) => a - b);
  const out: IdRanges = [];
  for (const id of sorted) {
    const last = out[out.length - 1];
    if (last && id === last[1] + 1) last[1] = id;
    else out.push([id, id]);
  }
  return out;
}

/** Whether `id` is in the ranges; false for anything that is not a list of [first, last] pairs. */
export function inRanges(ranges: unknown, id: number): boolean {
  if (!Array.isArray(ranges)) return false;
  return ranges.some((r) => Array.isArray(r) && r.length === 2 && typeof r[0] === 'number' && typeof r[1] === 'number' && r[0] <= id && id <= r[1]);
}
