/**
 * `recordings custody ID --out DIR` (and `--case NUMBER`): one recording's chain of custody, or every
 * recording of a case, as a page (HTML) and its PDF, for a 法制审核 application (L4). Read from one
 * snapshot of the catalogue with the trail's chain head of that instant; written under hidden
 * temporary names and published without overwriting, where outputs may go (protected paths);
 * the report itself is on the record with the files' hashes and the chain head it printed.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { clearanceCovers, LEVEL_LABELS, strictest, type ClassificationLevel } from '../core/classification.js';
import { custodyItem, totals, type CustodyReport } from '../core/custody-report.js';
import { custodyHtml } from '../core/custody-report-html.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { CustodyReportStore } from '../adapters/catalog/custody-report-store.js';
import type { DiscHandoverStore } from '../adapters/catalog/disc-handover-store.js';
import type { OutputFiles } from '../adapters/output-files.js';
import type { OutputPublisher } from '../adapters/output-publish.js';
import type { ProtectedPaths } from '../adapters/protected-paths.js';
import type { ChromiumPrinter } from '../adapters/chromium-print.js';
import type { AuditInput, AuditTrail } from './audit-trail.js';
import { publishReport, reportPlace } from './report-output.js';
import { EXIT_REFUSED } from './command-session.js';
import type { Said } from '../core/errors.js';

export type CustodyScope = { recording: number } | { case: string };

export interface CustodyReportDeps {
  store: CustodyReportStore;
  handovers: Pick<DiscHandoverStore, 'of'>;
  /** R14: each recording's level, and the clearance an operator holds. */
  levels(ids: readonly number[]): Map<number, ClassificationLevel>;
  clearanceOf(osUser: string): ClassificationLevel;
  /** Runs the reads in one read transaction: every fact and the chain head of one instant. */
  snapshot<T>(fn: () => T): T;
  audit: AuditTrail;
  clock: UnitClock;
  outputsFor(role: string | null): OutputFiles;
  publisher: OutputPublisher;
  printer: Pick<ChromiumPrinter, 'pdf'>;
  hashFile(file: string): Promise<{ sha256: string; size: number }>;
}

export interface WrittenCustody {
  report: CustodyReport;
  files: { path: string; sha256: string; bytes: number }[];
}

/** A case number as part of a file name: 〔〕 and 号 stay, path separators and control characters do not. */
const fileSafe = (s: string) => s.replace(/[/\\\u0000-\u001f\u007f]/g, '_').slice(0, 80);

export class CustodyReportService {
  constructor(
    private readonly settings: { unitName: string | null; protectedPaths: ProtectedPaths },
    private readonly deps: CustodyReportDeps,
  ) {}

  async write(scope: CustodyScope, outDir: string): Promise<WrittenCustody> {
    const target = 'recording' in scope ? `recording:${scope.recording}` : `case:${scope.case}`;
    const input: AuditInput = { action: 'recordings.custody', target, details: { outDir } };
    return this.deps.audit.act(input, () => this.writeAudited(scope, outDir, input), { userErrorsAre: 'refused' });
  }

