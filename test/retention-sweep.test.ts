/** The daily sweep: reports only, unless autoDispose is on; started and stopped on a real node-cron schedule. */
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AUTO_DISPOSE_APPROVER } from '../src/services/retention-sweep.js';
import { openVaultParts, type VaultWithParts } from '../src/wiring.js';
import { makeWorkspace } from './support/cli.js';
import { seedRecording } from './support/seed-recordings.js';
import { waitFor } from './support/wait.js';

describe('retention sweep', () => {
  let ws: ReturnType<typeof makeWorkspace>;
  let vault: VaultWithParts | undefined;
  const configure = (retention: Record<string, unknown>) => {
    const cfg = JSON.parse(fs.readFileSync(ws.config, 'utf8'));
    fs.writeFileSync(ws.config, JSON.stringify({ ...cfg, retention }));
    vault = openVaultParts({ configFile: ws.config, logLevel: 'silent', actor: { operator: 'evidence-vault', role: null } });
    return vault;
  };
  beforeEach(() => {
    ws = makeWorkspace('ev-sweep-');
  });
  afterEach(async () => {
    await vault?.retentionSweep.stop();
    await vault?.close();
    ws.cleanup();
  });

  it('reports and deletes nothing while autoDispose is off', async () => {
    const v = configure({});
    const id = seedRecording(v, '2020-01-01');
    const report = await v.retentionSweep.runOnce();
    expect(report).toMatchObject({ disposed: 0, status: { eligible: 1 } });
    expect(fs.existsSync(path.join(ws.vault, v.recordings.get(id)!.vaultPath))).toBe(true);
  });

  it('disposes when autoDispose is on, naming the setting as the approval', async () => {
    const v = configure({ autoDispose: true });
    const id = seedRecording(v, '2020-01-01');
    const kept = seedRecording(v, '2020-01-01');
    v.holds.add({ recordingId: kept, reason: 'reconsideration' });
    const report = await v.retentionSweep.runOnce();
    expect(report.disposed).toBe(1);
    expect(fs.existsSync(path.join(ws.vault, v.recordings.get(id)!.vaultPath))).toBe(false);
    expect(fs.existsSync(path.join(ws.vault, v.recordings.get(kept)!.vaultPath))).toBe(true);
    const entry = [...v.audit.store.iterate({ afterSeq: 0 })].find((e) => e.action === 'retention.dispose');
    expect(entry?.details).toMatchObject({ approvedBy: AUTO_DISPOSE_APPROVER });
  });

  it('runs on its schedule between start and stop', async () => {
    const v = configure({ sweepSchedule: '* * * * * *' });
    v.retentionSweep.start();
    const sweeps = () => [...v.audit.store.iterate({ afterSeq: 0 })].filter((e) => e.action === 'retention.sweep').length;
    await waitFor('a sweep on the schedule', () => sweeps() > 0, 5000, 50);
    await v.retentionSweep.stop();
  });

  it('refuses a schedule that is not a cron expression', () => {
    const v = configure({ sweepSchedule: 'every day' });
    expect(() => v.retentionSweep.start()).toThrow(/not a cron expression/);
  });
});
