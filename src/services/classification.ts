/**
 * R14: classifying recordings and cases, and the clearances operators hold. Raising a level is any
 * classifier's act; lowering it (declassifying) is a leader's (approver) whose clearance covers the
 * level it has; nobody sets a level above their own clearance or touches footage they may not see.
 * A clearance is granted by a leader holding at least it, never to themselves. Every change is audited.
 */
import { clearanceCovers, CLASSIFICATION_LEVELS, isClassificationLevel, LEVEL_LABELS, type ClassificationLevel } from '../core/classification.js';
import { notClearedText, type Sight } from '../core/classification-view.js';
import { targetZh } from '../core/i18n/code-names.js';
import { markRecorded, UserError, type Said } from '../core/errors.js';
import type { Operator } from '../core/access-policy.js';
import type { Recording } from '../core/types.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { ClassificationStore, LevelChange } from '../adapters/catalog/classification-store.js';
import type { Case } from '../adapters/catalog/case-store.js';
import type { AuditTrail } from './audit-trail.js';
import { EXIT_REFUSED } from './command-session.js';

export interface ClassificationPorts {
  store: ClassificationStore;
  cases: { byNumber(number: string): Case | undefined };
  recordings: { get(id: number): Recording | undefined };
  operators: { get(osUser: string): Operator | undefined; list(): Operator[] };
  audit: AuditTrail;
  clock: UnitClock;
}

export interface LevelChangeResult {
  target: string;
  from: ClassificationLevel;
  to: ClassificationLevel;
}

interface Refusal {
  message: Said;
  hint: Said;
  exit: number;
}

const en = (l: ClassificationLevel) => LEVEL_LABELS[l].en;
const zh = (l: ClassificationLevel) => LEVEL_LABELS[l].zh;
const rank = (l: ClassificationLevel) => CLASSIFICATION_LEVELS.indexOf(l);
const NOTHING_CHANGED: Said = { zh: '未作任何变更。', en: 'Nothing was changed.' };
const SEE_RECORDINGS: Said = { zh: '查看影像：evidence-vault recordings list', en: 'See: evidence-vault recordings list' };

export function parseLevel(text: string): ClassificationLevel {
  if (!isClassificationLevel(text)) throw new UserError({ zh: `未知密级“${text}”`, en: `"${text}" is not a classification level` }, { zh: `可用：${CLASSIFICATION_LEVELS.join('、')}`, en: `Use one of: ${CLASSIFICATION_LEVELS.join(', ')}` });
  return text;
}

function needReason(reason: string): string {
  if (!reason.trim()) throw new UserError({ zh: '请用 --reason 说明变更理由', en: 'give the reason for the change (--reason)' }, { zh: '例如 --reason "涉及企业商业秘密"', en: 'e.g. --reason "涉及企业商业秘密"' });
  return reason.trim();
}

export class ClassificationService {
  constructor(private readonly p: ClassificationPorts) {}

  /** What the operator running the command may see: read once per command. */
  sight(): Sight {
    const clearance = this.p.store.clearanceOf(this.p.audit.who.operator);
    let recordings: Map<number, ClassificationLevel> | undefined;
    let cases: Map<number, ClassificationLevel> | undefined;
    return {
      clearance,
      level: (id) => (recordings ??= this.p.store.classifiedRecordings()).get(id) ?? 'ordinary',
      caseLevel: (id) => (cases ??= this.p.store.classifiedCases()).get(id) ?? 'ordinary',
      anyAbove: () => [...(recordings ??= this.p.store.classifiedRecordings()).values()].some((l) => !clearanceCovers(clearance, l)),
    };
  }

  /** Refuse (exit 77, on the record) an act on a recording the operator may not see. */
  requireSight(action: string, recordingId: number): void {
    const clearance = this.clearance();
    const level = this.p.store.effective(recordingId);
    if (clearanceCovers(clearance, level)) return;
    const { message, hint } = notClearedText({ zh: `影像 ${recordingId}`, en: `recording ${recordingId}` }, level, clearance);
    this.p.audit.refuse({ action, target: `recording:${recordingId}`, details: { level, clearance } }, message, hint, EXIT_REFUSED);
  }

  /** Refuse (exit 77, on the record) a case the operator may not see. */
  requireCaseSight(action: string, c: Case): void {
    const clearance = this.clearance();
    const level = this.p.store.caseLevel(c.id);
    if (clearanceCovers(clearance, level)) return;
    const { message, hint } = notClearedText({ zh: `案件 ${c.number}`, en: `case ${c.number}` }, level, clearance);
    this.p.audit.refuse({ action, target: `case:${c.number}`, details: { level, clearance } }, message, hint, EXIT_REFUSED);
  }

