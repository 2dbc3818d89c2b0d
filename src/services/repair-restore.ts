/**
 * One recording put back: under its repair lock, look again (another run may have done it), find an
 * identical copy, set the damaged file aside inside the vault (never destroyed), link the verified
 * temp copy into the catalogued path (never over a file), read it back, read-only; on the record
 * either way. The catalogue row does not change: its path and hash are the truth being restored.
 */
import path from 'node:path';
import { errorCode, errorMessage, type Said } from '../core/errors.js';
import { say } from '../core/i18n/messages.js';
import { said } from '../core/i18n/said.js';
import { joinSaid } from '../core/i18n/said-parts.js';
import { repairWords as w } from '../core/i18n/repair-messages.js';
import { resolveInVault } from '../core/vault-layout.js';
import type { StagingSpace } from './ingest-ports.js';
import type { RepairDeps } from './repair-ports.js';
import { VAULT_FULL, type FoundCopy, type RepairSource } from './repair-sources.js';

/** Damaged copies set aside, one folder per run, keeping the vault path below it. Not footage: verify never walks it. */
export const ASIDE_ROOT = '.repair/damaged';
const ATTEMPTS = 3;

/** What is wrong with a stored file; `unsealed`: the right bytes, still writable (a restore interrupted before its seal). */
export type RepairProblem = 'mismatch' | 'size-changed' | 'missing' | 'unreadable' | 'unsealed';

export interface RepairItem {
  id: number;
  vaultPath: string;
  sha256: string;
  size: number;
}

export type RepairOutcome =
  | { kind: 'restored'; id: number; vaultPath: string; from: string; source: string; problem: RepairProblem; asideAs: string | null }
  | { kind: 'unresolved'; id: number; vaultPath: string; problem: RepairProblem; reason: string; reasonSaid: Said; asideAs: string | null }
  | { kind: 'ok'; id: number; vaultPath: string; note?: string; noteSaid?: Said };

/** What one run shares: its sources, staging area, aside folder, and whether a recording is still live. */
export interface RestoreRun {
  vaultRoot: string;
  sources: readonly RepairSource[];
  /** The trail's action for each recording put back or not: `repair.restore` unless a restore-station run says otherwise. */
  action?: string;
  staging: StagingSpace;
  asideFolder: string;
  /** Where the recording is catalogued now; null once it is disposed of (an attribution may move it meanwhile). */
  vaultPathNow: (id: number) => string | null;
  /** Set when the vault cannot take more: the recordings not reached yet are left unresolved. */
  stopped?: Said;
}

/** The stored file now: null when it matches the catalogue and is sealed, else what is wrong. */
export async function problemOf(deps: Pick<RepairDeps, 'workers' | 'files'>, vaultRoot: string, item: RepairItem, onBytes?: (n: number) => void): Promise<RepairProblem | null> {
  try {
    const got = await deps.workers.hash(resolveInVault(vaultRoot, item.vaultPath), onBytes);
    if (got.size !== item.size) return 'size-changed';
    if (got.sha256 !== item.sha256) return 'mismatch';
    return (await deps.files.unsealed(vaultRoot, item.vaultPath)) ? 'unsealed' : null;
  } catch (err) {
    return errorCode(err) === 'ENOENT' ? 'missing' : 'unreadable';
  }
}

/** The right bytes left writable: sealed, on the record (nothing to copy, nothing set aside). */
async function sealed(deps: RepairDeps, run: RestoreRun, item: RepairItem, why: Said): Promise<RepairOutcome> {
  await deps.files.seal(run.vaultRoot, item.vaultPath);
  deps.audit.record({ action: 'repair.seal', target: item.vaultPath, details: { recordingId: item.id, sha256: item.sha256, why: why.en } });
  return fine(item.id, item.vaultPath, { zh: say('zh', w.madeReadOnly, { why: why.zh }), en: say('en', w.madeReadOnly, { why: why.en }) });
}

/** A recording the run did not reach once it stopped (`why`: what stopped it). */
export function notTried(why: Said): Said {
  return { zh: say('zh', w.notTried, { why: why.zh }), en: say('en', w.notTried, { why: why.en }) };
}

/** Found fine, with what happened to it in both languages. */
function fine(id: number, vaultPath: string, note: Said): RepairOutcome {
  return { kind: 'ok', id, vaultPath, note: note.en, noteSaid: note };
}

export async function restoreOne(deps: RepairDeps, run: RestoreRun, item: RepairItem, problem: RepairProblem): Promise<RepairOutcome> {
  let release: () => Promise<void>;
  try {
    release = await deps.files.lockRecording(run.vaultRoot, item.id, (pid) =>
      deps.log.warn({ recordingId: item.id, holderPid: pid }, 'repair: another repair run holds this recording; waiting for it'),
    );
  } catch (err) {
    return unresolved(deps, run, item, problem, failure(run, err), null);
  }
  try {
    // Looked at where the catalogue has it now: a recording attributed since the check was moved, not
    // lost, and a copy put back at its old name would be a second, uncatalogued file.
    for (let look = 1; ; look++) {
      const here = run.vaultPathNow(item.id);
      if (here === null) return fine(item.id, item.vaultPath, said(w.disposed));
      const at = { ...item, vaultPath: here };
      const now = await problemOf(deps, run.vaultRoot, at);
      if (run.vaultPathNow(item.id) !== here && look < 3) continue;
      if (now === null) return fine(item.id, here, here === item.vaultPath ? said(w.fixedMeanwhile, { problem }) : said(w.movedMeanwhile, { path: here }));
      if (now === 'unsealed') return await sealed(deps, run, at, said(w.leftWritable));
      return await putBack(deps, run, at, now);
    }
  } catch (err) {
    return unresolved(deps, run, item, problem, failure(run, err), null);
  } finally {
    await release();
  }
}

