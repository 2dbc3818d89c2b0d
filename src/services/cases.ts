/**
 * Cases (P5: records linked to their case) and the case-by-case view of R11. Every act is audited.
 * A case of an R6 long-term category gets a case-level hold at creation, so every recording linked to
 * it, now or later, is kept for good (R12(3): never released).
 */
import { caseDayIndexPath, caseIndexPath, caseIndexText } from '../core/case-view.js';
import { UserError, type Said } from '../core/errors.js';
import { addMonths, cutoffsOn, GENERAL_CATEGORY, isLongTermCategory, LONG_TERM_CATEGORIES } from '../core/retention-policy.js';
import { resolveInVault } from '../core/vault-layout.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { Case, CaseStore } from '../adapters/catalog/case-store.js';
import type { RecordingFilter, RecordingStore } from '../adapters/catalog/recording-store.js';
import type { Hold, RetentionStore } from '../adapters/catalog/retention-store.js';
import type { Logger } from '../adapters/logger.js';
import type { AuditTrail } from './audit-trail.js';

const noCase = (number: string): Said => ({ zh: `无此案件：${number}`, en: `no case ${number}` });
const SEE_CASES: Said = { zh: '查看案件：evidence-vault case list', en: 'See: evidence-vault case list' };

export interface CaseSettings {
  vaultRoot: string;
  categoryMonths: Readonly<Record<string, number>>;
  /** R12(3): a corrected case hold keeps the case's recordings this long from the correction. */
  minimumMonths: number;
}

export interface CaseDetails {
  case: Case;
  recordings: ReturnType<CaseStore['viewEntries']>;
  holds: Hold[];
}

/** The case view's index files in the vault (text files, never copies of footage). */
export interface ViewFiles {
  write(abs: string, text: string): void;
  remove(abs: string): void;
}

export interface CaseDeps {
  cases: CaseStore;
  retention: RetentionStore;
  recordings: RecordingStore;
  views: ViewFiles;
  audit: AuditTrail;
  clock: UnitClock;
  log: Logger;
  /** Refuses an unlink the operator may not make (R14: it may declassify; classification.ts). */
  unlinkCheck: (c: Case, ids: readonly number[]) => void;
}

export class CaseService {
  private readonly cases: CaseStore;
  private readonly retention: RetentionStore;
  private readonly recordings: RecordingStore;
  private readonly views: ViewFiles;
  private readonly audit: AuditTrail;
  private readonly clock: UnitClock;
  private readonly log: Logger;

  constructor(
    private readonly settings: CaseSettings,
    private readonly deps: CaseDeps,
  ) {
    ({ cases: this.cases, retention: this.retention, recordings: this.recordings, views: this.views, audit: this.audit, clock: this.clock, log: this.log } = deps);
  }

  categories(): string[] {
    return [GENERAL_CATEGORY, ...LONG_TERM_CATEGORIES, ...Object.keys(this.settings.categoryMonths)];
  }

  create(input: { number: string; title: string; category: string; notes?: string | null; place?: string | null }): Case & { autoHold: number | null } {
    const number = input.number.trim();
    const audit = { action: 'case.create', target: `case:${number}`, details: { title: input.title, category: input.category } };
    const created = this.audit.run(audit, () => {
      // eslint-disable-next-line no-control-regex
      if (!number || /[\u0000-\u001f\u007f]/u.test(number)) throw new UserError(
          { zh: `案号“${input.number}”为空或含控制字符`, en: `case number "${input.number}" is empty or holds control characters` },
          { zh: '请按案卷上的写法给出案号，例如 鞍自然执〔2026〕17号。', en: 'Give the number as written on the case file, e.g. 鞍自然执〔2026〕17号.' },
        );
      if (!input.title.trim()) throw new UserError({ zh: '案件须有名称', en: 'a case needs a title' }, { zh: '请加上 --title "…"。', en: 'Add --title "…".' });
      if (!this.categories().includes(input.category)) {
        throw new UserError(
          { zh: `未知案件类别“${input.category}”`, en: `unknown case category "${input.category}"` },
          { zh: `可用：${this.categories().join('、')}（更多类别见 retention.categoryMonths）。`, en: `Use one of: ${this.categories().join(', ')} (more via retention.categoryMonths).` },
        );
      }
      if (this.cases.byNumber(number)) throw new UserError({ zh: `案件 ${number} 已存在`, en: `case ${number} exists already` }, { zh: `查看：evidence-vault case show ${number}`, en: `See: evidence-vault case show ${number}` });
      const now = this.nowIso();
      const c: Omit<Case, 'id'> = { number, title: input.title.trim(), category: input.category, status: 'open', notes: input.notes ?? null, place: input.place?.trim() || null, createdAt: now, createdBy: this.audit.who.operator };
      const id = this.cases.insert(c);
      let autoHold: number | null = null;
      if (isLongTermCategory(c.category)) {
        // R6: long-term categories are held from the start; the hold covers recordings linked later.
        autoHold = this.retention.insertHold({ recordingId: null, caseId: id, reason: c.category, note: 'R6 long-term category: held when the case was opened', placedAt: now, placedBy: this.audit.who.operator });
        this.audit.insertInTransaction({ action: 'hold.add', target: `case:${number}`, details: { holdId: autoHold, reason: c.category, automatic: true } });
      }
      return { ...c, id, autoHold };
    }, (r) => ({ caseId: r.id, autoHold: r.autoHold }));
    this.refreshView(created.id);
    return created;
  }

