/**
 * R14 in access by approval: classified footage reaches only people cleared for it. The requester
 * must be cleared when filing (a grant's footage is handed to them) and still when it is approved and
 * used; the approver when approving (they vouch for it) and still at every use; and whoever uses a
 * grant (opens its working copy, copies it onto media, burns a disc, exports a set) at that moment. A
 * clearance lowered, or footage classified, since stops a grant covering it. Every refusal is on the
 * record (77) with the recordings, their levels and the clearance held.
 */
import { beyondClearances, clearanceCovers, LEVEL_LABELS, type ClassificationLevel } from '../core/classification.js';
import type { Said } from '../core/errors.js';
import type { ClassificationStore } from '../adapters/catalog/classification-store.js';
import type { LiveGrant } from '../adapters/catalog/access-store.js';
import type { AuditTrail } from './audit-trail.js';
import { EXIT_REFUSED } from './command-session.js';

/** Refuses (77, recorded as `entry`) unless the operator is cleared for every recording: burning or handing out a disc. */
export type SightCheck = (entry: { action: string; target: string; details?: Record<string, unknown> }, recordingIds: readonly number[]) => void;

/** Who a person is to the grant, for the words of a refusal. */
export type GrantParty = { as: 'self' } | { as: 'requester'; grantId: number } | { as: 'approver'; grantId: number };

interface Entry {
  action: string;
  target: string;
  details?: Record<string, unknown>;
}

const zhLevel = (l: ClassificationLevel) => LEVEL_LABELS[l].zh;
const enLevel = (l: ClassificationLevel) => LEVEL_LABELS[l].en;

export class AccessClearance {
  constructor(
    private readonly classification: Pick<ClassificationStore, 'clearanceOf' | 'effectiveMany' | 'caseLevel'>,
    private readonly audit: Pick<AuditTrail, 'refuse'>,
    /** Whether `who` is an operator still active: footage no longer reaches a deactivated one. */
    private readonly active: (who: string) => boolean,
  ) {}

  /**
   * What `who` is cleared for now: their clearance; for one footage reaches (not an approver, who
   * vouched for a grant and receives nothing), no more than internal once deactivated.
   */
  private clearanceOf(who: string, party: GrantParty['as']): ClassificationLevel {
    return party === 'approver' || this.active(who) ? this.classification.clearanceOf(who) : 'internal';
  }

  /** The recordings whose effective level `who`'s clearance does not cover now. */
  above(who: string, recordingIds: readonly number[], party: GrantParty['as'] = 'self'): { clearance: ClassificationLevel; above: [number, ClassificationLevel][] } {
    const clearance = this.clearanceOf(who, party);
    const levels = this.classification.effectiveMany(recordingIds);
    return { clearance, above: [...levels].filter(([, level]) => !clearanceCovers(clearance, level)) };
  }

  /** Of a grant's recordings, those it no longer covers: above its approver's or its requester's clearance now. */
  uncovered(grant: Pick<LiveGrant, 'decidedBy' | 'requestedBy' | 'recordingIds'>): number[] {
    const levels = this.classification.effectiveMany([...grant.recordingIds]);
    // Nothing classified (most PCs): no clearance looked up.
    if (!levels.size) return [];
    const clearances = [this.clearanceOf(grant.decidedBy, 'approver'), this.clearanceOf(grant.requestedBy, 'requester')];
    return beyondClearances(levels, clearances).map(([id]) => id);
  }

  /**
   * Refuse (77, recorded as `entry`) a request naming a case above the operator's clearance, saying no
   * more than `case show` would: not which recordings it holds (the trail keeps them).
   */
  requireCase(entry: Entry, who: string, c: { id: number; number: string }): void {
    const clearance = this.clearanceOf(who, 'self');
    const level = this.classification.caseLevel(c.id);
    if (clearanceCovers(clearance, level)) return;
    this.audit.refuse(
      { ...entry, details: { ...entry.details, clearance, needed: level } },
      {
        zh: `拒绝：案件 ${c.number} 的密级为${zhLevel(level)}，高于您的授权（${zhLevel(clearance)}）（R14）`,
        en: `refused: case ${c.number} is classified ${enLevel(level)}, above your clearance (${enLevel(clearance)}) (R14)`,
      },
      hintFor(who, { as: 'self' }, level),
      EXIT_REFUSED,
    );
  }