async function putBack(deps: RepairDeps, run: RestoreRun, item: RepairItem, problem: RepairProblem): Promise<RepairOutcome> {
  const state = { asideAs: null as string | null };
  try {
    return await attempts(deps, run, item, problem, state);
  } catch (err) {
    // The damaged file may be set aside already: say where, so the record and the report both show it.
    return unresolved(deps, run, item, problem, failure(run, err), state.asideAs);
  }
}

async function attempts(deps: RepairDeps, run: RestoreRun, item: RepairItem, problem: RepairProblem, state: { asideAs: string | null }): Promise<RepairOutcome> {
  for (let attempt = 1; ; attempt++) {
    const found = await findCopy(run, item);
    if (!found) {
      // A source's own reasons (the object store's) are in English only: they follow the sentence as written.
      const why = run.sources.map((s) => s.missReason?.(item.id)).filter((r): r is string => Boolean(r));
      const searched = run.sources.length ? said(w.noCopy, { sha: item.sha256.slice(0, 12), size: item.size, sources: run.sources.length }) : said(w.noSource);
      return unresolved(deps, run, item, problem, joinSaid([searched, ...why.map((r) => ({ zh: r, en: r }))]), state.asideAs);
    }
    const { copy, source } = found;
    try {
      if (problem !== 'missing' && state.asideAs === null) {
        const aside = `${run.asideFolder}/${item.vaultPath}`;
        await deps.files.setAside(run.vaultRoot, item.vaultPath, aside, () => (state.asideAs = aside));
        // On the record as soon as it is done: a run killed before its outcome still says where the damaged file went.
        if (state.asideAs) deps.audit.record({ action: 'repair.set-aside', target: item.vaultPath, details: { recordingId: item.id, problem, asideAs: aside } });
      }
      await deps.files.ensureVaultFolder(run.vaultRoot, path.posix.dirname(item.vaultPath));
      const abs = resolveInVault(run.vaultRoot, item.vaultPath);
      // Read back by its SHA-256 (no XXH3 from the copy: repair is rare, and the stronger check costs little there).
      const placed = await deps.workers.place(copy.tmp, abs, { sha256: item.sha256 });
      if (!placed.placed) {
        // Something else put a file at the path meanwhile: never replaced, judged by its bytes.
        const there = await problemOf(deps, run.vaultRoot, item);
        if (there === null) return fine(item.id, item.vaultPath, said(w.appeared));
        if (there === 'unsealed') return await sealed(deps, run, item, said(w.appearedWritable));
        return unresolved(deps, run, item, problem, said(w.otherFile), state.asideAs);
      }
      if (!placed.readBack.matches || placed.readBack.size !== item.size) {
        await deps.files.removeUnsealed(abs);
        if (attempt >= ATTEMPTS) return unresolved(deps, run, item, problem, said(w.readBackWrong), state.asideAs);
        deps.log.warn({ vaultPath: item.vaultPath, attempt }, 'repair: read-back differs: redoing the copy from the source');
        continue;
      }
      deps.audit.record({
        action: run.action ?? 'repair.restore',
        target: item.vaultPath,
        details: { recordingId: item.id, sha256: item.sha256, size: item.size, problem, from: copy.from, source: source.path, sourceKind: source.kind, ...copy.details, asideAs: state.asideAs },
      });
      return { kind: 'restored', id: item.id, vaultPath: item.vaultPath, from: copy.from, source: source.path, problem, asideAs: state.asideAs };
    } finally {
      await run.staging.discard(copy.tmp);
    }
  }
}

/** Why a restore failed; a vault that cannot take more stops the run (the rest would fail the same way). */
export function failure(run: RestoreRun, err: unknown): Said {
  const code = errorCode(err);
  if (code && VAULT_FULL.has(code)) {
    run.stopped = said(w.vaultFull, { code, root: run.vaultRoot });
    return run.stopped;
  }
  return said(w.failed, { what: errorMessage(err) });
}

async function findCopy(run: RestoreRun, item: RepairItem): Promise<{ copy: FoundCopy; source: RepairSource } | null> {
  for (const source of run.sources) {
    const copy = await source.find(item, run.staging);
    if (copy) return { copy, source };
  }
  return null;
}

export function unresolved(deps: RepairDeps, run: RestoreRun, item: RepairItem, problem: RepairProblem, reasonSaid: Said, asideAs: string | null): RepairOutcome {
  const reason = reasonSaid.en;
  deps.audit.record({
    action: run.action ?? 'repair.restore',
    target: item.vaultPath,
    outcome: 'failed',
    details: { recordingId: item.id, sha256: item.sha256, size: item.size, problem, reason, asideAs, searched: run.sources.map((s) => s.path) },
  });
  return { kind: 'unresolved', id: item.id, vaultPath: item.vaultPath, problem, reason, reasonSaid, asideAs };
}