  /** The report of one snapshot; refusals (no such recording or case, clearance) recorded once it is closed. */
  private build(scope: CustodyScope, input: AuditInput): CustodyReport {
    const { audit, store } = this.deps;
    type Refusal = { refuse: [Said | string, Said | string, number, Record<string, unknown>?] };
    const read = this.deps.snapshot((): CustodyReport | Refusal => {
      let ids: number[];
      let caseTitle: string | null = null;
      if ('recording' in scope) {
        ids = [scope.recording];
      } else {
        const c = store.caseRecordings(scope.case);
        if (!c) return { refuse: [{ zh: `没有案件 ${scope.case}`, en: `no case ${scope.case}` }, { zh: '案件编号见：evidence-vault case list', en: 'Case numbers are shown by: evidence-vault case list' }, 2] };
        if (!c.ids.length) return { refuse: [{ zh: `案件 ${scope.case} 未关联影像`, en: `case ${scope.case} has no recordings linked` }, { zh: `请先关联影像：evidence-vault case link ${scope.case} …`, en: `Link them first: evidence-vault case link ${scope.case} …` }, 2] };
        ids = c.ids;
        caseTitle = c.title;
      }
      const handovers = (discId: number) => this.deps.handovers.of(discId).map(({ event, at, by, recipient, purpose, witness, note }) => ({ event, at, by, recipient, purpose, witness, note }));
      const facts = ids.map((id) => store.facts(id, handovers));
      const unknown = ids.filter((_, i) => !facts[i]);
      if (unknown.length) return { refuse: [{ zh: `目录中没有影像 ${unknown.join('、')}`, en: `no recording ${unknown.join(', ')} in the catalogue` }, { zh: '影像编号见：evidence-vault recordings list', en: 'Recording ids are the numbers shown by: evidence-vault recordings list' }, 2] };
      const levels = this.deps.levels(ids);
      const level = strictest(levels.values());
      const clearance = this.deps.clearanceOf(audit.who.operator);
      if (!clearanceCovers(clearance, level)) {
        return {
          refuse: [
            {
              zh: `拒绝：密级超出本人权限：该音像资料为${LEVEL_LABELS[level].zh}，您的授权为${LEVEL_LABELS[clearance].zh}（R14）`,
              en: `refused: the footage is ${LEVEL_LABELS[level].en}; your clearance is ${LEVEL_LABELS[clearance].en} (R14)`,
            },
            { zh: '授权由管理员登记；本次尝试已记录。', en: 'An administrator records clearances; the attempt is recorded.' },
            EXIT_REFUSED,
            { level, clearance },
          ],
        };
      }
      const items = facts.map((f, i) => custodyItem(f!, levels.get(ids[i]!) ?? 'ordinary'));
      return {
        kind: 'chain-of-custody',
        scope,
        caseTitle,
        unitName: this.settings.unitName,
        generatedAt: this.deps.clock.nowIso(),
        generatedBy: audit.who.operator,
        chainHead: audit.head(),
        items,
        counts: totals(items),
      };
    });
    if ('refuse' in read) {
      const [message, hint, exit, more] = read.refuse;
      return audit.refuse({ ...input, details: { ...input.details, ...more } }, message, hint, exit);
    }
    return read;
  }

  private async writeAudited(scope: CustodyScope, outDir: string, input: AuditInput): Promise<WrittenCustody> {
    const { audit } = this.deps;
    const out = { ...this.deps, protectedPaths: this.settings.protectedPaths };
    const base = 'recording' in scope ? `custody-recording-${scope.recording}` : `custody-case-${fileSafe(scope.case)}`;
    const { dir, finals } = await reportPlace(out, outDir, base, ['html', 'pdf'], input);
    const report = this.build(scope, input);
    const html = custodyHtml(report);
    // Hidden names a browser still reads by their extension; a dead run's are cleared by the next.
    const hidden = (final: string, tag: string) => path.join(dir, `.${base}.${tag}.partial${path.extname(final)}`);
    await publishReport(out, { dir, finals, outDir, input, hidden, leftover: /^\.custody-.*\.(\d+)-[0-9a-f]{8}\.partial\.(html|pdf)$/, what: 'item' }, async ([htmlTemp, pdfTemp], outputs) => {
      await outputs.writeFile(htmlTemp!, html, { durable: true });
      await this.deps.printer.pdf(htmlTemp!, pdfTemp!);
      await outputs.adopt(pdfTemp!);
      await this.deps.publisher.syncFile(pdfTemp!);
    });
    const pdf = await this.deps.hashFile(finals[1]!);
    const files = [
      { path: finals[0]!, sha256: createHash('sha256').update(html).digest('hex'), bytes: Buffer.byteLength(html) },
      { path: finals[1]!, sha256: pdf.sha256, bytes: pdf.size },
    ];
    audit.record({
      ...input,
      details: { ...input.details, recordings: report.items.map((i) => i.recording.id), files, counts: report.counts, chainHead: report.chainHead },
    });
    return { report, files };
  }
}
