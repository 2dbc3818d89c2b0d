/**
 * Drop folders (issue 3): footage handed in on other media (a USB stick, a card reader, files copied
 * over by the custodian) is put into a sub-folder of a configured drop folder and ingested by the
 * running dock daemon with no command typed. A sub-folder is taken once it has been quiet for
 * `dock.settleSeconds`; files arriving later make it be taken again, and ingest recognises what is
 * already stored, so nothing is stored twice. Dropped files are never deleted: a drop folder is not a
 * recorder, and the custodian decides what becomes of the media it was copied from.
 */
import path from 'node:path';
import { batchOf, dropDevice } from '../core/drop-batch.js';
import { errorMessage } from '../core/errors.js';
import { parseRecorderFileName } from '../core/recorder-file-name.js';
import { incomplete, leftBehind } from './ingest-summary.js';
import type { Device } from '../core/types.js';
import type { DropEvent, DropFolderWatcher, DropWatch } from '../adapters/drop-folder-watcher.js';
import type { Logger } from '../adapters/logger.js';
import type { ScanResult, ScanSkip } from '../adapters/volume-scanner.js';
import type { AuditTrail } from './audit-trail.js';
import type { RecorderIngest } from './dock-ports.js';

/** A batch that failed (an unreadable file, a full disk) is tried again this long after. */
const RETRY_FAILED_MS = 10 * 60_000;

export interface DropSettings {
  folders: readonly string[];
  settleMs: number;
  extensions: ReadonlySet<string>;
  fileNamePatterns: readonly RegExp[];
}

/** Reading drop folders: whether one is there, its sub-folders, and a sub-folder's files (never through a link). */
export interface DropFolderReader {
  exists(dir: string): boolean;
  subfolders(dir: string): string[];
  scan(root: string, extensions: ReadonlySet<string>): Promise<ScanResult>;
}

export interface DropDeps {
  folders: DropFolderReader;
  watcher: DropFolderWatcher;
  ingest: RecorderIngest;
  registers: { device(number: string): Device | undefined };
  audit: Pick<AuditTrail, 'record'>;
  log: Logger;
}

interface Batch {
  dir: string;
  name: string;
  timer: NodeJS.Timeout | null;
  running: Promise<void> | null;
  /** Files whose copy-in has finished (size steady): only these are taken, never one still growing. */
  settled: Set<string>;
  /** Files settled while it was being ingested: take it again when that ends. */
  again: boolean;
  /** When the last run failed to store everything (0: it did not): the sweep tries again later. */
  failedAt: number;
  controller: AbortController | null;
}

export class DropIntake {
  private readonly watches: DropWatch[] = [];
  private readonly batches = new Map<string, Batch>();
  private stopping = false;
  /** Size and mtime of files the watcher has not reported, as seen by the last sweep. */
  private readonly unreported = new Map<string, string>();
  /** What reportUnreadable has said (batch, path, error): each once. */
  private readonly reported = new Set<string>();
  private sweep: NodeJS.Timeout | null = null;

  constructor(
    private readonly settings: DropSettings,
    private readonly deps: DropDeps,
  ) {}

  get folders(): readonly string[] {
    return this.settings.folders;
  }

  start(): void {
    for (const folder of this.settings.folders) {
      if (!this.deps.folders.exists(folder)) this.deps.log.warn({ folder }, 'drop folder does not exist (yet): it is watched all the same and taken when it appears');
      this.watches.push(this.deps.watcher.watch(folder, (e) => this.onEvent(folder, e)));
    }
    // inotify can miss events (a folder created and filled at once, a full event queue), and a batch
    // that failed waits for nothing: a slow sweep catches both, as the mount table poll does for docks.
    const every = Math.max(5_000, this.settings.settleMs * 5);
    this.sweep = setInterval(() => void this.sweepOnce().catch((err) => this.deps.log.warn({ err: errorMessage(err) }, 'drop folder sweep failed')), every);
    this.sweep.unref();
  }

  /** Files the watcher never reported are taken once two sweeps in a row saw them unchanged. */
  private async sweepOnce(): Promise<void> {
    if (this.stopping) return;
    for (const folder of this.settings.folders) {
      let subs: string[];
      try {
        subs = this.deps.folders.subfolders(folder);
      } catch {
        continue;
      }
      for (const sub of subs) {
        const dir = path.join(folder, sub);
        const known = this.batches.get(dir);
        if (known && known.failedAt && Date.now() - known.failedAt >= RETRY_FAILED_MS && !known.running && !known.timer) {
          this.deps.log.info({ batch: dir }, 'retrying a drop folder batch that did not complete');
          this.due(known);
        }
        const scan = await this.deps.folders.scan(dir, this.settings.extensions);
        this.reportUnreadable(dir, scan.skipped);
        for (const f of scan.files) {
          const file = path.resolve(f.absPath);
          if (known?.settled.has(file)) continue;
          const state = `${f.size}:${f.mtime.getTime()}`;
          if (this.unreported.get(file) === state && Date.now() - f.mtime.getTime() >= this.settings.settleMs) {
            this.unreported.delete(file);
            this.deps.log.warn({ path: file }, 'drop folder file the watcher had not reported: taken by the sweep');
            this.touch(dir, sub, file);
          } else {
            this.unreported.set(file, state);
          }
        }
      }
    }
  }

