/**
 * Where an evidence disc went after it was made (R12(2), issue 14): issued to a named person with a
 * purpose, returned, or destroyed before a witness. Steps are added, never edited (migration 16); a
 * disc out cannot be issued again before it is back, and a destroyed disc does nothing more. The
 * state is read and the step written in one IMMEDIATE transaction, so two copies of a command at once
 * cannot both issue the same disc. Every step, and every refusal, is on the record as `disc:NUMBER`
 * with the recordings the disc carries.
 */
import { markRecorded, UserError, type Said } from '../core/errors.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { DiscRecord, DiscStore } from '../adapters/catalog/disc-store.js';
import type { DiscHandover, DiscHandoverStore, HandoverEvent } from '../adapters/catalog/disc-handover-store.js';
import type { AuditTrail } from './audit-trail.js';
import type { SightCheck } from './access-clearance.js';
import { EXIT_REFUSED } from './command-session.js';

/** Where a disc is: never handed out, out with someone, back in the vault office, or destroyed. */
export type DiscWhereabouts =
  | { state: 'in-office'; since: string }
  | { state: 'issued'; to: string; purpose: string | null; since: string; by: string }
  | { state: 'returned'; since: string; by: string; note: string | null }
  | { state: 'destroyed'; since: string; witness: string; by: string; note: string | null };

export interface HandoverRequest {
  recipient?: string;
  purpose?: string;
  witness?: string;
  note?: string;
}

export interface HandoverResult {
  disc: string;
  event: HandoverEvent;
  handoverId: number;
  recordings: number[];
  where: DiscWhereabouts;
}

export interface DiscHandoverDeps {
  discs: Pick<DiscStore, 'byNumber' | 'files'>;
  store: DiscHandoverStore;
  /** The name an operator is registered under (operator add --name), to tell a witness from the operator. */
  operatorName(osUser: string): string | null;
  audit: AuditTrail;
  clock: UnitClock;
  /** R14: who hands a disc out sees its footage (access-clearance.ts). */
  sight?: SightCheck;
}

/** Where a disc is after its steps (oldest first). */
export function whereabouts(disc: Pick<DiscRecord, 'createdAt'>, steps: readonly DiscHandover[]): DiscWhereabouts {
  const last = steps[steps.length - 1];
  if (!last) return { state: 'in-office', since: disc.createdAt };
  if (last.event === 'issue') return { state: 'issued', to: last.recipient ?? '', purpose: last.purpose, since: last.at, by: last.by };
  if (last.event === 'return') return { state: 'returned', since: last.at, by: last.by, note: last.note };
  return { state: 'destroyed', since: last.at, witness: last.witness ?? '', by: last.by, note: last.note };
}

const squash = (s: string) => s.replace(/\s+/g, '').toLowerCase();
const text = (s: string | undefined) => (s === undefined || !s.trim() ? null : s.trim());

export class DiscHandoverService {
  constructor(private readonly deps: DiscHandoverDeps) {}

  issue(number: string, req: HandoverRequest): HandoverResult {
    return this.step(number, 'issue', req);
  }

  giveBack(number: string, req: HandoverRequest): HandoverResult {
    return this.step(number, 'return', req);
  }

  destroy(number: string, req: HandoverRequest): HandoverResult {
    return this.step(number, 'destroy', req);
  }

  /** Where each disc is now, by disc id. */
  where(discs: readonly Pick<DiscRecord, 'id' | 'createdAt'>[]): Map<number, DiscWhereabouts> {
    const latest = this.deps.store.latest();
    return new Map(discs.map((d) => [d.id, whereabouts(d, latest.has(d.id) ? [latest.get(d.id)!] : [])]));
  }

  /** One disc's steps, oldest first (for the chain of custody). */
  steps(discId: number): DiscHandover[] {
    return this.deps.store.of(discId);
  }