  list(status?: string): (Case & { recordings: number })[] {
    return this.cases.list(status);
  }

  get(number: string): Case {
    const c = this.cases.byNumber(number.trim());
    if (!c) throw new UserError(noCase(number), SEE_CASES);
    return c;
  }

  show(number: string): CaseDetails {
    const c = this.get(number);
    return { case: c, recordings: this.cases.viewEntries(c.id), holds: this.retention.holds({ caseId: c.id }) };
  }

  /** Open or close a case. Closing changes no hold: a closed case's holds stay until released. */
  setStatus(number: string, status: 'open' | 'closed'): Case {
    const c = this.audit.run({ action: `case.${status === 'open' ? 'reopen' : 'close'}`, target: `case:${number}` }, () => {
      const found = this.get(number);
      this.cases.setStatus(found.id, status, this.nowIso());
      return { ...found, status };
    });
    this.refreshView(c.id);
    return c;
  }

  /** Link recordings given by id, or by recorder and time range. Already-linked ones are skipped. */
  link(number: string, which: { ids?: readonly number[]; filter?: RecordingFilter }): { linked: number[]; already: number[] } {
    const result = this.audit.run({ action: 'case.link', target: `case:${number}`, details: { ids: which.ids ?? null, filter: which.filter ?? null } }, () => {
      const c = this.get(number);
      const ids = this.resolveIds(which);
      const disposed = ids.filter((id) => this.retention.isDisposed(id));
      if (disposed.length) throw new UserError(
          { zh: `影像 ${disposed.join('、')} 已删除/销毁，不能关联`, en: `recordings ${disposed.join(', ')} were disposed of and cannot be linked` },
          { zh: '查看其销毁记录：evidence-vault recordings show ID', en: 'See their tombstones: evidence-vault recordings show ID' },
        );
      const linked = this.cases.link(c.id, ids, this.nowIso(), this.audit.who.operator);
      const fresh = new Set(linked);
      return { caseId: c.id, linked, already: ids.filter((id) => !fresh.has(id)) };
    }, (r) => ({ linked: r.linked, already: r.already }));
    this.refreshView(result.caseId);
    return { linked: result.linked, already: result.already };
  }

