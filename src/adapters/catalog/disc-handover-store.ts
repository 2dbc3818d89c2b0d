/** SQL for where evidence discs went after they were made (migration 16): append-only handover steps. */
import type { Db } from './database.js';

export type HandoverEvent = 'issue' | 'return' | 'destroy';

export interface DiscHandover {
  id: number;
  discId: number;
  event: HandoverEvent;
  recipient: string | null;
  purpose: string | null;
  witness: string | null;
  note: string | null;
  at: string;
  by: string;
}

export type NewHandover = Omit<DiscHandover, 'id'>;

const COLUMNS = 'id, disc_id AS discId, event, recipient, purpose, witness, note, at, by';

export class DiscHandoverStore {
  constructor(private readonly db: Db) {}

  insert(h: NewHandover): number {
    const info = this.db
      .prepare('INSERT INTO disc_handovers (disc_id, event, recipient, purpose, witness, note, at, by) VALUES (@discId, @event, @recipient, @purpose, @witness, @note, @at, @by)')
      .run(h);
    return Number(info.lastInsertRowid);
  }

  /** A disc's steps, oldest first. */
  of(discId: number): DiscHandover[] {
    return this.db.prepare(`SELECT ${COLUMNS} FROM disc_handovers WHERE disc_id = ? ORDER BY id`).all(discId) as DiscHandover[];
  }

  /** Every disc's newest step (discs never handed over have none). */
  latest(): Map<number, DiscHandover> {
    const rows = this.db
      .prepare(`SELECT ${COLUMNS} FROM disc_handovers WHERE id IN (SELECT max(id) FROM disc_handovers GROUP BY disc_id)`)
      .all() as DiscHandover[];
    return new Map(rows.map((r) => [r.discId, r]));
  }
}
