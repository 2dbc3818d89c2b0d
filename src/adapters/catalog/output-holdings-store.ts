/**
 * Which outputs hold given recordings: disc images with their folders, and archive sets' bags, where
 * the catalogue placed them. What a classification made after they were written reaches (R14).
 */
import path from 'node:path';
import { PARTIAL_SUFFIX } from '../../core/bagit.js';
import type { Db } from './database.js';

export interface HeldOutput {
  kind: 'disc' | 'bag';
  /** The disc's number (GP2026-0001) or the bag's set and index (2026Q3/2). */
  name: string;
  /** The files and folders written: a disc's image and folder, a bag's folder. */
  paths: string[];
}

export class OutputHoldingsStore {
  constructor(private readonly db: Db) {}

  holding(recordingIds: readonly number[]): HeldOutput[] {
    if (!recordingIds.length) return [];
    const ids = JSON.stringify(recordingIds);
    const discs = this.db
      .prepare(
        `SELECT DISTINCT d.number, d.image_path AS image FROM disc_files f JOIN discs d ON d.id = f.disc_id
          WHERE f.recording_id IN (SELECT value FROM json_each(?)) ORDER BY d.number`,
      )
      .all(ids) as { number: string; image: string }[];
    const bags = this.db
      .prepare(
        `SELECT DISTINCT b.set_id AS setId, b.bag_index AS bagIndex, p.destination, b.dir_name AS dirName,
                CASE WHEN b.status = 'complete' AND p.destination = b.destination THEN 'complete' ELSE 'building' END AS status
           FROM export_members m JOIN export_bags b ON b.set_id = m.set_id AND b.bag_index = m.bag_index
           JOIN export_bag_places p ON p.set_id = b.set_id AND p.bag_index = b.bag_index
          WHERE m.recording_id IN (SELECT value FROM json_each(?))
          ORDER BY b.set_id, b.bag_index, p.destination`,
      )
      .all(ids) as { setId: string; bagIndex: number; destination: string; dirName: string; status: string }[];
    return [
      // A disc's folder is its image's name without `.iso` (disc-names.ts).
      ...discs.map((d) => ({ kind: 'disc' as const, name: d.number, paths: [d.image, path.join(path.dirname(d.image), d.number)] })),
      // A bag being written is in its `.partial` folder (an export killed part-way leaves it there, and so
      // does one resumed in another folder, in the first); the final name too, as a run may have renamed
      // it just before it was killed.
      ...bags.map((b) => {
        const dir = path.join(b.destination, b.dirName);
        return { kind: 'bag' as const, name: `${b.setId}/${b.bagIndex}`, paths: b.status === 'complete' ? [dir] : [`${dir}${PARTIAL_SUFFIX}`, dir] };
      }),
    ];
  }
}
