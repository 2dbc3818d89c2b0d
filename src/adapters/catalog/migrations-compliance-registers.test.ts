import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCatalog } from './database.js';
import { MIGRATIONS } from './migrations.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-mig10-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('migration 10 on a catalogue in use', () => {
  it('takes a case closed before it from the trail, and keeps the new registers append-only', () => {
    const file = path.join(dir, 'c.sqlite');
    const before = openCatalog(file, { create: true, migrations: MIGRATIONS.filter((m) => m.version < 10) });
    before.prepare("INSERT INTO cases (number, title, category, status, created_at, created_by) VALUES ('A1', 't', 'general', 'closed', '2026-01-01T09:00:00+08:00', 'x')").run();
    before.prepare("INSERT INTO cases (number, title, category, status, created_at, created_by) VALUES ('A2', 't', 'general', 'open', '2026-01-01T09:00:00+08:00', 'x')").run();
    const entry = before.prepare("INSERT INTO audit_log (at, operator, action, target, outcome, details, prev_hash, hash) VALUES (?, 'x', 'case.close', ?, ?, '{}', 'p', ?)");
    entry.run('2026-02-01T10:00:00+08:00', 'case:A1', 'ok', 'h1');
    entry.run('2026-02-03T10:00:00+08:00', 'case:A1', 'refused', 'h2');
    entry.run('2026-02-02T10:00:00+08:00', 'case:A2', 'ok', 'h3');
    before.close();
    const db = openCatalog(file);
    try {
      expect(db.prepare('SELECT number, closed_at AS closedAt FROM cases ORDER BY number').all()).toEqual([
        { number: 'A1', closedAt: '2026-02-01T10:00:00+08:00' },
        { number: 'A2', closedAt: null },
      ]);
      db.prepare("INSERT INTO officers (id, name, created_at) VALUES ('1', 'n', 'now')").run();
      expect(db.prepare("SELECT status FROM officers WHERE id = '1'").get()).toEqual({ status: 'active' });
      db.prepare("INSERT INTO exemptions (officer_id, act_at, act_ms, act, reason, recorded_at, recorded_by) VALUES ('1', 'a', 1, 'act', 'why', 'now', 'x')").run();
      expect(() => db.prepare('DELETE FROM exemptions').run()).toThrow(/never deleted/);
      expect(() => db.prepare("INSERT INTO exemptions (officer_id, act_at, act_ms, act, recorded_at, recorded_by) VALUES ('1', 'a', 1, 'act', 'now', 'x')").run()).toThrow(/CHECK/);
      db.prepare("INSERT INTO devices (number, brand, model, created_at) VALUES ('D', 'b', 'm', 'now')").run();
      db.prepare("INSERT INTO retirement_requests (device_number, requested_at, requested_by) VALUES ('D', 'now', 'x')").run();
      expect(() => db.prepare("INSERT INTO retirement_requests (device_number, requested_at, requested_by) VALUES ('D', 'now', 'y')").run()).toThrow(/UNIQUE/);
      expect(() => db.prepare("UPDATE retirement_requests SET decision = 'approved', decided_by = 'x'").run()).toThrow(/CHECK/);
    } finally {
      db.close();
    }
  });
});
