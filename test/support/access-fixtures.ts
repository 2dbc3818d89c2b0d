/** A vault with the people access by approval needs, seeded footage, and a level or clearance set directly (R14). */
import type { ClassificationLevel } from '../../src/core/classification.js';
import { ClassificationStore } from '../../src/adapters/catalog/classification-store.js';
import { openVaultParts } from '../../src/wiring.js';
import type { Clock } from '../../src/core/types.js';
import { makeWorkspace, runCli, runJson, type CliResult } from './cli.js';
import { seedRecording } from './seed-recordings.js';
import type { AuditEntry } from '../../src/core/audit-chain.js';

export type Workspace = ReturnType<typeof makeWorkspace>;

/** boss (admin), li (custodian), chen (archivist), wang (approver and custodian), zhao (approver). */
export function accessWorkspace(prefix: string): Workspace {
  const ws = makeWorkspace(prefix, { admin: 'boss' });
  const add = (user: string, ...roles: string[]) => {
    const r = runCli(['--config', ws.config, 'operator', 'add', user, '--name', user, ...roles.flatMap((x) => ['--role', x])], { SUDO_USER: 'boss' });
    if (r.status !== 0) throw new Error(r.stderr);
  };
  add('li', 'custodian');
  add('chen', 'archivist');
  add('wang', 'approver', 'custodian');
  add('zhao', 'approver');
  return ws;
}

export function seed(ws: Workspace, dates: string[]): number[] {
  const v = openVaultParts({ configFile: ws.config, logLevel: 'silent', actor: { operator: 'boss', role: 'admin' } });
  try {
    return dates.map((d) => seedRecording(v, d));
  } finally {
    void v.close();
  }
}

export function setLevel(ws: Workspace, recordingId: number, level: ClassificationLevel): void {
  const v = openVaultParts({ configFile: ws.config, logLevel: 'silent' });
  try {
    new ClassificationStore(v.db).setRecording(recordingId, { level, reason: 'test', setAt: new Date().toISOString(), setBy: 'boss' });
  } finally {
    void v.close();
  }
}

export function setClearance(ws: Workspace, user: string, level: ClassificationLevel): void {
  const v = openVaultParts({ configFile: ws.config, logLevel: 'silent' });
  try {
    new ClassificationStore(v.db).setClearance(user, { level, reason: 'test', setAt: new Date().toISOString(), setBy: 'boss' });
  } finally {
    void v.close();
  }
}

/** The built CLI as `user` (through sudo, as on an installed PC). */
export function as(ws: Workspace, user: string, ...args: string[]): CliResult {
  return runCli(['--config', ws.config, ...args], { SUDO_USER: user });
}

export function asJson<T>(ws: Workspace, user: string, ...args: string[]): T {
  return runJson<T>(['--config', ws.config, ...args], { SUDO_USER: user });
}

export function trail(ws: Workspace, target?: string): AuditEntry[] {
  const all = asJson<AuditEntry[]>(ws, 'boss', 'audit', 'log');
  return target ? all.filter((e) => e.target === target) : all;
}

/** The vault in this process as `operator`, on a clock of the test's choosing. */
export function vaultAs(ws: Workspace, operator: string, role: string, clock?: Clock) {
  return openVaultParts({ configFile: ws.config, logLevel: 'silent', actor: { operator, role }, clock });
}
