import path from 'node:path';
import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import { anchorVerdict } from '../../core/audit-anchor.js';
import { parseSize } from '../../core/bagit.js';
import { UserError } from '../../core/errors.js';
import { createProgress, formatBytes } from '../progress-bar.js';
import type { SetCheck } from '../../services/export-verify.js';
import type { ExportReceipt } from '../../services/export.js';
import { withVault } from '../context.js';

export function addExportCommands(program: Command): void {
  const exp = program.command('export').description('quarterly archive sets (BagIt bags) for the archivist (R11)');

  exp
    .command('quarter')
    .description('write the quarter\'s archive set (or its next supplement) as a BagIt bag, verified, with a receipt')
    .argument('<quarter>', 'the quarter, e.g. 2026Q3 (recordings whose local date falls in it)')
    .requiredOption('--out <dir>', 'where the bag folder is written (the archive disk)')
    .option('--max-bag-size <size>', 'split the set into bags of at most this size (e.g. 500G, 4.3G); each bag may go to its own disk')
    .option('--before-end', 'the quarter has not ended yet: make a provisional set (临时, 2026Q4-provisional-1, …) that does not count as the quarter\'s set; the final export must still follow once it ends')
    .addHelpText(
      'after',
      [
        '',
        'Examples:',
        '  evidence-vault export quarter 2026Q3 --out /media/archive',
        '  evidence-vault export quarter 2026Q4 --out /media/archive --before-end   # before 2027-01-01: provisional set 2026Q4-provisional-1',
        '',
        'Interrupted? Run the same command again: it picks up where it stopped. Recordings of the quarter',
        'ingested after its set was made go into a supplement set (2026Q3-S1, …) on the next run.',
        'A quarter with no recordings gets no set: nothing is written, no set id is used, exit status 0',
        '(--json: {"setId":null,"empty":true,…}). A quarter that has not ended is refused (exit status 2)',
        'unless --before-end is given; a provisional set never fulfils the quarterly duty, and the final',
        'export of the quarter (without --before-end, once it has ended) holds all its recordings again.',
      ].join('\n'),
    )
    .action(async (quarter: string, opts: { out: string; maxBagSize?: string; beforeEnd?: boolean }, cmd: Command) => {
      await withVault(cmd, accessFor('export'), async (vault, { out }) => {
        let maxBagSize: number | undefined;
        if (opts.maxBagSize !== undefined) {
          const n = parseSize(opts.maxBagSize);
          if (n === null) throw new UserError(`--max-bag-size "${opts.maxBagSize}" is not a size`, 'Give bytes or a size with a unit: 500M, 4.3G, 1T.');
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
              [
                `Quarter ${outcome.quarter} has no recordings${outcome.provisional ? ' so far' : ''}: no archive set made, nothing written, no set id used.`,
                `季度 ${outcome.quarter} ${outcome.provisional ? '目前' : ''}没有影像资料：未制作归档集，未写入任何文件，未占用归档集编号。`,
              ].join('\n'),
            );
            return;
          }
          if (outcome.kind === 'up-to-date') {
            const series = outcome.provisional ? 'provisional sets / 临时归档集' : 'sets';
            out.result({ setId: null, upToDate: true, quarter: outcome.quarter, provisional: outcome.provisional, sets: outcome.sets }, () =>
              `Quarter ${outcome.quarter} has nothing new to export: its recordings are in the ${series} ${outcome.sets.join(', ')}.`,
            );
            return;
          }
          const r = outcome.receipt;
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
    .description('check a bag (or a folder of bags): completeness, Payload-Oxum, every manifest line, the tag manifest; its audit chain head against this PC\'s trail')
    .argument('<path>', 'a bag folder, or the folder holding the bags of a set')
    .addHelpText('after', '\nExample:\n  evidence-vault export verify /media/archive/2026Q3\n\nExit status 1 when anything is wrong; each problem names its file. On the evidence PC, each bag\'s audit chain\nhead (bag-info.txt) is also compared with this PC\'s audit trail: a trail rewritten since the set was made\ndisagrees with it. Without this tool:\n  cd /media/archive/2026Q3 && sha256sum -c manifest-sha256.txt')
    .action(async (target: string, _opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('export.verify'), async (vault, { out }) => {
        const check = await vault.exportVerify.verifySets(target, (bag) => createProgress(`verify ${bag}`, !out.json));
        const { ok, bags: reports } = check;
        out.result(check, () =>
          [
            ...reports.map((r) =>
              [
                `${r.bag}: ${r.ok ? 'valid' : `${r.problems.length} problems`} (set ${r.setId ?? '?'}, ${r.files} files, ${formatBytes(r.bytes)})`,
                ...r.problems.map((p) => `  ${p.kind.padEnd(14)} ${p.path || '(bag)'}${p.detail ? `  ${p.detail}` : ''}`),
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
  if (h.anchors.length) lines.push(`Audit chain heads in the set against this PC's audit trail (the catalogue on this PC):`);
  for (const a of h.anchors) lines.push(`  ${a.ok ? 'ok            ' : a.foundHash === null ? 'anchor-missing' : 'anchor-mismatch'} ${a.source}: ${anchorVerdict(a)}`);
  for (const n of h.anchorsNotCompared) lines.push(`  not compared  ${n.bag}: ${n.reason}`);
  return lines;
}

export function describeReceipt(r: ExportReceipt): string {
  const lines = [
    `Archive set ${r.setId} (quarter ${r.quarter}${r.provisional ? ', PROVISIONAL / 临时' : r.supplement ? `, supplement ${r.supplement}` : ''}): ${r.complete ? 'complete and verified' : 'NOT complete'}`,
    `  files ${r.files}, ${formatBytes(r.bytes)} (${r.bytes} bytes) in ${r.bags.length} bag(s)`,
  ];
  for (const b of r.bags) {
    lines.push(
      `  bag ${b.bag} of ${b.of}: ${b.dir}${b.state === 'already-complete' ? ' (finished earlier)' : ''}`,
      `    files ${b.files}, ${b.bytes} bytes (Payload-Oxum ${b.payloadOxum})${b.resumedFiles ? `; ${b.resumedFiles} resumed from an interrupted run` : ''}`,
      `    manifest-sha256.txt SHA-256  ${b.manifestSha256}`,
      `    audit chain head             #${b.chainHead.seq} ${b.chainHead.hash}`,
    );
  }
  if (r.next) lines.push(`Next: ${r.next}`);
  if (r.provisional) {
    lines.push(
      `Provisional: made before quarter ${r.quarter} ended, it does not replace the quarter's archive set.`,
      `  From ${r.finalExportFrom} run: evidence-vault export quarter ${r.quarter} --out DIR   (the final set)`,
      `临时归档集：季度未结束时制作，不能代替季度归档；${r.finalExportFrom} 起须再做正式归档。`,
    );
  }
  if (r.complete) lines.push('', 'Handed over by: ____________________   Received by (archivist): ____________________   Date: ____________');
  return lines.join('\n');
}
