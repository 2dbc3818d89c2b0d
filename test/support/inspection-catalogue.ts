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
    // Stored the evening of the day they were made, but for the late ones below.
    const evening = (d: string) => `${d}T18:30:00+08:00`;
    // 张三 on A1: three 10-minute segments back to back (no gap), then two more the next day.
    for (let i = 0; i < 3; i++) seedRecording(v, '2026-03-02', 'A1', { officer: '110101', durationSeconds: 600, hour: 9, minute: i * 10, ingestedAt: evening('2026-03-02') });
    // …the first of them claims a time after its recorder was docked: its clock runs ahead.
    seedRecording(v, '2026-03-03', 'A1', { officer: '110101', durationSeconds: 900, hour: 9, ingestedAt: evening('2026-03-03'), flags: ['clock-ahead'] });
    seedRecording(v, '2026-03-03', 'A1', { officer: '110101', durationSeconds: 900, hour: 14, ingestedAt: '2026-03-05T09:00:00+08:00' });
    // 李四 on A1: four 15-minute segments with a 5-minute hole after the second (a gap); one stored late, explained.
    for (const [i, minute] of [0, 15, 35, 50].entries()) {
      const id = seedRecording(v, '2026-03-05', 'A1', { officer: '110102', durationSeconds: 900, hour: 9, minute, ingestedAt: i === 3 ? '2026-03-07T10:00:00+08:00' : evening('2026-03-05') });
      if (i === 3) v.checks.late.explain(String(id), 'device-fault', '记录仪接口故障，修复后导入');
    }
    // 王五 on B1: an hour at 10:00, then 11:05 (a 15-minute gap, explained), then 13:00 (a new session: no gap).
    seedRecording(v, '2026-03-02', 'B1', { officer: '110201', durationSeconds: 3000, hour: 10, ingestedAt: evening('2026-03-02') });
    seedRecording(v, '2026-03-02', 'B1', { officer: '110201', durationSeconds: 300, hour: 11, minute: 5, ingestedAt: evening('2026-03-02') });
    seedRecording(v, '2026-03-02', 'B1', { officer: '110201', durationSeconds: 300, hour: 13, ingestedAt: evening('2026-03-02') });
    seedRecording(v, '2026-03-05', null, { officer: null, durationSeconds: 60, ingestedAt: evening('2026-03-05') });
    // Outside the period: not counted.
    seedRecording(v, '2026-03-01', 'A1', { officer: '110101', durationSeconds: 7, ingestedAt: evening('2026-03-01'), flags: ['clock-skew'] });
    seedRecording(v, '2026-03-09', 'A1', { officer: '110101', durationSeconds: 7, ingestedAt: evening('2026-03-09') });
    const b1Gap = [...v.checks.gaps.list({ deviceNumber: 'B1' })];
    if (b1Gap.length !== 1) throw new Error(`the seeded catalogue should hold one gap on B1, not ${b1Gap.length}`);
    v.checks.gaps.explain(b1Gap[0]!.id, 'battery', '电池耗尽，更换电池后继续');
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
    // 王五 left on Friday 03-06 (his recorder goes back to the custodian); 张三 did an inspection unrecorded, with consent.
    v.officerStatus.setStatus('110201', 'left', { date: '2026-03-06' });
    v.exemptions.record({ officerId: '110101', at: '2026-03-04 10:00', act: '现场检查（记录仪故障）', consentBy: '赵队长' });
    v.exemptions.record({ officerId: '110101', at: '2026-03-10 10:00', act: '期间外 outside the period', reason: '不在检查期间' });
  } finally {
    await v.close();
  }
  // A case closed on 2026-03-10 holding 张三's footage of 03-02, never archived: overdue (P25) ever since 04-09.
  const then = openVaultParts({ configFile: config, logLevel: 'silent', clock: { now: () => new Date('2026-03-10T02:00:00Z') }, actor: { operator: 'archivist', role: 'archivist' } });
  try {
    then.cases.create({ number: '鞍自然执〔2026〕17号', title: '违法占地案', category: 'general' });
    const ids = then.recordings.list({ deviceNumber: 'A1', fromMs: Date.parse('2026-03-02T00:00:00+08:00'), toMs: Date.parse('2026-03-03T00:00:00+08:00') }).map((r) => r.id);
    then.cases.link('鞍自然执〔2026〕17号', { ids });
    then.cases.setStatus('鞍自然执〔2026〕17号', 'closed');
  } finally {
    await then.close();
  }
}