  /** Refuse (77, recorded as `entry`) an approval by `me` of footage above their clearance: the approver vouches for it. */
  requireApprover(entry: Entry, me: string, recordingIds: readonly number[]): void {
    const { clearance, above } = this.above(me, recordingIds, 'approver');
    if (!above.length) return;
    const needed: ClassificationLevel = above.some(([, l]) => l === 'state-secret') ? 'state-secret' : 'commercial-secret';
    this.audit.refuse(
      { ...entry, details: { ...entry.details, clearance, needed, above: above.map(([id, level]) => ({ id, level })) } },
      {
        zh: `拒绝：审批人密级权限不足：${above.map(([id, l]) => `影像 ${id} 为${zhLevel(l)}`).join('，')}；审批须持有${zhLevel(needed)}授权，${me} 持有${zhLevel(clearance)}授权`,
        en: `refused: ${above.map(([id, l]) => `recording ${id} is ${enLevel(l)}`).join(', ')}; approving needs a ${enLevel(needed)} clearance, ${me} holds ${enLevel(clearance)}`,
      },
      { zh: `由持有 ${needed} 授权的审批人审批（授权由系统管理员授予）。`, en: `An approver with a ${needed} clearance decides it (clearances are given by an administrator).` },
      EXIT_REFUSED,
    );
  }

  /** Whether `who` is an operator still active. */
  isActive(who: string): boolean {
    return this.active(who);
  }

  /** Refuse (77, recorded as `entry`) a grant whose requester has been deactivated: footage reaches nobody who left. */
  requireActiveRequester(entry: Entry, who: string, grantId: number): void {
    if (this.active(who)) return;
    this.audit.refuse(
      entry,
      { zh: `拒绝：授权 ${grantId} 的申请人 ${who} 已停用`, en: `refused: ${who}, who asked for access ${grantId}, is deactivated` },
      { zh: '如仍需调阅，由在职人员重新申请：evidence-vault access request …', en: 'If access is still needed, someone active files a new request: evidence-vault access request …' },
      EXIT_REFUSED,
    );
  }

  /** Refuse (77, recorded as `entry`) unless `who`'s clearance covers every recording now. */
  require(entry: Entry, who: string, party: GrantParty, recordingIds: readonly number[]): void {
    const { clearance, above } = this.above(who, recordingIds, party.as);
    if (!above.length) return;
    const needed: ClassificationLevel = above.some(([, l]) => l === 'state-secret') ? 'state-secret' : 'commercial-secret';
    const list: Said = {
      zh: above.map(([id, l]) => `影像 ${id} 为${zhLevel(l)}`).join('，'),
      en: above.map(([id, l]) => `recording ${id} is ${enLevel(l)}`).join(', '),
    };
    const whose = clearanceOfText(who, party, party.as === 'approver' || this.active(who));
    this.audit.refuse(
      { ...entry, details: { ...entry.details, [party.as === 'self' ? 'clearance' : `${party.as}Clearance`]: clearance, needed, above: above.map(([id, level]) => ({ id, level })) } },
      {
        zh: `拒绝：${list.zh}，高于${whose.zh}（${zhLevel(clearance)}）：涉密影像仅交由持有相应授权的人员（R14）`,
        en: `refused: ${list.en}, above ${whose.en} (${enLevel(clearance)}): classified footage reaches only those cleared for it (R14)`,
      },
      hintFor(who, party, needed),
      EXIT_REFUSED,
    );
  }
}

function clearanceOfText(who: string, party: GrantParty, active: boolean): Said {
  if (party.as === 'self') return { zh: '您的授权', en: 'your clearance' };
  const off: Said = active ? { zh: '', en: '' } : { zh: '（已停用）', en: ' (deactivated)' };
  if (party.as === 'requester') return { zh: `授权 ${party.grantId} 的申请人 ${who}${off.zh} 的授权`, en: `the clearance of ${who}${off.en}, who asked for access ${party.grantId}` };
  return { zh: `授权 ${party.grantId} 的批准人 ${who}${off.zh} 的授权`, en: `the clearance of ${who}${off.en}, who approved access ${party.grantId}` };
}

function hintFor(who: string, party: GrantParty, needed: ClassificationLevel): Said {
  const give = `evidence-vault operator clearance ${who} --level ${needed} --reason "…"`;
  if (party.as === 'approver') return { zh: '须重新申请，由持有该授权的审批人审批：evidence-vault access request …', en: 'A new request, decided by an approver holding that clearance: evidence-vault access request …' };
  return {
    zh: `由持有${zhLevel(needed)}授权的人员办理，或请领导授予授权：${give}`,
    en: `Someone holding a ${enLevel(needed)} clearance does it, or a leader grants one: ${give}`,
  };
}
