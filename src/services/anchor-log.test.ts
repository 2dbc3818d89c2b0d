/** The daily anchor line's schedule wiring, on a real catalogue, with the job fired by hand. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { validate } from 'node-cron';
import { openVaultParts, type VaultWithParts } from '../wiring.js';
import { ANCHOR_JOB, ANCHOR_SCHEDULE, AnchorLog } from './anchor-log.js';
import { anchorLine } from './audit-verify.js';
import { HeldScheduler } from '../../test/support/held-scheduler.js';


const opened: { vault: VaultWithParts; dir: string }[] = [];
afterEach(async () => {
  for (const { vault, dir } of opened.splice(0)) {
    await vault.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

describe('AnchorLog', () => {
  it('logs the chain head at start, schedules it daily in the unit\'s zone, logs the new head when the job fires, and stops', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-anchor-log-'));
    const configFile = path.join(dir, 'config.json');
    fs.writeFileSync(configFile, JSON.stringify({ vaultRoot: 'vault', catalogPath: 'catalog.sqlite', timezone: 'Asia/Shanghai' }));
    const vault = openVaultParts({ configFile, create: true, logLevel: 'silent', actor: { operator: 'evidence-vault', role: 'service' } });
    opened.push({ vault, dir });
    const lines: { level: number; msg: string; anchor: { seq: number; hash: string; at: string | null } }[] = [];
    const log = pino({ level: 'info' }, { write: (s: string) => void lines.push(JSON.parse(s)) });
    const scheduler = new HeldScheduler();
    const anchors = new AnchorLog(() => vault.auditVerify.anchor(), scheduler, vault.clock, log);

    vault.startUp(); // records the configuration: a chain head to log
    anchors.start();
    const head = vault.audit.head();
    expect(head.seq).toBeGreaterThan(0);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.anchor).toEqual({ seq: head.seq, hash: head.hash, at: vault.auditVerify.anchor().at });
    expect(lines[0]!.msg).toBe(`audit chain anchor: ${anchorLine(vault.auditVerify.anchor())}`);
    expect(scheduler.jobs).toEqual([expect.objectContaining({ name: ANCHOR_JOB, expression: ANCHOR_SCHEDULE, timezone: 'Asia/Shanghai', stopped: false })]);
    expect(validate(ANCHOR_SCHEDULE)).toBe(true);

    vault.audit.record({ action: 'test.act' });
    scheduler.jobs[0]!.run();
    expect(lines).toHaveLength(2);
    expect(lines[1]!.anchor.seq).toBe(head.seq + 1);
    expect(lines[1]!.anchor.hash).toBe(vault.audit.head().hash);

    anchors.start(); // already started: no second schedule
    expect(scheduler.jobs).toHaveLength(1);
    await anchors.stop();
    expect(scheduler.jobs[0]!.stopped).toBe(true);
  });
});