  private step(number: string, event: HandoverEvent, req: HandoverRequest): HandoverResult {
    const { audit, discs, store } = this.deps;
    const recipient = text(req.recipient);
    const purpose = text(req.purpose);
    const witness = text(req.witness);
    const note = text(req.note);
    const disc = discs.byNumber(number.trim());
    const recordings = disc ? [...new Set(discs.files(disc.id).flatMap((f) => (f.recordingId === null ? [] : [f.recordingId])))].sort((a, b) => a - b) : [];
    const input = { action: `disc.${event}`, target: `disc:${disc?.number ?? number}`, details: { recordings, recipient, purpose, witness, note } };
    if (disc && event === 'issue') this.deps.sight?.(input, recordings);
    // Refusals thrown inside the run are recorded by it as refused (the act's writes rolled back).
    const refuse = (message: Said, hint: Said, exit = 2): never => {
      throw markRecorded(new UserError(message, hint, exit));
    };
    return audit.run(input, () => {
      if (!disc) return refuse({ zh: `没有编号为 ${number} 的光盘`, en: `no disc ${number}` }, { zh: '光盘编号见：evidence-vault disc list', en: 'Disc numbers are the ones shown by: evidence-vault disc list' });
      const where = whereabouts(disc, store.of(disc.id));
      if (where.state === 'destroyed') {
        return refuse(
          { zh: `光盘 ${disc.number} 已于 ${where.since} 销毁（监销人 ${where.witness}）：不能再办理任何手续`, en: `disc ${disc.number} was destroyed on ${where.since} (witness ${where.witness}): nothing more can be recorded for it` },
          { zh: '已销毁的光盘不能恢复；请重新制作：evidence-vault disc build', en: 'A destroyed disc stays destroyed; make a new one with: evidence-vault disc build' },
          EXIT_REFUSED,
        );
      }
      if (event === 'issue') {
        if (!recipient) return refuse(
            { zh: '发出光盘须用 --to 注明接收人', en: 'disc issue needs --to: who receives the disc' },
            { zh: `例如：evidence-vault disc issue ${disc.number} --to "法制科 李某" --purpose "法制审核"`, en: 'Example: evidence-vault disc issue ' + disc.number + ' --to "法制科 李某" --purpose "法制审核"' },
          );
        if (where.state === 'issued') return refuse(
            { zh: `光盘 ${disc.number} 自 ${where.since} 起在 ${where.to} 处，尚未归还，不能再次发出`, en: `disc ${disc.number} is out with ${where.to} since ${where.since}: it cannot be issued again before it is returned` },
            { zh: `归还后执行：evidence-vault disc return ${disc.number}`, en: `When it is back: evidence-vault disc return ${disc.number}` },
          );
      }
      if (event === 'return' && where.state !== 'issued') {
        return refuse(
          {
            zh: `光盘 ${disc.number} 未发出（${where.state === 'returned' ? `已于 ${where.since} 归还` : '在保管室'}），无需归还`,
            en: `disc ${disc.number} is not out (it is ${where.state === 'returned' ? 'back since ' + where.since : 'in the vault office'}): nothing to return`,
          },
          { zh: '查看各光盘所在：evidence-vault disc list', en: 'See where each disc is: evidence-vault disc list' },
        );
      }
      if (event === 'destroy') {
        if (!witness) return refuse(
            { zh: '销毁光盘须用 --witness 注明监销人', en: 'disc destroy needs --witness: the person who sees it destroyed' },
            { zh: `例如：evidence-vault disc destroy ${disc.number} --witness "王某"`, en: `Example: evidence-vault disc destroy ${disc.number} --witness "王某"` },
          );
        if (where.state === 'issued') return refuse(
            { zh: `光盘 ${disc.number} 在 ${where.to} 处，尚未归还：请先登记归还再销毁`, en: `disc ${disc.number} is out with ${where.to}: record its return before destroying it` },
            { zh: `evidence-vault disc return ${disc.number} --note "…"，然后再销毁`, en: `evidence-vault disc return ${disc.number} --note "…", then destroy it` },
          );
        const self = [audit.who.operator, this.deps.operatorName(audit.who.operator) ?? ''].filter(Boolean).map(squash);
        if (self.includes(squash(witness))) {
          return refuse(
            { zh: `监销人不能是经办人本人（${audit.who.operator}）`, en: `the witness must be another person than you (${audit.who.operator})` },
            { zh: '请写明监督销毁的同事：--witness "王某"', en: 'Name the colleague who watches the disc destroyed: --witness "王某"' },
            EXIT_REFUSED,
          );
        }
      }
      const at = this.deps.clock.nowIso();
      const handoverId = store.insert({ discId: disc.id, event, recipient: event === 'issue' ? recipient : null, purpose: event === 'issue' ? purpose : null, witness: event === 'destroy' ? witness : null, note, at, by: audit.who.operator });
      return { disc: disc.number, event, handoverId, recordings, where: whereabouts(disc, store.of(disc.id)) };
    }, (r) => ({ handoverId: r.handoverId, state: r.where.state }));
  }
}
