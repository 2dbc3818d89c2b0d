import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCatalog } from './database.js';
import { MIGRATIONS } from './migrations.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-mig14-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 14 on a catalogue in use', () => {
  it('leaves released holds released, lets no pending release of a permanent hold complete, and keeps approvals signed once', () => {
    const file = path.join(dir, 'c.sqlite');
    const before = openCatalog(file, { create: true, migrations: MIGRATIONS.filter((m) => m.version < 14) });
    before.prepare("INSERT INTO cases (id, number, title, category, created_at, created_by) VALUES (1, 'A1', 't', 'general', 'now', 'x')").run();
    const hold = before.prepare("INSERT INTO holds (id, case_id, reason, note, placed_at, placed_by, released_at) VALUES (?, 1, ?, ?, 'then', 'x', ?)");
    hold.run(1, 'litigation', null, '2026-03-01T09:00:00+08:00'); // released by two approvers under the old rule
    hold.run(2, 'litigation', null, null); // one approver had signed
    hold.run(3, 'other', '待核实', null);
    before.prepare("INSERT INTO hold_releases (hold_id, first_by, first_at, first_reason, second_by, second_at, second_reason) VALUES (1, 'wang', 't', 'r', 'zhao', 't', 'r')").run();
    before.prepare("INSERT INTO hold_releases (hold_id, first_by, first_at, first_reason) VALUES (2, 'wang', 't', 'r')").run();
    before.close();
    const db = openCatalog(file);
    try {
      expect(db.prepare('SELECT id, permanent, released_at AS releasedAt FROM holds ORDER BY id').all()).toEqual([
        { id: 1, permanent: 0, releasedAt: '2026-03-01T09:00:00+08:00' },
        { id: 2, permanent: 0, releasedAt: null },
        { id: 3, permanent: 0, releasedAt: null },
      ]);
      expect(() => db.prepare("UPDATE holds SET released_at = 'now' WHERE id = 2").run()).toThrow(/R12\(3\)/);
      expect(() => db.prepare("UPDATE holds SET released_at = NULL WHERE id = 1").run()).toThrow(/stays released/);
      db.prepare("UPDATE holds SET released_at = 'now' WHERE id = 3").run();
      // A correction confirmed by a second person is what ends a permanent hold; never the same person twice.
      db.prepare("INSERT INTO hold_corrections (hold_id, first_by, first_at, first_reason) VALUES (2, 'wang', 't', 'wrong recording')").run();
      expect(() => db.prepare("UPDATE holds SET released_at = 'now' WHERE id = 2").run()).toThrow(/R12\(3\)/);
      expect(() => db.prepare("UPDATE hold_corrections SET second_by = 'wang', second_at = 't', corrected_on = '2026-11-27' WHERE hold_id = 2").run()).toThrow(/CHECK/);
      db.prepare("UPDATE hold_corrections SET second_by = 'zhao', second_at = 't', corrected_on = '2026-11-27' WHERE hold_id = 2").run();
      db.prepare("UPDATE holds SET released_at = 'now' WHERE id = 2").run();
      expect(() => db.prepare("UPDATE hold_corrections SET second_by = 'li' WHERE hold_id = 2").run()).toThrow(/signed once/);
      const standing = db.prepare("INSERT INTO standing_approvals (scope, valid_from, valid_until, reason, first_by, first_at) VALUES (?, ?, ?, 'r', 'wang', 't')");
      expect(() => standing.run('everything', '2026-12-01', '2026-12-31')).toThrow(/CHECK/);
      expect(() => standing.run('all', '2026-12-31', '2026-12-01')).toThrow(/CHECK/);
      standing.run('category:penalty', '2026-12-01', '2026-12-31');
      expect(() => db.prepare("UPDATE standing_approvals SET second_by = 'wang', second_at = 't'").run()).toThrow(/CHECK/);
      db.prepare("UPDATE standing_approvals SET second_by = 'zhao', second_at = 't'").run();
      expect(() => db.prepare("UPDATE standing_approvals SET valid_until = '2027-12-31'").run()).toThrow(/never changes/);
      expect(() => db.prepare("UPDATE standing_approvals SET second_by = 'li'").run()).toThrow(/never changes/);
      db.prepare("UPDATE standing_approvals SET revoked_at = 'now', revoked_by = 'li', revoke_reason = 'r'").run();
      expect(() => db.prepare("UPDATE standing_approvals SET revoked_at = NULL, revoked_by = NULL").run()).toThrow(/never changes/);
      expect(() => db.prepare('DELETE FROM standing_approvals').run()).toThrow(/never deleted/);
    } finally {
      db.close();
    }
  });
});
