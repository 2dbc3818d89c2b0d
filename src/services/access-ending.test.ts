import { describe, expect, it } from 'vitest';
import { unitClock } from '../core/unit-clock.js';
import type { AccessStore, LiveGrant } from '../adapters/catalog/access-store.js';
import type { AuditTrail } from './audit-trail.js';
import { AccessEnding } from './access-ending.js';

const ROOT = '/var/lib/evidence-vault/vault-access-copies';
const COPY = `${ROOT}/grant-7`;

/**
 * A sweep over one live grant whose copy its role's group reads and whose footage is secret now: it
 * must go. `heldBy`: the process whose claim on the copy is held (an `access copy` making it again).
 */
function sweep(heldBy: string | null) {
  const steps: string[] = [];
  const grant: LiveGrant = { id: 7, decidedBy: 'zhao', requestedBy: 'li', recordingIds: new Set([3]) };
  let claim: string | null = heldBy;
  const store = {
    liveGrants: (purpose: string) => (purpose === 'view' ? [grant] : []),
    get: () => ({ copyPath: COPY }),
    claimCopy: (_id: number, token: string) => {
      if (claim && claim !== token) return claim;
      steps.push('claim');
      claim = token;
      return null;
    },
    releaseCopy: (_id: number, token: string) => {
      if (claim === token) (steps.push('release'), (claim = null));
    },
    clearCopy: () => (steps.push('clear'), true),
  } as unknown as AccessStore;
  const audit = { insertInTransaction: () => steps.push('withdraw recorded'), flushToFile: () => undefined, record: () => steps.push('failure recorded') } as unknown as AuditTrail;
  const ending = new AccessEnding(ROOT, {
    store,
    files: { remove: async () => (steps.push('remove'), true), sharedWithGroup: () => true, accountReading: async () => 'kept' },
    audit,
    clock: unitClock({ now: () => new Date('2026-11-30T10:00:00Z') }, 'Asia/Shanghai'),
    runner: { token: 'sweep:1', alive: () => true },
    transaction: (fn) => fn(),
    uncovered: () => [],
    secret: () => true,
  });
  return { ending, steps };
}

describe('a withdrawal holds the copy’s claim, as its making does', () => {
  it('claims the copy, removes it, forgets it on the record, and lets go', async () => {
    const { ending, steps } = sweep(null);
    expect(await ending.withdrawUncovered()).toEqual([{ id: 7, removed: COPY }]);
    expect(steps).toEqual(['claim', 'remove', 'clear', 'withdraw recorded', 'release']);
  });

  it('leaves a copy another command is making again to the next sweep: nothing removed, nothing forgotten', async () => {
    const { ending, steps } = sweep('copy:2');
    expect(await ending.withdrawUncovered()).toEqual([]);
    expect(steps).toEqual([]);
  });
});
