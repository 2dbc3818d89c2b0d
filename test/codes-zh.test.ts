/**
 * Codes in the Chinese output (a new user's walkthrough): flags, start-time sources, levels, case
 * categories, hold reasons, gap reasons, access purposes, check results, roles and outcomes carry their
 * Chinese names beside the code (the code is what an option takes); English and --json keep the codes alone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVaultParts } from '../src/wiring.js';
import { makeWorkspace, runCli } from './support/cli.js';
import { seedRecording } from './support/seed-recordings.js';

describe('codes in the Chinese output', () => {
  const ws = makeWorkspace('ev-codes-zh-');
  const as = (user: string, ...args: string[]) => runCli(['--config', ws.config, ...args], { SUDO_USER: user });
  const zh = (user: string, ...args: string[]) => as(user, '--lang', 'zh', ...args);
  const ok = (r: ReturnType<typeof runCli>) => {
    expect(r.status, r.stderr).toBe(0);
    return r.stdout;
  };

  beforeAll(async () => {
    for (const [user, role] of [['zhang', 'custodian'], ['li', 'archivist'], ['wang', 'approver'], ['chen', 'auditor']] as const) {
      ok(runCli(['--config', ws.config, 'operator', 'add', user, '--name', user, '--role', role]));
    }
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent', actor: { operator: 'zhang', role: 'custodian' } });
    seedRecording(v, '2026-05-15', '0001234', { flags: ['clock-skew', 'unregistered-device'], hour: 7, minute: 0, durationSeconds: 60 });
    seedRecording(v, '2026-05-15', '0001234', { hour: 7, minute: 5, durationSeconds: 60 });
    seedRecording(v, '2026-05-15', '0001234', { hour: 7, minute: 10, durationSeconds: 60 });
    await v.close();
  });
  afterAll(() => ws.cleanup());

  it('recordings list and show: flags with their meaning, the start-time source and the level by name', () => {
    const list = ok(zh('wang', 'recordings', 'list'));
    expect(list).toContain('clock-skew（文件名、元数据与文件时间不一致）、unregistered-device（执法记录仪未登记）');
    const show = ok(zh('wang', 'recordings', 'show', '1'));
    expect(show).toMatch(/标记\s+clock-skew（文件名、元数据与文件时间不一致）、unregistered-device（执法记录仪未登记）/);
    expect(show).toMatch(/开始时间依据\s+file-name（文件名）\n/);
    expect(show).toMatch(/密级\s+普通\n/);
    // English as it was.
    expect(ok(as('wang', 'recordings', 'list'))).toContain('clock-skew,unregistered-device');
    const en = ok(as('wang', 'recordings', 'show', '1'));
    expect(en).toMatch(/flags\s+clock-skew, unregistered-device\n/);
    expect(en).toMatch(/startedAtSource\s+file-name\n/);
    expect(en).toMatch(/level\s+ordinary\n/);
  });
});
