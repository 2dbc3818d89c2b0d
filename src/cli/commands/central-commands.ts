/**
 * `central index|report|search`: the bureau's catalogue across stations, on its own config (--config),
 * never a station's vault. The store and PostgreSQL are loaded only when one of these runs.
 */
import type { Command } from 'commander';
import { periodOf } from '../../core/inspection-period.js';
import { checkedStations, DEFAULT_SEARCH_LIMIT, searchFilter } from '../../core/central-search.js';
import type { IndexProgress } from '../../services/central-index.js';
import { examples } from '../help-examples.js';
import { t } from '../language.js';
import { createOutput, type Output } from '../output.js';
import { centralMessages as m } from '../messages/central.js';
import type { GlobalOptions } from '../context.js';
import { indexSummaryText, reportText, searchText } from './central-text.js';

const collect = (v: string, prev: string[] = []) => [...prev, v];

/** Progress for a long run, on stderr: redrawn in place at a terminal, a line every half-minute elsewhere (the journal). */
function progressLine(): { show(p: IndexProgress): void; done(): void } {
  const tty = Boolean(process.stderr.isTTY);
  // A short run shows none: the first line comes once it has taken a while.
  let last = Date.now();
  let drawn = false;
  return {
    show(p) {
      const now = Date.now();
      if (now - last < (tty ? 250 : 30_000)) return;
      last = now;
      const line = t(m.progress, { station: p.station, no: p.stationNo, of: p.stations, listed: p.listed, read: p.read });
      process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
      drawn = tty;
    },
    done() {
      if (drawn) process.stderr.write('\r\x1b[2K');
    },
  };
}

function globalsOf(cmd: Command): GlobalOptions & { out: Output } {
  const g = cmd.optsWithGlobals() as GlobalOptions;
  return { ...g, out: createOutput(Boolean(g.json)) };
}

export function addCentralCommands(program: Command): void {
  const central = program.command('central').description(t(m.group));

  central
    .command('index')
    .description(t(m.index))
    .addHelpText('after', examples(['evidence-vault --config /etc/evidence-vault/central.json central index', 'evidence-vault --config /etc/evidence-vault/central.json central index --json'], t(m.indexNotes)))
    .action(async (_opts: unknown, cmd: Command) => {
      const { config, out } = globalsOf(cmd);
      const { openCentralIndex } = await import('../../wiring/central.js');
      const central = await openCentralIndex(config);
      const progress = progressLine();
      try {
        const summary = await central.index.run((p) => progress.show(p));
        progress.done();
        out.result(summary, () => indexSummaryText(summary));
        if (summary.findings) process.exitCode = 1;
      } finally {
        progress.done();
        await central.close();
      }
    });

  central
    .command('report')
    .description(t(m.report))
    .requiredOption('--from <date>', t(m.from))
    .requiredOption('--to <date>', t(m.to))
    .option('--station <name>', t(m.station), collect, [])
    .addHelpText(
      'after',
      examples(['evidence-vault --config /etc/evidence-vault/central.json central report --from 2026-01-01 --to 2026-06-30', 'evidence-vault --config central.json central report --from 2026-01-01 --to 2026-06-30 --station st-01 --json'], t(m.reportNotes)),
    )
    .action(async (opts: { from: string; to: string; station: string[] }, cmd: Command) => {
      const { config, out } = globalsOf(cmd);
      const period = periodOf(opts.from, opts.to);
      const stations = checkedStations(opts.station);
      const { openCentralReports } = await import('../../wiring/central.js');
      const central = await openCentralReports(config);
      try {
        const report = await central.reports.report(period, stations);
        out.result(report, () => reportText(report));
      } finally {
        await central.close();
      }
    });

  central
    .command('search')
    .description(t(m.search))
    .option('--officer <id>', t(m.officer))
    .option('--recorder <number>', t(m.recorder))
    .option('--case <number>', t(m.caseNumber))
    .option('--from <date>', t(m.from))
    .option('--to <date>', t(m.to))
    .option('--unit <unit>', t(m.unit))
    .option('--station <name>', t(m.station), collect, [])
    .option('--limit <n>', t(m.limit, { n: DEFAULT_SEARCH_LIMIT }))
    .addHelpText('after', examples(['evidence-vault --config central.json central search --officer 110101 --from 2026-05-01 --to 2026-05-31', 'evidence-vault --config central.json central search --case 鞍自然执〔2026〕17号 --json']))
    .action(async (opts: { officer?: string; recorder?: string; case?: string; from?: string; to?: string; unit?: string; station: string[]; limit?: string }, cmd: Command) => {
      const { config, out } = globalsOf(cmd);
      const filter = searchFilter(opts);
      const { openCentralReports } = await import('../../wiring/central.js');
      const central = await openCentralReports(config);
      try {
        const result = await central.reports.search(filter);
        out.result({ recordings: result.recordings, more: result.more, limit: filter.limit, secretLeftOut: result.secretLeftOut }, () => searchText(result));
      } finally {
        await central.close();
      }
    });
}
