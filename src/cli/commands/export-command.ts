import path from 'node:path';
import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { parseSize } from '../../core/bagit.js';
import { UserError } from '../../core/errors.js';
import { said } from '../../core/i18n/said.js';
import type { AnchorResult } from '../../core/audit-anchor.js';
import { createProgress, formatBytes } from '../progress-bar.js';
import type { SetCheck } from '../../services/export-verify.js';
import type { ExportReceipt } from '../../services/export.js';
import { withVault } from '../context.js';
import { t, tell } from '../language.js';
import { nextStep } from '../../services/export-receipt.js';
import { detailSaid } from '../../core/i18n/detail-said.js';
import { exportMessages as m } from '../messages/export.js';
import { restrictSecretOutputs } from './after-classification.js';

export function addExportCommands(program: Command): void {
  const exp = program.command('export').description(t(m.group));

  exp
    .command('quarter')
    .description(t(m.quarter))
    .argument('<quarter>', t(m.quarterArg))
    .requiredOption('--out <dir>', t(m.out))
    .option('--max-bag-size <size>', t(m.maxBagSize))
    .option('--before-end', t(m.beforeEnd))
    .addHelpText(
      'after',
      [
        '',
        t(m.examples),
        '  evidence-vault export quarter 2026Q3 --out /media/archive',
        `  evidence-vault export quarter 2026Q4 --out /media/archive --before-end   ${t(m.beforeEndExampleNote)}`,
        '',
        t(m.quarterNotes),
      ].join('\n'),
    )
    .action(async (quarter: string, opts: { out: string; maxBagSize?: string; beforeEnd?: boolean }, cmd: Command) => {
      await withVault(cmd, accessFor('export'), async (vault, { out }) => {
        let maxBagSize: number | undefined;
        if (opts.maxBagSize !== undefined) {
          const n = parseSize(opts.maxBagSize);
          if (n === null) throw new UserError(said(m.notASize, { value: opts.maxBagSize }), m.notASizeHint);
          maxBagSize = n;
        }
        const controller = new AbortController();
        const stop = () => controller.abort();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
        try {
          const outcome = await vault.export.exportQuarter({
            quarter,
            outDir: path.resolve(opts.out),
            maxBagSize,
            beforeEnd: opts.beforeEnd === true,
            progressFor: (label) => createProgress(label, !out.json),
            signal: controller.signal,
          });
          if (outcome.kind === 'empty') {
            out.result({ setId: null, quarter: outcome.quarter, empty: true, provisional: outcome.provisional, recordings: 0, sets: [] }, () =>
              t(m.empty, { quarter: outcome.quarter, provisional: outcome.provisional }),
            );
            return;
          }
          if (outcome.kind === 'up-to-date') {
            out.result({ setId: null, upToDate: true, quarter: outcome.quarter, provisional: outcome.provisional, sets: outcome.sets }, () =>
              t(m.upToDate, { quarter: outcome.quarter, provisional: outcome.provisional, list: outcome.sets.join(', ') }),
            );
            return;
          }
          const r = outcome.receipt;
          // Footage of the set classified secret while it was written: its bags are the service's alone now (R14).
          await restrictSecretOutputs(vault);
          out.result(r, () => describeReceipt(r));
          if (!r.complete) process.exitCode = 1;
        } finally {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
        }
      });
    });

  exp
    .command('verify')
    .description(t(m.verify))
    .argument('<path>', t(m.verifyArg))
    .addHelpText('after', `\n${t(m.example)}\n  evidence-vault export verify /media/archive/2026Q3\n\n${t(m.verifyNotes)}\n  cd /media/archive/2026Q3 && sha256sum -c manifest-sha256.txt`)
    .action(async (target: string, _opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('export.verify'), async (vault, { out }) => {
        const check = await vault.exportVerify.verifySets(target, (bag) => createProgress(t(m.progressVerify, { name: bag }), !out.json));
        const { ok, bags: reports } = check;
        out.result(check, () =>
          [
            ...reports.map((r) =>
              [
                r.ok
                  ? t(m.bagValid, { bag: r.bag, setId: r.setId ?? '?', files: r.files, size: formatBytes(r.bytes) })
                  : t(m.bagProblems, { bag: r.bag, count: r.problems.length, setId: r.setId ?? '?', files: r.files, size: formatBytes(r.bytes) }),
                ...r.problems.map((p) => `  ${p.kind.padEnd(14)} ${p.path || t(m.wholeBag)}${p.detail ? `  ${tell(detailSaid(p)!)}` : ''}`),
              ].join('\n'),
            ),
            ...describeHeads(check),
          ].join('\n'),
        );
        if (!ok) process.exitCode = 1;
      });
    });
}

/** The chain-head lines of `export verify`: what was compared with this PC's trail, and what was not. */
function describeHeads(h: SetCheck): string[] {
  const lines: string[] = [];
  if (h.anchors.length) lines.push(t(m.headsTitle));
  for (const a of h.anchors) lines.push(`  ${a.ok ? 'ok            ' : a.foundHash === null ? 'anchor-missing' : 'anchor-mismatch'} ${a.source}: ${verdict(a)}`);
  for (const n of h.anchorsNotCompared) lines.push(t(m.notCompared, { name: n.bag, reason: n.reason }));
  return lines;
}

/** What an anchor check found, in the run's language (the trail's finding keeps core's English). */
function verdict(a: AnchorResult): string {
  if (a.ok) return t(m.anchorOk, { id: a.seq });
  if (a.foundHash === null) return t(m.anchorMissing, { id: a.seq, liveHead: a.liveHeadSeq });
  return t(m.anchorMismatch, { id: a.seq, found: a.foundHash, expected: a.expectedHash });
}

export function describeReceipt(r: ExportReceipt): string {
  const lines = [
    t(m.receiptHead, { id: r.setId, quarter: r.quarter, provisional: r.provisional, supplement: r.supplement, complete: r.complete }),
    t(m.receiptFiles, { files: r.files, size: formatBytes(r.bytes), bytes: r.bytes, count: r.bags.length }),
  ];
  for (const b of r.bags) {
    lines.push(
      t(m.receiptBag, { number: b.bag, of: b.of, path: b.dir, earlier: b.state === 'already-complete' }),
      t(m.receiptBagFiles, { files: b.files, bytes: b.bytes, oxum: b.payloadOxum, resumed: b.resumedFiles }),
      t(m.receiptManifest, { what: b.manifestSha256 }),
      t(m.receiptChain, { id: b.chainHead.seq, what: b.chainHead.hash }),
    );
  }
  const next = nextStep(r);
  if (next) lines.push(t(m.receiptNext, { what: tell(next) }));
  if (r.provisional) lines.push(t(m.provisionalNote, { quarter: r.quarter }), t(m.provisionalFinal, { from: String(r.finalExportFrom), quarter: r.quarter }));
  if (r.complete) lines.push('', t(m.signatures));
  return lines.join('\n');
}
