/**
 * Drop folders (issue 3): footage handed in on other media (a USB stick, a card reader, files copied
 * over by the custodian) is put into a sub-folder of a configured drop folder and ingested by the
 * running dock daemon with no command typed. A sub-folder is taken once it has been quiet for
 * `dock.settleSeconds`; files arriving later make it be taken again, and ingest recognises what is
 * already stored, so nothing is stored twice. Dropped files are never deleted: a drop folder is not a
 * recorder, and the custodian decides what becomes of the media it was copied from.
 */
import fs from 'node:fs';
import path from 'node:path';
import { batchOf, dropDevice } from '../core/drop-batch.js';
import { errorMessage } from '../core/errors.js';
import { parseRecorderFileName } from '../core/recorder-file-name.js';
import type { RegisterStore } from '../adapters/catalog/register-store.js';
import type { DropEvent, DropFolderWatcher, DropWatch } from '../adapters/drop-folder-watcher.js';
import type { Logger } from '../adapters/logger.js';
import { scanVolume } from '../adapters/volume-scanner.js';
import type { AuditTrail } from './audit-trail.js';
import type { IngestService } from './ingest.js';

export interface DropSettings {
  folders: readonly string[];
  settleMs: number;
  extensions: ReadonlySet<string>;
  fileNamePatterns: readonly RegExp[];
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
  controller: AbortController | null;
}

export class DropIntake {
  private readonly watches: DropWatch[] = [];
  private readonly batches = new Map<string, Batch>();
  private stopping = false;

  constructor(
    private readonly settings: DropSettings,
    private readonly watcher: DropFolderWatcher,
    private readonly ingest: IngestService,
    private readonly registers: RegisterStore,
    private readonly audit: AuditTrail,
    private readonly log: Logger,
  ) {}

  get folders(): readonly string[] {
    return this.settings.folders;
  }

  start(): void {
    for (const folder of this.settings.folders) {
      if (!fs.existsSync(folder)) this.log.warn({ folder }, 'drop folder does not exist (yet): it is watched all the same and taken when it appears');
      this.watches.push(this.watcher.watch(folder, (e) => this.onEvent(folder, e)));
    }
  }

  /** Take no more batches; a batch being ingested finishes or abandons its file in flight cleanly. */
  async stop(): Promise<void> {
    this.stopping = true;
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
        this.log.info({ folder }, 'watching drop folder');
        return;
      case 'error':
        this.log.warn({ folder, err: e.message }, 'drop folder watcher error');
        return;
      case 'gone':
        // After an unmount or a tidy-up every file looks deleted: that is no evidence of anything.
        this.log.debug({ path: e.path }, 'file no longer in the drop folder (ignored)');
        return;
      case 'settled': {
        if (this.stopping) return;
        const name = batchOf(folder, e.path);
        if (name === null) {
          this.log.warn({ folder, path: e.path }, 'file at the top of the drop folder is not taken: put each batch in a sub-folder (e.g. named by the device number)');
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
      b = { dir, name, settled: new Set(), timer: null, running: null, again: false, controller: null };
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
      const scan = await scanVolume(b.dir, this.settings.extensions);
      const named = scan.files.filter((f) => settled(f.absPath)).flatMap((f) => parseRecorderFileName(f.name, this.settings.fileNamePatterns).deviceNumber ?? []);
      const who = dropDevice(b.name, named, (n) => this.registers.device(n) !== undefined);
      const device = who.kind === 'recorder' ? who.number : null;
      if (who.kind === 'unknown') {
        // R17 and invariant 5: loud, on the record, and the footage is still kept.
        this.log.error({ batch: b.dir, reason: who.reason }, 'UNKNOWN RECORDER in the drop folder: ingesting into quarantine; register it (evidence-vault device add) or rename the sub-folder to its device number');
      }
      const s = await this.ingest.ingest({ sourceRoot: b.dir, deviceNumber: device, quarantine: who.kind === 'unknown', signal: b.controller.signal, only: settled });
      const ok = !s.failed.length && !s.stoppedEarly;
      const line = {
        batch: b.dir,
        device,
        by: who.kind === 'recorder' ? who.by : null,
        quarantined: who.kind === 'unknown',
        reason: who.kind === 'unknown' ? who.reason : null,
        sessionId: s.sessionId,
        stored: s.stored.files,
        already: s.already.files,
        failed: s.failed.length,
        notReached: s.notReached,
        stoppedEarly: s.stoppedEarly,
      };
      if (ok) this.log.info(line, 'drop folder batch ingested (the dropped files are left in place)');
      else this.log.error(line, 'drop folder batch incomplete: the files stay in the drop folder; drop more or restart the service to retry');
      this.audit.record({ action: 'dock.drop', target: b.dir, outcome: ok ? 'ok' : 'failed', details: line });
    } catch (err) {
      this.log.error({ batch: b.dir, err: errorMessage(err) }, 'drop folder batch failed; the files stay in the drop folder');
      this.audit.record({ action: 'dock.drop', target: b.dir, outcome: 'failed', details: { error: errorMessage(err) } });
    } finally {
      b.controller = null;
    }
  }
}
