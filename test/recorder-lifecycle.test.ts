/** The recorder register's lifecycle through the real CLI: status (R16), assignments (R8, R10), every change audited. */
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeWorkspace, runCli, runJson } from './support/cli.js';

describe('recorder lifecycle', () => {
  const ws = makeWorkspace('ev-life-');
  const cli = (...a: string[]) => runCli(['--config', ws.config, ...a]);
  const audit = (action: string) => {
    const db = new Database(ws.catalog, { readonly: true });
    try {
      return db.prepare('SELECT outcome, details FROM audit_log WHERE action = ? ORDER BY seq').all(action) as { outcome: string; details: string }[];
    } finally {
      db.close();
    }
  };

  beforeAll(() => {
    cli('officer', 'add', '--id', '110101', '--name', '张三');
    cli('officer', 'add', '--id', '110102', '--name', '李四');
    cli('device', 'add', '--number', '0001234', '--brand', '海康威视', '--model', 'DSJ-A8');
  });
  afterAll(() => ws.cleanup());

  it('keeps the assignment history, each period ending where the next begins', () => {
    expect(cli('device', 'assign', '0001234', '110101', '--from', '2026-01-01').status).toBe(0);
    expect(cli('device', 'assign', '0001234', '110102', '--from', '2026-03-01 08:00').status).toBe(0);
    const h = runJson<{ officerId: string; fromAt: string; toAt: string | null }[]>(['--config', ws.config, 'device', 'history', '0001234']);
    expect(h).toEqual([
      expect.objectContaining({ officerId: '110101', fromAt: '2026-01-01T00:00:00+08:00', toAt: '2026-03-01T08:00:00+08:00' }),
      expect.objectContaining({ officerId: '110102', fromAt: '2026-03-01T08:00:00+08:00', toAt: null }),
    ]);
    expect(audit('device.assign').map((e) => e.outcome)).toEqual(['ok', 'ok']);
  });

  it('refuses what the register cannot hold, and records the refusal', () => {
    const r = cli('device', 'assign', '0001234', '999999');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/officer 999999 is not registered/);
    expect(cli('device', 'assign', '0001234', '110101', '--from', '2025-12-01').stderr).toMatch(/assigned to 110102 since/);
    expect(audit('device.assign').filter((e) => e.outcome === 'refused')).toHaveLength(2);
  });

  it('takes a recorder out of service (ending its assignment) and never back from retired', () => {
    const s = runJson<{ status: string }>(['--config', ws.config, 'device', 'status', '0001234', 'in-repair', '--reason', 'cracked lens']);
    expect(s.status).toBe('in-repair');
    const h = runJson<{ toAt: string | null }[]>(['--config', ws.config, 'device', 'history', '0001234']);
    expect(h.every((a) => a.toAt !== null)).toBe(true);
    expect(cli('device', 'assign', '0001234', '110101').stderr).toMatch(/is in-repair/);
    // R16: retirement is asked for here and approved by a second person with the approver role.
    expect(cli('device', 'status', '0001234', 'retired').status).toBe(0);
    expect(runJson<{ status: string }>(['--config', ws.config, 'device', 'show', '0001234']).status).toBe('in-repair');
    expect(runCli(['--config', ws.config, 'operator', 'add', 'wang', '--name', '王五', '--role', 'approver']).status).toBe(0);
    expect(runCli(['--config', ws.config, 'device', 'retire', '0001234', '--approve'], { SUDO_USER: 'wang' }).status).toBe(0);
    expect(cli('device', 'status', '0001234', 'in-service').stderr).toMatch(/is retired/);
    expect(audit('device.status').map((e) => e.outcome)).toEqual(['ok', 'refused']);
    expect(audit('device.retire-request').map((e) => e.outcome)).toEqual(['ok']);
    expect(JSON.parse(audit('device.status')[0]!.details)).toMatchObject({ status: 'in-repair', reason: 'cracked lens', previous: 'in-service' });
  });

  it('sets the USB serial and volume rule the dock uses, refusing a bad rule', () => {
    const r = runJson<{ serial: string; volumeRule: unknown }>(['--config', ws.config, 'device', 'identify', '0001234', '--serial', 'HK0001234', '--volume', 'uuid:4d81-8427']);
    expect(r).toMatchObject({ serial: 'HK0001234', volumeRule: { kind: 'uuid', value: '4D81-8427' } });
    expect(cli('device', 'identify', '0001234', '--volume', 'serial:x').stderr).toMatch(/not a volume rule/);
    expect(audit('device.volume-rule').map((e) => e.outcome)).toEqual(['ok', 'refused']);
  });
});
