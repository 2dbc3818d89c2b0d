/**
 * R13, R14: classified footage leaves the vault on a disc (purpose evidence) or in an archive set
 * (purpose archive) only under a live grant of that purpose covering it. The one check disc build and
 * export call; a grant used is on the record (`access.use`, by which command).
 */
import { accessTarget, purposeWithZh } from '../core/access-request.js';
import { isSecret, LEVEL_LABELS } from '../core/classification.js';
import type { AccessStore } from '../adapters/catalog/access-store.js';
import type { ClassificationStore } from '../adapters/catalog/classification-store.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { AuditTrail } from './audit-trail.js';
import type { AccessClearance } from './access-clearance.js';
import { EXIT_REFUSED } from './command-session.js';

/**
 * The port disc build and export hold: refuses (77, recorded under `on.action`) classified footage no
 * live grant covers; `secret`: some of it is secret, so what is written is the operator's alone to read.
 * `recordUse` puts each grant's use on the record (`access.use`): called once the command's own checks
 * have passed and it goes on to write, so a command refused after the gate leaves no use behind.
 */
export interface GrantUse {
  secret: boolean;
  recordUse(): void;
}

export interface GrantCheck {
  require(purpose: 'evidence' | 'archive', recordingIds: readonly number[], on: { action: string; target: string; details?: Record<string, unknown> }): GrantUse;
  /** Whether any of the recordings is secret now (an archive set resumed after its grant was checked). */
  secret(recordingIds: readonly number[]): boolean;
}

/** Nothing classified: no grant needed, none used. */
export const NO_GRANT_USED: GrantUse = { secret: false, recordUse: () => undefined };

const COMMAND: Record<'evidence' | 'archive', string> = { evidence: 'disc build', archive: 'export' };

export class GrantGate implements GrantCheck {
  constructor(
    private readonly store: AccessStore,
    private readonly classification: ClassificationStore,
    private readonly clearance: AccessClearance,
    private readonly audit: AuditTrail,
    private readonly clock: UnitClock,
  ) {}

  secret(recordingIds: readonly number[]): boolean {
    return [...this.classification.effectiveMany(recordingIds).values()].some(isSecret);
  }

  require(purpose: 'evidence' | 'archive', recordingIds: readonly number[], on: { action: string; target: string; details?: Record<string, unknown> }): GrantUse {
    const levels = this.classification.effectiveMany(recordingIds);
    if (levels.size === 0) return NO_GRANT_USED;
    // Whoever burns the disc or makes the set handles the footage: cleared for it, whatever the grant (R14).
    this.clearance.require({ action: on.action, target: on.target, details: { ...on.details, purpose } }, this.audit.who.operator, { as: 'self' }, [...levels.keys()]);
    // A grant covers a recording only while its approver's and requester's clearances cover the level it
    // has now, and while its requester is active (deactivated, the grant is ended by the next sweep).
    const grants = this.store.liveGrants(purpose, this.clock.now().getTime()).filter((g) => this.clearance.isActive(g.requestedBy)).map((g) => {
      const uncovered = new Set(this.clearance.uncovered(g));
      return { id: g.id, recordingIds: new Set([...g.recordingIds].filter((id) => !uncovered.has(id))) };
    });
    const uncovered = [...levels.keys()].filter((id) => !grants.some((g) => g.recordingIds.has(id))).sort((a, b) => a - b);
    if (uncovered.length) {
      const named = uncovered.map((id) => `${id} (${LEVEL_LABELS[levels.get(id)!].en})`).join(', ');
      const namedZh = uncovered.map((id) => `${id}（${LEVEL_LABELS[levels.get(id)!].zh}）`).join('、');
      const then = { zh: '然后由持有相应授权的审批人执行', en: 'then an approver with the clearance' };
      this.audit.refuse(
        { action: on.action, target: on.target, details: { ...on.details, recordings: uncovered, purpose, needs: 'access grant' } },
        {
          zh: `拒绝：影像 ${namedZh} 已定密：涉密影像须经审批授权，${COMMAND[purpose]} 需要覆盖这些影像、用途为 ${purposeWithZh(purpose)} 的有效调阅授权`,
          en: `refused: recording(s) ${named} are classified: ${COMMAND[purpose]} needs a live access grant for purpose ${purpose} covering them`,
        },
        {
          zh: `evidence-vault access request --recordings ${uncovered.join(',')} --purpose ${purpose} --for "…" --until YYYY-MM-DD，${then.zh}：evidence-vault access approve ID`,
          en: `evidence-vault access request --recordings ${uncovered.join(',')} --purpose ${purpose} --for "…" --until YYYY-MM-DD, ${then.en}: evidence-vault access approve ID`,
        },
        EXIT_REFUSED,
      );
    }
    const recordUse = () => {
      for (const g of grants) {
        const used = [...levels.keys()].filter((id) => g.recordingIds.has(id));
        if (used.length) this.audit.record({ action: 'access.use', target: accessTarget(g.id), details: { recordings: used, purpose, by: on.action, for: on.target } });
      }
    };
    return { secret: [...levels.values()].some(isSecret), recordUse };
  }
}
