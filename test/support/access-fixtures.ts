/** A vault with the people access by approval needs, seeded footage, and a level or clearance set directly (R14). */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import type { ClassificationLevel } from '../../src/core/classification.js';
import { groupId } from '../../src/adapters/os-group.js';
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

/**
 * An operator of `role` with an account of their own on this PC (useradd, in `group`, the OS group of
 * their role, made if missing and left in place: the install test, maybe running beside, expects to
 * find or make it), as secret footage needs (R14: it is read with the person's own account). The
 * workspace folder becomes passable (0711), as /var/lib is. `remove` deletes the account.
 */
export function accountOperator(ws: Workspace, name: string, role: string, group: string): { uid: number; gid: number; remove(): void } {
  if (groupId(group) === null) expectOk(spawnSync('groupadd', [group], { encoding: 'utf8' }), `groupadd ${group}`);
  fs.chmodSync(ws.dir, 0o711);
  expectOk(spawnSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', '-G', group, name], { encoding: 'utf8' }), `useradd ${name}`);
  const uid = Number(spawnSync('id', ['-u', name], { encoding: 'utf8' }).stdout.trim());
  const added = runCli(['--config', ws.config, 'operator', 'add', name, '--name', name, '--role', role], { SUDO_USER: 'boss' });
  if (added.status !== 0) throw new Error(added.stderr);
  return { uid, gid: groupId(group)!, remove: () => void spawnSync('userdel', [name]) };
}

function expectOk(r: { status: number | null; stderr: string }, what: string): void {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${r.stderr}`);
}