  /**
   * Refuse (77, on the record) recordings unlinked from a case by an operator who may not see the
   * case or them, or, unless a leader (approver), where the unlink lowers a recording's level: a
   * recording is as secret as its most secret case, so that unlink declassifies it.
   */
  requireUnlink(c: Case, ids: readonly number[]): void {
    this.requireCaseSight('case.unlink', c);
    for (const id of ids) this.requireSight('case.unlink', id);
    if (this.rolesOf(this.p.audit.who.operator).includes('approver')) return;
    const lowered = ids.filter((id) => rank(this.p.store.effectiveWithout(id, c.id)) < rank(this.p.store.effective(id)));
    if (!lowered.length) return;
    const level = this.p.store.caseLevel(c.id);
    this.p.audit.refuse(
      { action: 'case.unlink', target: `case:${c.number}`, details: { ids, lowered, level } },
      {
        zh: `影像 ${lowered.join('、')} 与案件 ${c.number}（${zh(level)}）解除关联即降低其密级（降密）：须由领导（approver）决定`,
        en: `unlinking recording ${lowered.join(', ')} from case ${c.number} (${en(level)}) lowers its level (declassifying): a leader's decision (approver)`,
      },
      { zh: '请持有该授权的领导执行。', en: 'Ask a leader holding that clearance to run it.' },
      EXIT_REFUSED,
    );
  }

  classifyRecordings(ids: readonly number[], levelText: string, reasonText: string): LevelChangeResult[] {
    const level = parseLevel(levelText);
    const reason = needReason(reasonText);
    const unique = [...new Set(ids)];
    if (!unique.length) throw new UserError({ zh: '请指定要定密的影像', en: 'say which recordings to classify' }, 'evidence-vault recordings classify ID… --level internal --reason "…"');
    const unknown = unique.filter((id) => !this.p.recordings.get(id));
    if (unknown.length) throw new UserError({ zh: `目录中无编号为 ${unknown.join('、')} 的影像`, en: `no recording with id ${unknown.join(', ')}` }, SEE_RECORDINGS);
    const targets = unique.map((id) => ({
      target: `recording:${id}`,
      own: () => this.p.store.recordingOwn(id),
      effective: () => this.p.store.effective(id),
      set: (change: LevelChange) => this.p.store.setRecording(id, change),
    }));
    return this.change('recordings.classify', targets, level, reason);
  }

  classifyCase(number: string, levelText: string, reasonText: string): LevelChangeResult {
    const level = parseLevel(levelText);
    const reason = needReason(reasonText);
    const c = this.p.cases.byNumber(number.trim());
    if (!c) throw new UserError({ zh: `无此案件：${number}`, en: `no case ${number}` }, { zh: '查看案件：evidence-vault case list', en: 'See: evidence-vault case list' });
    const own = () => this.p.store.caseLevel(c.id);
    return this.change('case.classify', [{ target: `case:${c.number}`, own, effective: own, set: (ch) => this.p.store.setCase(c.id, ch) }], level, reason)[0]!;
  }

  /** Grant (or change) an operator's clearance: by a leader holding at least it, never to themselves. */
  grantClearance(osUser: string, levelText: string, reasonText: string): LevelChangeResult {
    const level = parseLevel(levelText);
    const reason = needReason(reasonText);
    const input = { action: 'operator.clearance', target: osUser, details: { to: level, reason } };
    const who = this.p.audit.who.operator;
    const target = this.p.operators.get(osUser);
    if (!target) throw new UserError({ zh: `无此操作员：${osUser}`, en: `no operator ${osUser}` }, { zh: '查看操作员：evidence-vault operator list', en: 'See: evidence-vault operator list' });
    // A deactivated operator's clearance may still be lowered (what it let them read is withdrawn), never raised.
    if (!target.active && rank(level) > rank(this.p.store.clearanceOf(osUser))) throw new UserError({ zh: `操作员 ${osUser} 已停用：不能提高其授权`, en: `operator ${osUser} is deactivated: their clearance cannot be raised` }, { zh: `请先重新启用：evidence-vault operator roles ${osUser} --role …`, en: `Re-activate first: evidence-vault operator roles ${osUser} --role …` });
    const decide = (): Refusal | null => this.clearanceRefusal(who, osUser, level);
    const refusal = decide();
    if (refusal) this.p.audit.refuse(input, refusal.message, refusal.hint, refusal.exit);
    let from: ClassificationLevel = 'internal';
    this.p.audit.run(
      input,
      () => {
        const again = decide(); // two leaders at once: decided again under the write lock
        if (again) throw markRecorded(new UserError(again.message, again.hint, again.exit));
        from = this.p.store.clearanceOf(osUser);
        this.p.store.setClearance(osUser, { level, reason, setAt: this.p.clock.nowIso(), setBy: who });
      },
      () => ({ from }),
    );
    return { target: osUser, from, to: level };
  }

  clearanceOf(osUser: string): ClassificationLevel {
    return this.p.store.clearanceOf(osUser);
  }

  clearanceHistory(osUser: string): LevelChange[] {
    return this.p.store.clearanceHistory(osUser);
  }

  recordingHistory(id: number): LevelChange[] {
    return this.p.store.recordingHistory(id);
  }

  private clearance(): ClassificationLevel {
    return this.p.store.clearanceOf(this.p.audit.who.operator);
  }

  private rolesOf(osUser: string): readonly string[] {
    const o = this.p.operators.get(osUser);
    return o?.active ? o.roles : [];
  }