  unlink(number: string, ids: readonly number[]): { unlinked: number[] } {
    const c = this.cases.byNumber(number.trim());
    if (!c) {
      this.audit.record({ action: 'case.unlink', target: `case:${number}`, outcome: 'refused', details: { ids, why: 'no such case' } });
      throw new UserError(noCase(number), SEE_CASES);
    }
    this.deps.unlinkCheck(c, ids);
    const holds = this.retention.holds({ caseId: c.id, active: true });
    if (holds.length) {
      // Unlinking would let a recording slip out from under the case's hold.
      this.audit.record({ action: 'case.unlink', target: `case:${c.number}`, outcome: 'refused', details: { ids, holds: holds.map((h) => h.id) } });
      throw new UserError(
        { zh: `案件 ${c.number} 已封存（${holds.map((h) => `#${h.id} ${h.reason}`).join('、')}）：其影像不能解除关联`, en: `case ${c.number} is held (${holds.map((h) => `#${h.id} ${h.reason}`).join(', ')}): its recordings cannot be unlinked` },
        {
          zh: '封存的案件保留其影像；误设的封存由两名审批人更正：evidence-vault hold correct HOLD_ID --reason "…"',
          en: 'A held case keeps its recordings; a hold placed by mistake is corrected by two approvers: evidence-vault hold correct HOLD_ID --reason "…"',
        },
      );
    }
    // A corrected case hold keeps what the case held at least the minimum period from the correction:
    // unlinking would end that floor at once.
    const corrected = this.retention.caseCorrectionsAfter(c.id, cutoffsOn(this.clock.today(), this.settings.minimumMonths, {}).minimum);
    if (corrected.length) {
      const through = corrected.map((h) => addMonths(h.correctedOn, this.settings.minimumMonths)).sort().at(-1)!;
      this.audit.record({ action: 'case.unlink', target: `case:${c.number}`, outcome: 'refused', details: { ids, correctedHolds: corrected.map((h) => h.holdId), keptThrough: through } });
      throw new UserError(
        {
          zh: `案件 ${c.number} 的封存 ${corrected.map((h) => `#${h.holdId}（${h.correctedOn} 更正）`).join('、')}：更正后至少保存至 ${through}（R12(3)），期间不得解除关联`,
          en: `case ${c.number} had hold ${corrected.map((h) => `#${h.holdId} corrected on ${h.correctedOn}`).join(', ')}: its recordings are kept through ${through} (R12(3)) and cannot be unlinked before`,
        },
        { zh: `请在 ${through} 之后解除关联。`, en: `Unlink them after ${through}.` },
        77,
      );
    }
    // R12(3): an evidence-use hold ends with its cases' closing; taking a recording out of its last open
    // case would let it be released without any case being closed.
    const lastOpen = (id: number) => !this.cases.casesOfRecordings([id]).some((o) => o.id !== c.id && o.status !== 'closed');
    const inUse = c.status === 'closed' ? [] : ids.filter(lastOpen).flatMap((id) => this.retention.holds({ recordingId: id, active: true }).filter((h) => h.reason === 'evidence-use'));
    if (inUse.length) {
      this.audit.record({ action: 'case.unlink', target: `case:${c.number}`, outcome: 'refused', details: { ids, evidenceUseHolds: inUse.map((h) => h.id) } });
      throw new UserError(
        {
          zh: `影像 ${[...new Set(inUse.map((h) => h.recordingId))].join('、')} 处于证据使用封存（${inUse.map((h) => `#${h.id}`).join('、')}），办结前须保持与未办结案件 ${c.number} 的关联`,
          en: `recording ${[...new Set(inUse.map((h) => h.recordingId))].join(', ')} carries an evidence-use hold (${inUse.map((h) => `#${h.id}`).join(', ')}) and stays linked to open case ${c.number} until it is closed`,
        },
        {
          zh: `请先办结案件（evidence-vault case close ${c.number}）；再由审批人按规定解除封存。`,
          en: `Close the case first (evidence-vault case close ${c.number}); the hold is then released by an approver as the rule says.`,
        },
        77,
      );
    }
    const days = new Set(ids.map((id) => this.recordings.get(id)?.localDate).filter((d): d is string => d !== undefined));
    const unlinked = this.audit.run({ action: 'case.unlink', target: `case:${c.number}`, details: { ids } }, () => this.cases.unlink(c.id, ids), (r) => ({ unlinked: r }));
    this.refreshView(c.id, days);
    return { unlinked };
  }

  /** Rewrite the case views of every case these recordings belong to (after a disposal). */
  refreshViewsOf(recordingIds: readonly number[]): void {
    for (const c of this.cases.casesOfRecordings(recordingIds)) this.refreshView(c.id);
  }

  /** The view is derived: a failure to write it is logged, never undoes the catalogued act. */
  refreshView(caseId: number, formerDays: Iterable<string> = []): void {
    const c = this.cases.byId(caseId);
    if (!c) return;
    try {
      const entries = this.cases.viewEntries(caseId);
      const at = this.nowIso();
      this.views.write(resolveInVault(this.settings.vaultRoot, caseIndexPath(c.number)), caseIndexText(c, entries, at));
      const byDay = new Map<string, typeof entries>();
      for (const e of entries) byDay.set(e.localDate, [...(byDay.get(e.localDate) ?? []), e]);
      for (const [day, list] of byDay) this.views.write(resolveInVault(this.settings.vaultRoot, caseDayIndexPath(c.number, day)), caseIndexText(c, list, at));
      for (const day of formerDays) if (!byDay.has(day)) this.views.remove(resolveInVault(this.settings.vaultRoot, caseDayIndexPath(c.number, day)));
    } catch (err) {
      this.log.error({ err: (err as Error).message, case: c.number }, 'cannot write the case view; the catalogue holds the links');
    }
  }

  private resolveIds(which: { ids?: readonly number[]; filter?: RecordingFilter }): number[] {
    if (which.ids?.length) {
      const missing = which.ids.filter((id) => !this.recordings.get(id));
      if (missing.length) throw new UserError({ zh: `目录中无编号为 ${missing.join('、')} 的影像`, en: `no recording with id ${missing.join(', ')}` }, { zh: '查找编号：evidence-vault recordings list', en: 'Find ids with: evidence-vault recordings list' });
      return [...new Set(which.ids)];
    }
    if (which.filter) {
      const ids = [...this.recordings.iterate({ ...which.filter, live: true })].map((r) => r.id);
      if (!ids.length) throw new UserError(
        { zh: '没有与该执法记录仪和时间范围相符的影像', en: 'no recordings match that recorder and time range' },
        { zh: '请核对：evidence-vault recordings list --device N --from … --to …', en: 'Check with: evidence-vault recordings list --device N --from … --to …' },
      );
      return ids;
    }
    throw new UserError({ zh: '请指定要关联的影像', en: 'say which recordings to link' }, { zh: '用 --recording ID… 或 --device N --from TIME --to TIME。', en: 'Use --recording ID… or --device N --from TIME --to TIME.' });
  }

  private nowIso(): string {
    return this.clock.nowIso();
  }
}
