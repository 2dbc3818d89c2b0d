/** Migration 20: a docked recorder whose reads have hung, as the dock service saw it (status shows it). */
import type { Migration } from './migrations.js';

export const DOCK_MIGRATIONS: readonly Migration[] = [
  {
    version: 20,
    name: 'dock activity: since when a recorder being ingested has not answered its reads',
    sql: `
      -- Set by the dock service while a copy from the recorder says nothing (a failing card); null otherwise.
      ALTER TABLE dock_activity ADD COLUMN stalled_since_ms INTEGER;
    `,
  },
];
