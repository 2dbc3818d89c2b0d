/** A small catalogue for the R15 inspection whose numbers are counted by hand in test/inspection-report.test.ts. */
import { openVaultParts, type VaultWithParts } from '../../src/wiring.js';
import { seedRecording } from './seed-recordings.js';

/** Mon 2026-03-02 to Sun 2026-03-08. */
export async function seedInspectionCatalogue(config: string): Promise<void> {
  const v: VaultWithParts = openVaultParts({ configFile: config, logLevel: 'silent', actor: { operator: 'keeper', role: 'custodian' } });
  try {
    v.registers.addOfficer({ id: '110101', name: '张三', unit: '一队' });
    v.registers.addOfficer({ id: '110102', name: '李四', unit: '一队' });
    v.registers.addOfficer({ id: '110201', name: '王五', unit: '二队' });
    v.registers.addDevice({ number: 'A1', brand: '海康威视', model: 'DSJ-A8' });
    v.registers.addDevice({ number: 'B1', brand: '海康威视', model: 'DSJ-A8' });
    v.lifecycle.assign('A1', '110101', '2026-01-01 08:00');
    v.lifecycle.assign('A1', '110102', '2026-03-04 12:00');
    v.lifecycle.assign('B1', '110201', '2026-01-01 08:00');
    v.lifecycle.setStatus('B1', 'in-repair', 'cracked lens');
    for (let i = 0; i < 3; i++) seedRecording(v, '2026-03-02', 'A1', { officer: '110101', durationSeconds: 600 });
    for (let i = 0; i < 2; i++) seedRecording(v, '2026-03-03', 'A1', { officer: '110101', durationSeconds: 900 });
    for (let i = 0; i < 4; i++) seedRecording(v, '2026-03-05', 'A1', { officer: '110102', durationSeconds: 900 });
    seedRecording(v, '2026-03-02', 'B1', { officer: '110201', durationSeconds: 3600 });
    seedRecording(v, '2026-03-05', null, { officer: null, durationSeconds: 60 });
    // Outside the period: not counted.
    seedRecording(v, '2026-03-01', 'A1', { officer: '110101', durationSeconds: 7 });
    seedRecording(v, '2026-03-09', 'A1', { officer: '110101', durationSeconds: 7 });
    const session = v.db.prepare("INSERT INTO ingest_sessions (started_at, finished_at, source_root, device_number, operator, status) VALUES (?, ?, '/media/r', ?, 'keeper', ?)");
    for (const [at, dev, status] of [
      ['2026-03-02T18:00:00+08:00', 'A1', 'done'],
      ['2026-03-02T18:05:00+08:00', 'B1', 'done'],
      ['2026-03-03T18:00:00+08:00', 'A1', 'done'],
      ['2026-03-03T18:00:00+08:00', 'B1', 'failed'],
      ['2026-03-05T18:00:00+08:00', 'A1', 'done'],
      ['2026-03-05T19:00:00+08:00', 'A1', 'interrupted'],
      ['2026-03-09T18:00:00+08:00', 'A1', 'done'],
    ]) session.run(at, at, dev, status);
  } finally {
    await v.close();
  }
}
