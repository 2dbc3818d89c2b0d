/** Migrations 8 (archive sets made before their quarter ended) and 22 (every folder a bag was written in), kept in their own file beside the others. */
import type { Migration } from './migrations.js';

export const EXPORT_MIGRATIONS: readonly Migration[] = [
  {
    version: 8,
    name: 'provisional archive sets (made before the quarter ended, never its final set); the process building a set',
    sql: `
      -- A provisional set (2026Q4-provisional-1, 2026Q4-provisional-2 …) is its own series: export_sets.quarter and
      -- export_members.quarter hold "2026Q4-provisional" for it, so its members never count as exported in the
      -- final series "2026Q4", whose set must still be made once the quarter has ended.
      ALTER TABLE export_sets ADD COLUMN provisional INTEGER NOT NULL DEFAULT 0 CHECK (provisional IN (0, 1));
      -- The process building the set now ("pid:starttime"): a second export of the quarter at the same
      -- time is refused instead of writing into the same bag; a holder that died no longer counts.
      ALTER TABLE export_sets ADD COLUMN held_by TEXT;
    `,
  },
  {
    version: 22,
    name: 'archive sets: every folder a bag was written in, so footage classified later reaches an unfinished one left in a folder its resume did not use',
    sql: `
      -- export_bags.destination holds the last folder (where a finished bag is); a bag resumed into
      -- another --out leaves its .partial folder in the first, which only this remembers.
      CREATE TABLE export_bag_places (
        set_id TEXT NOT NULL,
        bag_index INTEGER NOT NULL,
        destination TEXT NOT NULL,
        PRIMARY KEY (set_id, bag_index, destination),
        FOREIGN KEY (set_id, bag_index) REFERENCES export_bags(set_id, bag_index)
      ) WITHOUT ROWID;
      INSERT INTO export_bag_places (set_id, bag_index, destination)
        SELECT set_id, bag_index, destination FROM export_bags WHERE destination IS NOT NULL;
    `,
  },
];