  /**
   * What the service cannot read in a batch (a folder only its owner may open, a name that is not
   * UTF-8: a Windows stick's GBK names read back as U+FFFD and open as nothing) is never taken, and no
   * batch may ever start for it: said once on the record, with what to do, rather than only logged.
   */
  private reportUnreadable(dir: string, skipped: readonly ScanSkip[]): void {
    const fresh = skipped
      .filter((k) => k.reason === 'unreadable')
      .map((k) => ({ path: k.relPath, error: k.relPath.includes('\uFFFD') ? `the name is not UTF-8 (GBK from Windows?): rename it (${k.detail ?? ''})` : (k.detail ?? '') }))
      .filter((k) => !this.reported.has(`${dir}\0${k.path}\0${k.error}`));
    if (!fresh.length) return;
    for (const k of fresh) this.reported.add(`${dir}\0${k.path}\0${k.error}`);
    this.deps.log.error({ batch: dir, unreadable: fresh }, 'drop folder: what the service cannot read is not taken: let it read them (permissions), or rename names that are not UTF-8');
    this.deps.audit.record({ action: 'dock.drop', target: dir, outcome: 'failed', details: { unreadable: fresh } });
  }

  /** Take no more batches; a batch being ingested finishes or abandons its file in flight cleanly. */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.sweep) clearInterval(this.sweep);
    for (const b of this.batches.values()) {
      if (b.timer) clearTimeout(b.timer);
      b.controller?.abort();
    }
    await Promise.allSettled(this.watches.map((w) => w.close()));
    await Promise.allSettled([...this.batches.values()].flatMap((b) => b.running ?? []));
  }

  private onEvent(folder: string, e: DropEvent): void {
    switch (e.kind) {
      case 'ready':
        this.deps.log.info({ folder }, 'watching drop folder');
        return;
      case 'error':
        this.deps.log.warn({ folder, err: e.message }, 'drop folder watcher error');
        return;
      case 'gone':
        // After an unmount or a tidy-up every file looks deleted: that is no evidence of anything.
        this.deps.log.debug({ path: e.path }, 'file no longer in the drop folder (ignored)');
        return;
      case 'settled': {
        if (this.stopping) return;
        const name = batchOf(folder, e.path);
        if (name === null) {
          this.deps.log.warn({ folder, path: e.path }, 'file at the top of the drop folder is not taken: put each batch in a sub-folder (e.g. named by the device number)');
          return;
        }
        this.touch(path.join(folder, name), name, path.resolve(e.path));
      }
    }
  }

  /** Debounce: a batch is taken once nothing in it has settled for settleMs. */
  private touch(dir: string, name: string, file: string): void {
    let b = this.batches.get(dir);
    if (!b) {
      b = { dir, name, settled: new Set(), timer: null, running: null, again: false, failedAt: 0, controller: null };
      this.batches.set(dir, b);
    }
    b.settled.add(file);
    if (b.timer) clearTimeout(b.timer);
    const batch = b;
    b.timer = setTimeout(() => {
      batch.timer = null;
      this.due(batch);
    }, this.settings.settleMs);
  }

  private due(b: Batch): void {
    if (this.stopping) return;
    if (b.running) {
      b.again = true;
      return;
    }
    b.again = false;
    b.running = this.take(b).finally(() => {
      b.running = null;
      if (b.again && !b.timer) this.due(b);
    });
  }

  private async take(b: Batch): Promise<void> {
    b.controller = new AbortController();
    try {
      const settled = (f: string) => b.settled.has(path.resolve(f));
      const scan = await this.deps.folders.scan(b.dir, this.settings.extensions);
      const named = scan.files.filter((f) => settled(f.absPath)).flatMap((f) => parseRecorderFileName(f.name, this.settings.fileNamePatterns).deviceNumber ?? []);
      const who = dropDevice(b.name, named, (n) => this.deps.registers.device(n) !== undefined);
      const device = who.kind === 'recorder' ? who.number : null;
      if (who.kind === 'unknown') {
        // R17 and invariant 5: loud, on the record, and the footage is still kept.
        this.deps.log.error({ batch: b.dir, reason: who.reason }, 'UNKNOWN RECORDER in the drop folder: ingesting into quarantine; register it (evidence-vault device add) or rename the sub-folder to its device number');
      }
      const s = await this.deps.ingest.ingest({ sourceRoot: b.dir, deviceNumber: device, quarantine: who.kind === 'unknown', signal: b.controller.signal, only: settled });
      const ok = !incomplete(s);
      b.failedAt = ok ? 0 : Date.now();
      const line = {
        batch: b.dir,
        device,
        by: who.kind === 'recorder' ? who.by : null,
        quarantined: who.kind === 'unknown',
        reason: who.kind === 'unknown' ? who.reason : null,
        sessionId: s.sessionId,
        stored: s.stored.files,
        already: s.already.files,
        failed: leftBehind(s).length,
        notReached: s.notReached,
        stoppedEarly: s.stoppedEarly,
      };
      if (ok) this.deps.log.info(line, 'drop folder batch ingested (the dropped files are left in place)');
      else this.deps.log.error(line, 'drop folder batch incomplete: the files stay in the drop folder; it is tried again in 10 minutes');
      this.deps.audit.record({ action: 'dock.drop', target: b.dir, outcome: ok ? 'ok' : 'failed', details: line });
    } catch (err) {
      b.failedAt = Date.now();
      this.deps.log.error({ batch: b.dir, err: errorMessage(err) }, 'drop folder batch failed; the files stay in the drop folder');
      this.deps.audit.record({ action: 'dock.drop', target: b.dir, outcome: 'failed', details: { error: errorMessage(err) } });
    } finally {
      b.controller = null;
    }
  }
}
