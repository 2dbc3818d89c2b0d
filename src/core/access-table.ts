/**
 * Which role may run what: the one table. Every command names its entry here; the operator's roles
 * are checked against it (services/authorizer.ts) and the sudo rules' comments are generated from it
 * (scripts/sudoers-roles.example, checked by a test). The order of roles is the order a role is
 * chosen in when an operator holds several: the most fitting first.
 */
import type { Access, Role } from './types.js';

const EVERYONE: readonly Role[] = ['custodian', 'archivist', 'auditor', 'approver', 'admin'];
const KEEPERS: readonly Role[] = ['custodian', 'admin']; // the recorder and officer registers (R8)
const ARCHIVE: readonly Role[] = ['archivist', 'admin'];

const TABLE = {
  // Ingest and the registers
  ingest: KEEPERS,
  'device.add': KEEPERS,
  'device.assign': KEEPERS,
  'device.unassign': KEEPERS,
  'device.status': KEEPERS,
  'device.identify': KEEPERS,
  'device.list': EVERYONE,
  'device.history': EVERYONE,
  'device.show': EVERYONE,
  // R16: the asset register and its fault and repair log; retirement is asked by a keeper (device.status)
  // and decided by a second person, a leader.
  'device.set': KEEPERS,
  'device.fault': KEEPERS,
  'device.repaired': KEEPERS,
  'device.retire-approve': ['approver'],
  'officer.add': KEEPERS,
  'officer.list': EVERYONE,
  'officer.status': KEEPERS,
  // R12(1) day by day; R7, P14: acts not recorded, entered by the custodian or the consenting leader.
  'dock.history': EVERYONE,
  'exemption.record': ['custodian', 'approver', 'admin'],
  'exemption.list': EVERYONE,
  'recordings.list': EVERYONE,
  'recordings.show': EVERYONE,
  'recordings.attribute': KEEPERS,
  status: EVERYONE,
  // Integrity
  verify: ['custodian', 'archivist', 'auditor', 'admin'],
  'audit.log': ['auditor', 'admin'],
  'audit.verify': ['auditor', 'admin'],
  'fixity.run': ['auditor', 'custodian', 'admin'],
  // The copy on the object store (issue 17): anyone may see the lag; the keepers send by hand; a lost
  // station disk is rebuilt by the administrator.
  'replicate.status': EVERYONE,
  'replicate.run': KEEPERS,
  'replicate.network': ['admin'],
  'restore-station': ['admin'],
  'fixity.status': EVERYONE,
  // Puts footage back into the vault, as ingest does: the keepers of the vault's contents. Not the
  // archivist, who makes the copies it restores from; not the auditor, who only checks.
  repair: KEEPERS,
  // Operators
  'operator.add': ['admin'],
  'operator.roles': ['admin'],
  'operator.deactivate': ['admin'],
  'operator.list': ['admin', 'auditor'],
  // Archive sets and discs
  export: ARCHIVE,
  'export.verify': ['archivist', 'auditor', 'admin'],
  'disc.build': ARCHIVE,
  'disc.burn': ARCHIVE,
  'disc.verify': ['archivist', 'auditor', 'custodian', 'admin'],
  'disc.list': ['archivist', 'auditor', 'approver', 'admin'],
  // Cases, holds, retention (R6, R12(3))
  'case.create': ARCHIVE,
  'case.link': ARCHIVE,
  'case.unlink': ARCHIVE,
  'case.close': ARCHIVE,
  'case.list': EVERYONE,
  'case.show': EVERYONE,
  'hold.add': ['archivist', 'approver', 'admin'],
  'hold.release': ['approver'],
  'hold.list': EVERYONE,
  'retention.status': EVERYONE,
  'retention.show': EVERYONE,
  'retention.run': ['archivist', 'auditor', 'approver', 'admin'],
  'retention.dispose': ['approver'],
  // Issue 14, permanent holds and disposal with a person (R12(3)): a wrong hold is corrected by two
  // approvers; the sweep disposes only under a standing approval two approvers signed; one revokes it.
  'hold.correct': ['approver'],
  'retention.standing.approve': ['approver'],
  'retention.standing.revoke': ['approver'],
  'retention.standing.list': EVERYONE,
  // The R15 inspection: heads of department (auditor), leaders (approver), administrators.
  'report.inspection': ['auditor', 'approver', 'admin'],
  'inspection.record': ['auditor', 'approver', 'admin'],
  'inspection.list': ['auditor', 'approver', 'admin'],
  'inspection.close-action': ['auditor', 'approver', 'admin'],
  // Gaps (R5, P16) and late storage (P25): explained by the officer's custodian or leader (approver).
  'gap.list': EVERYONE,
  'gap.explain': ['custodian', 'approver'],
  'late.list': EVERYONE,
  'late.explain': ['custodian', 'approver'],
  'device.drift': EVERYONE,
  // R14 classification (feat-class): raising a level is a classifier's act; lowering it and granting
  // clearances are a leader's (checked in services/classification.ts against their own clearance).
  // R12(2): the camera operator named apart from the wearer, by those who keep the footage or the discs.
  'recordings.classify': ['archivist', 'approver', 'admin'],
  'case.classify': ['archivist', 'approver', 'admin'],
  'operator.clearance': ['approver', 'admin'],
  'operator.show': ['admin', 'auditor', 'approver'],
  'recordings.operator': ['custodian', 'archivist', 'admin'],
  // Access by approval (R13, P27, R14): filed by the keepers of the footage, decided by a leader who did
  // not ask (checked in the service), used and listed by those who handle it; expiry by whoever checks.
  'access.request': ['custodian', 'archivist', 'admin'],
  'access.approve': ['approver'],
  'access.refuse': ['approver'],
  'access.open': ['custodian', 'archivist', 'admin'],
  'access.copy': ['custodian', 'archivist', 'admin'],
  'access.list': EVERYONE,
  'access.expire': ['custodian', 'archivist', 'auditor', 'approver', 'admin'],
  // Issue 14 (feat-custody): where a disc went after it was made (R12(2)), and one recording's chain of
  // custody for a legal-review application (L4): the archivist hands discs out; those who review read the chain.
  'disc.issue': ARCHIVE,
  'disc.return': ARCHIVE,
  'disc.destroy': ARCHIVE,
  'recordings.custody': ['auditor', 'archivist', 'approver', 'admin'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof TABLE;

/** What running `action` needs. */
export function accessFor(action: Action): Access {
  return { action, roles: TABLE[action] };
}

/** Every action with its roles, in table order. */
export function accessTable(): Access[] {
  return (Object.keys(TABLE) as Action[]).map(accessFor);
}

/** The actions a role may run. */
export function actionsOf(role: Role): Action[] {
  return (Object.keys(TABLE) as Action[]).filter((a) => (TABLE[a] as readonly Role[]).includes(role));
}
