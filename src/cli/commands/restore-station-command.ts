/** `restore-station`: a lost station disk rebuilt from the object store (issue 17). */
import type { Command } from 'commander';
import { accessFor } from '../../core/access-table.js';
import type { RestorePhase, RestoreReport } from '../../services/station-restore.js';
import { withVault } from '../context.js';
import { examples } from '../help-examples.js';
import { t } from '../language.js';
import { createProgress, formatBytes } from '../progress-bar.js';
import { restoreStationMessages as m } from '../messages/restore-station.js';
import { configured } from './replicate-command.js';

/** Exit status when the store stopped answering: run it again later (EX_TEMPFAIL). */
const EXIT_TRY_AGAIN = 75;
/** Exit status when recordings are left unrestored, or known to the trail alone (lost with the old disk). */
const EXIT_UNRESTORED = 1;

export function addRestoreStationCommands(program: Command): void {
  program
    .command('restore-station')
    .description(t(m.description))
    .addHelpText('after', examples(['evidence-vault init && evidence-vault restore-station', 'evidence-vault restore-station --json'], t(m.notes)))
    .action(async (_opts: unknown, cmd: Command) => {
      await withVault(cmd, accessFor('restore-station'), async (vault, { out }) => {
        configured(vault);
        const report = await vault.stationRestore!.restore({
          onPhase: (p) => process.stderr.write(`${phaseLine(p)}\n`),
          progress: createProgress(t(m.progressLabel), !out.json),
        });
        out.result(report, () => describe(report));
        if (report.storeUnreachable) process.exitCode = EXIT_TRY_AGAIN;
        else if (report.notRestored.length || report.onlyInTrail.length) process.exitCode = EXIT_UNRESTORED;
      });
    });
}

function phaseLine(p: RestorePhase): string {
  switch (p.phase) {
    case 'trail':
      return t(m.phaseTrail, p);
    case 'metadata':
      return t(m.phaseMetadata, p);
    case 'catalogue':
      return t(m.phaseCatalogue, p);
    case 'resume':
      return t(m.phaseResume, p);
    case 'bytes':
      return t(m.phaseBytes, { recordings: p.recordings, size: formatBytes(p.bytes) });
  }
}

function describe(r: RestoreReport): string {
  const store = `${r.endpoint.replace(/\/+$/, '')}/${r.bucket}`;
  const done = !r.notRestored.length && !r.storeUnreachable;
  const lines = [t(done ? (r.resumed ? m.headResumed : m.head) : m.headIncomplete, { station: r.station, store })];
  lines.push(r.trail.segments ? t(m.trailLine, { segments: r.trail.segments, entries: r.trail.entries, head: String(r.trail.head?.seq ?? 0), replaced: r.trail.replacedEntries }) : t(m.noTrail));
  const c = r.recordings;
  lines.push(t(m.recordingsLine, { catalogued: c.catalogued, disposed: c.disposed, placed: c.placed, size: formatBytes(c.bytes), already: c.alreadyPlaced }));
  const g = r.registers;
  lines.push(t(m.registersLine, { officers: g.officers, devices: g.devices, cases: g.cases, links: g.caseLinks, holds: g.holds, levels: g.levels }));
  if (r.recordersNotInRegister.length) lines.push(t(m.recordersMissing, { list: r.recordersNotInRegister.join(', ') }));
  if (r.notRestored.length) {
    lines.push(t(m.notRestoredHead, { n: r.notRestored.length }));
    for (const n of r.notRestored) lines.push(t(m.notRestoredLine, { what: [n.id === null ? null : `#${n.id}`, n.vaultPath ?? n.key].filter(Boolean).join(' '), reason: n.reason }));
  }
  if (r.notOnTrail.length) {
    lines.push(t(m.notOnTrailHead, { n: r.notOnTrail.length }));
    for (const x of r.notOnTrail) lines.push(t(m.notOnTrailLine, { id: x.id, path: x.vaultPath }));
  }
  if (r.laterVersions.length) {
    lines.push(t(m.laterVersionsHead, { n: r.laterVersions.length }));
    for (const v of r.laterVersions) lines.push(t(m.laterVersionsLine, { id: v.id, key: v.key, taken: v.taken, by: v.by, later: v.later.join(', ') }));
    lines.push(t(m.laterVersionsHint));
  }
  if (r.onlyInTrail.length) {
    lines.push(t(m.onlyInTrailHead, { n: r.onlyInTrail.length }));
    for (const x of r.onlyInTrail) lines.push(t(m.onlyInTrailLine, { id: x.id, path: x.vaultPath, seq: x.seq }));
  }
  lines.push(t(m.notCarriedHead));
  for (const k of r.notCarried) lines.push(t(m[k]));
  lines.push(t(r.storeUnreachable ? m.runAgain : m.next));
  return lines.join('\n');
}