  private clearanceRefusal(who: string, osUser: string, level: ClassificationLevel): Refusal | null {
    if (who === osUser) return {
        message: { zh: '不得为本人授予密级权限', en: 'nobody grants a clearance to themselves' },
        hint: { zh: '由另一位持有该授权的领导授予（R14）。', en: 'Another leader holding that clearance grants it (R14).' },
        exit: EXIT_REFUSED,
      };
    const current = this.p.store.clearanceOf(osUser);
    if (current === level) return { message: { zh: `${osUser} 已持有${zh(level)}授权`, en: `${osUser} already holds ${en(level)} clearance` }, hint: NOTHING_CHANGED, exit: 2 };
    const mine = this.p.store.clearanceOf(who);
    const roles = this.rolesOf(who);
    // A leader changes a clearance only within their own: both the one given and the one taken away.
    if (roles.includes('approver') && clearanceCovers(mine, level) && clearanceCovers(mine, current)) return null;
    // The first holder of a level: nobody holds it to grant it, so the administrator names them (audited).
    const holders = this.p.operators.list().filter((o) => o.active && o.osUser !== osUser && clearanceCovers(this.p.store.clearanceOf(o.osUser), level));
    if (roles.includes('admin') && rank(level) > rank(current) && holders.length === 0) return null;
    return {
      message: {
        zh: `仅持有${zh(rank(level) > rank(current) ? level : current)}授权的领导（approver）可以授予 ${osUser} ${zh(level)}授权；您持有${zh(mine)}授权`,
        en: `only a leader (approver) holding ${en(rank(level) > rank(current) ? level : current)} clearance may give ${osUser} ${en(level)} clearance; you hold ${en(mine)}`,
      },
      hint: holders.length
        ? { zh: `请以下人员之一办理：${holders.map((h) => h.osUser).join('、')}`, en: `Ask one of: ${holders.map((h) => h.osUser).join(', ')}` }
        : { zh: '尚无人持有该授权：由系统管理员指定首位持有人。', en: 'Nobody holds it yet: the administrator names its first holder.' },
      exit: EXIT_REFUSED,
    };
  }

  private levelRefusal(target: string, own: ClassificationLevel, effective: ClassificationLevel, level: ClassificationLevel): Refusal | null {
    const named = targetZh(target);
    const who = this.p.audit.who.operator;
    const mine = this.p.store.clearanceOf(who);
    if (!clearanceCovers(mine, effective)) {
      const t = notClearedText({ zh: named, en: target }, effective, mine);
      return { ...t, exit: EXIT_REFUSED };
    }
    if (!clearanceCovers(mine, level)) {
      return {
        message: { zh: `${named}：不得设定高于本人授权（${zh(mine)}）的密级`, en: `${target}: nobody sets a level above their own clearance (${en(mine)})` },
        hint: { zh: `可由持有${zh(level)}授权的领导设定。`, en: `A leader holding ${en(level)} clearance may set it.` },
        exit: EXIT_REFUSED,
      };
    }
    if (own === level) return { message: { zh: `${named} 的密级已是${zh(level)}`, en: `${target} is already ${en(level)}` }, hint: NOTHING_CHANGED, exit: 2 };
    if (rank(level) < rank(own) && !this.rolesOf(who).includes('approver')) {
      return {
        message: { zh: `${named}：由${zh(own)}降为${zh(level)}（降密）须由领导（approver）决定`, en: `${target}: lowering ${en(own)} to ${en(level)} (declassifying) is a leader's decision (approver)` },
        hint: { zh: '请持有该授权的领导执行。', en: 'Ask a leader holding that clearance to run it.' },
        exit: EXIT_REFUSED,
      };
    }
    return null;
  }

  private change(
    action: string,
    targets: { target: string; own: () => ClassificationLevel; effective: () => ClassificationLevel; set: (c: LevelChange) => void }[],
    level: ClassificationLevel,
    reason: string,
  ): LevelChangeResult[] {
    const check = () => {
      for (const t of targets) {
        const r = this.levelRefusal(t.target, t.own(), t.effective(), level);
        if (r) return { t, r };
      }
      return null;
    };
    const first = check();
    if (first) this.p.audit.refuse({ action, target: first.t.target, details: { to: level, reason } }, first.r.message, first.r.hint, first.r.exit);
    const results: LevelChangeResult[] = [];
    const head = targets[0];
    this.p.audit.run(
      { action, target: head!.target, details: { to: level, reason } },
      () => {
        const again = check(); // decided again under the write lock: two classifiers at once
        if (again) throw markRecorded(new UserError(again.r.message, again.r.hint, again.r.exit));
        const change = { level, reason, setAt: this.p.clock.nowIso(), setBy: this.p.audit.who.operator };
        for (const t of targets) {
          const from = t.own();
          t.set(change);
          results.push({ target: t.target, from, to: level });
          if (t !== head) this.p.audit.insertInTransaction({ action, target: t.target, details: { from, to: level, reason } });
        }
      },
      () => ({ from: results[0]!.from }),
    );
    return results;
  }
}
