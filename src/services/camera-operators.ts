/**
 * R12(2) names the camera operator (摄录人员) apart from the officers (执法人员): who filmed a recording
 * when it was not its wearer. Set per recording (an append-only history), audited; the register prints
 * it, or the wearer with a note saying none was given.
 */
import { UserError } from '../core/errors.js';
import type { Recording } from '../core/types.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { CameraOperatorStore } from '../adapters/catalog/camera-operator-store.js';
import type { AuditTrail } from './audit-trail.js';
import type { ClassificationService } from './classification.js';

export interface CameraOperatorPorts {
  store: CameraOperatorStore;
  recordings: { get(id: number): Recording | undefined };
  classification: ClassificationService;
  audit: AuditTrail;
  clock: UnitClock;
}

/** A name as a person would write it on the register: trimmed, one line, not empty. */
export function cameraOperatorName(text: string): string {
  const name = text.trim().replace(/\s+/g, ' ');
  if (!name || /[\u0000-\u001f\u007f]/.test(text.trim())) throw new UserError({ zh: `“${text}”不是有效姓名`, en: `"${text}" is not a name` }, { zh: '请给出摄录人姓名：--name "王五"', en: 'Give the camera operator\'s name: --name "王五"' });
  if (name.length > 64) throw new UserError({ zh: '姓名过长：超过 64 个字符', en: 'the name is longer than 64 characters' }, { zh: '请按记录表上的写法给出摄录人姓名。', en: 'Give the camera operator\'s name as on the register.' });
  return name;
}

export class CameraOperatorService {
  constructor(private readonly p: CameraOperatorPorts) {}

  of(recordingId: number): string | null {
    return this.p.store.of(recordingId);
  }

  history(recordingId: number) {
    return this.p.store.history(recordingId);
  }

  /** `recordings operator ID… --name NAME --reason TEXT`: one entry per recording, all in one transaction. */
  set(ids: readonly number[], nameText: string, reasonText: string): { recordingId: number; from: string | null; to: string }[] {
    const name = cameraOperatorName(nameText);
    const reason = reasonText.trim();
    if (!reason) throw new UserError({ zh: '请用 --reason 说明理由', en: 'give the reason (--reason)' }, { zh: '例如 --reason "由辅警王五持机摄录"', en: 'e.g. --reason "由辅警王五持机摄录"' });
    const unique = [...new Set(ids)];
    if (!unique.length) throw new UserError({ zh: '请指定影像', en: 'say which recordings' }, 'evidence-vault recordings operator ID… --name NAME --reason "…"');
    const unknown = unique.filter((id) => !this.p.recordings.get(id));
    if (unknown.length) throw new UserError({ zh: `目录中无编号为 ${unknown.join('、')} 的影像`, en: `no recording with id ${unknown.join(', ')}` }, { zh: '查看影像：evidence-vault recordings list', en: 'See: evidence-vault recordings list' });
    for (const id of unique) this.p.classification.requireSight('recordings.operator', id);
    const out: { recordingId: number; from: string | null; to: string }[] = [];
    this.p.audit.run(
      { action: 'recordings.operator', target: `recording:${unique[0]}`, details: { name, reason } },
      () => this.setInTransaction(unique, name, reason, out, unique[0]!),
      () => ({ from: out[0]!.from }),
    );
    return out;
  }

  /**
   * For callers already in a transaction (the disc build's): sets the name on each recording and records
   * one entry for each but `skipEntryFor` (whose entry the caller writes).
   */
  setInTransaction(ids: readonly number[], name: string, reason: string, out: { recordingId: number; from: string | null; to: string }[] = [], skipEntryFor?: number): void {
    const at = this.p.clock.nowIso();
    for (const id of ids) {
      const from = this.p.store.of(id);
      out.push({ recordingId: id, from, to: name });
      if (from === name) continue;
      this.p.store.set(id, { name, reason, setAt: at, setBy: this.p.audit.who.operator });
      if (id !== skipEntryFor) this.p.audit.insertInTransaction({ action: 'recordings.operator', target: `recording:${id}`, details: { from, to: name, reason } });
    }
  }
}
