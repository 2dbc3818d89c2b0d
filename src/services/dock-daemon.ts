/**
 * The dock daemon (R11, R12(1)): a recorder volume appearing under a media root is recognised and
 * ingested with nobody typing a command. One session per docked recorder, several in parallel up to
 * a bound; a recorder docked again while its session runs waits for it instead of being read twice.
 * A volume going away stops its session taking files (what was verified stays; the next dock
 * completes the set). What it is doing is written to the catalogue for `status` in another process.
 */
import fsp from 'node:fs/promises';
import path from 'node:path';
import { errorCode, errorMessage } from '../core/errors.js';
import { mountKey, type MountChanges, type MountEntry } from '../core/mount-table.js';
import { matchVolume, type VolumeEvidence, type VolumeMatch } from '../core/recorder-match.js';
import { parseRecorderFileName } from '../core/recorder-file-name.js';
import { classifyUsbDevice, type UsbDescriptor } from '../core/usb-descriptor.js';
import type { UnitClock } from '../core/unit-clock.js';
import type { DockActivity, DockStore } from '../adapters/catalog/dock-store.js';
import type { RegisterStore } from '../adapters/catalog/register-store.js';
import type { Logger } from '../adapters/logger.js';
import { MountPoller } from '../adapters/mount-poller.js';
import type { Progress } from '../adapters/progress-bar.js';
import type { UsbEventSource } from '../adapters/usb-events.js';
import { scanVolume } from '../adapters/volume-scanner.js';
import { readFatIdentity, usbSerialOfBlockDevice } from '../adapters/volume-identity.js';
import type { AuditTrail } from './audit-trail.js';
import type { DropIntake } from './drop-intake.js';
import type { FileOutcome, IngestService, IngestSummary } from './ingest.js';

export interface DockSettings {
  mediaRoots: readonly string[];
  /** Normalised "vvvv:pppp". */
  usbIds: ReadonlySet<string>;
  settleMs: number;
  maxParallel: number;
  clearAfterIngest: boolean;
  extensions: ReadonlySet<string>;
  fileNamePatterns: readonly RegExp[];
  pollMs: number;
  /** How often live progress is written for `status` (a modest rate: it is a shared SQLite file). */
  progressWriteMs: number;
}

interface Dock {
  mount: MountEntry;
  activity: DockActivity;
  /** The recorder, or the mount point for an unknown one: sessions are serialised per key. */
  key: string | null;
  match: VolumeMatch | null;
  controller: AbortController | null;
  gone: boolean;
}

export class DockDaemon {
  private readonly docks = new Map<string, Dock>();
  private readonly running = new Map<string, Promise<void>>(); // session key → session
  private readonly waiting: Dock[] = [];
  private poller: MountPoller | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  private stopping = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly settings: DockSettings,
    private readonly ingest: IngestService,
    private readonly store: DockStore,
    private readonly registers: RegisterStore,
    private readonly usb: UsbEventSource,
    private readonly audit: AuditTrail,
    private readonly clock: UnitClock,
    private readonly log: Logger,
    /** Drop folders watched beside the media roots (footage handed in on other media); null: none. */
    private readonly drops: DropIntake | null = null,
  ) {}

  start(): void {
    const usb = this.usb.start((e) => (e.kind === 'attach' ? this.onUsbAttach(e.device) : this.log.info({ port: e.port }, 'USB device detached')));
    if (!usb.available) this.log.warn({ reason: usb.reason }, 'no USB bus: recorders are recognised by their volumes only (mount detection goes on)');
    this.store.clearActivity();
    this.store.putDaemon({
      pid: process.pid,
      startedAt: this.nowIso(),
      heartbeatMs: Date.now(),
      usb: usb.available ? 'watching' : `unavailable: ${usb.reason}`,
      mediaRoots: [...this.settings.mediaRoots],
      stoppedAt: null,
    });
    this.audit.record({ action: 'daemon.start', details: { mediaRoots: this.settings.mediaRoots, dropFolders: this.drops?.folders ?? [], usb: usb.available, clearAfterIngest: this.settings.clearAfterIngest } });
    this.log.info({ mediaRoots: this.settings.mediaRoots, pollMs: this.settings.pollMs }, 'dock daemon watching for recorders');
    this.heartbeat = setInterval(() => this.store.heartbeat(process.pid, Date.now()), 2000);
    this.poller = new MountPoller(this.settings.mediaRoots, this.settings.pollMs, (c) => this.onMounts(c), this.log);
    this.poller.start();
    this.drops?.start();
  }

  /** SIGTERM: take no more files; each session finishes or abandons its file in flight, never a half-file. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.poller?.stop();
    this.usb.stop();
    for (const t of this.timers) clearTimeout(t);
    this.waiting.length = 0;
    for (const d of this.docks.values()) d.controller?.abort();
    await Promise.allSettled([...this.running.values(), this.drops?.stop()]);
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.store.clearActivity();
    this.store.markStopped(process.pid, this.nowIso());
    this.audit.record({ action: 'daemon.stop', details: {} });
    this.log.info('dock daemon stopped');
  }

  private onMounts(c: MountChanges): void {
    for (const m of c.removed) {
      const d = this.docks.get(mountKey(m));
      if (!d) continue;
      d.gone = true;
      this.log.warn({ mountPoint: m.mountPoint, device: d.activity.deviceNumber }, 'recorder volume went away');
      if (d.controller) d.controller.abort(); // the session removes its row when it ends
      else this.forget(d);
    }
    for (const m of c.added) this.onDocked(m);
  }

  private onDocked(mount: MountEntry): void {
    if (this.stopping) return;
    const now = Date.now();
    const dock: Dock = {
      mount,
      key: null,
      match: null,
      controller: null,
      gone: false,
      activity: {
        mountPoint: mount.mountPoint,
        mountId: mount.mountId,
        deviceNumber: null,
        matchedBy: null,
        state: 'settling',
        quarantined: false,
        detail: null,
        sessionId: null,
        filesTotal: 0,
        filesDone: 0,
        bytesTotal: 0,
        bytesDone: 0,
        dockedAt: this.nowIso(),
        startedMs: null,
        updatedMs: now,
      },
    };
    this.docks.set(mountKey(mount), dock);
    this.put(dock);
    this.log.info({ mountPoint: mount.mountPoint, fsType: mount.fsType, source: mount.source }, 'volume docked');
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.recognise(dock).catch((err) => this.fail(dock, `recognise the volume: ${errorMessage(err)}`));
    }, this.settings.settleMs);
    this.timers.add(t);
  }

  private async recognise(dock: Dock): Promise<void> {
    if (dock.gone || this.stopping) return;
    const match = matchVolume(await this.evidence(dock.mount), this.store.recorders().map((r) => ({ number: r.number, serial: r.serial, volumeRule: r.volumeRule })));
    dock.match = match;
    if (match.kind === 'recorder') {
      dock.key = `recorder:${match.number}`;
      dock.activity.deviceNumber = match.number;
      dock.activity.matchedBy = match.by;
      const rec = this.store.recorder(match.number);
      if (rec && rec.status !== 'in-service') this.log.warn({ device: match.number, status: rec.status }, 'a recorder not in service was docked; its footage is ingested all the same');
      this.log.info({ mountPoint: dock.mount.mountPoint, device: match.number, by: match.by }, 'recorder recognised');
    } else {
      dock.key = `volume:${dock.mount.mountPoint}`;
      dock.activity.quarantined = true;
      dock.activity.detail = `UNKNOWN RECORDER: ${match.reason}; footage kept in quarantine`;
      // R17 and invariant 5: loud, on the record, and the footage is still kept.
      this.log.error({ mountPoint: dock.mount.mountPoint, reason: match.reason }, 'UNKNOWN RECORDER docked: ingesting into quarantine; register it (evidence-vault device add) and check who connected it');
      this.audit.record({ action: 'dock.unknown-recorder', target: dock.mount.mountPoint, details: { reason: match.reason } });
    }
    this.schedule(dock);
  }

  private async evidence(mount: MountEntry): Promise<VolumeEvidence> {
    const block = mount.source.startsWith('/dev/');
    const fat = block ? readFatIdentity(mount.source) : null;
    const scan = await scanVolume(mount.mountPoint, this.settings.extensions);
    const fileDeviceNumbers = scan.files.flatMap((f) => parseRecorderFileName(f.name, this.settings.fileNamePatterns).deviceNumber ?? []);
    return { usbSerial: block ? usbSerialOfBlockDevice(mount.source) : null, label: fat?.label ?? null, uuid: fat?.uuid ?? null, fileDeviceNumbers };
  }

  /** Start now, or wait for the same recorder's session or for a free slot. */
  private schedule(dock: Dock): void {
    if (dock.gone || this.stopping) return;
    if (this.running.has(dock.key!) || this.running.size >= this.settings.maxParallel) {
      dock.activity.state = 'waiting';
      dock.activity.detail = this.running.has(dock.key!) ? 'its previous session is still running' : dock.activity.detail;
      this.put(dock);
      this.waiting.push(dock);
      this.log.info({ mountPoint: dock.mount.mountPoint, device: dock.activity.deviceNumber }, 'waiting: the same recorder is still being ingested, or every slot is busy');
      return;
    }
    const session = this.runSession(dock).finally(() => {
      this.running.delete(dock.key!);
      this.next();
    });
    this.running.set(dock.key!, session);
  }

  private next(): void {
    for (let i = 0; i < this.waiting.length && this.running.size < this.settings.maxParallel; ) {
      const d = this.waiting[i]!;
      if (d.gone) this.waiting.splice(i, 1);
      else if (!this.running.has(d.key!)) {
        this.waiting.splice(i, 1);
        this.schedule(d);
      } else i++;
    }
  }

  private async runSession(dock: Dock): Promise<void> {
    dock.controller = new AbortController();
    const a = dock.activity;
    a.state = 'ingesting';
    a.startedMs = Date.now();
    this.put(dock);
    const cleared: FileOutcome[] = [];
    let summary: IngestSummary | null = null;
    try {
      summary = await this.ingest.ingest({
        sourceRoot: dock.mount.mountPoint,
        deviceNumber: a.deviceNumber,
        quarantine: a.quarantined,
        signal: dock.controller.signal,
        progress: this.progressFor(dock),
        onFile: (o) => {
          if (o.kind === 'stored' || o.kind === 'already') cleared.push(o);
        },
      });
      a.sessionId = summary.sessionId;
      const ok = !summary.failed.length && !summary.stoppedEarly;
      a.state = ok ? 'done' : 'failed';
      a.detail = ok ? a.detail : (summary.stoppedEarly ?? `${summary.failed.length} files not stored (still on the recorder)`);
      const line = { mountPoint: a.mountPoint, device: a.deviceNumber, quarantined: a.quarantined, sessionId: summary.sessionId, stored: summary.stored, already: summary.already, failed: summary.failed.length, notReached: summary.notReached, flagged: summary.flagged.length };
      if (ok) this.log.info(line, 'recorder ingested');
      else this.log.error(line, 'recorder ingest incomplete: the rest stays on the recorder for the next dock');
      if (ok && this.settings.clearAfterIngest && !dock.gone && !this.stopping) await this.clear(dock, cleared);
    } catch (err) {
      this.fail(dock, errorMessage(err));
    } finally {
      dock.controller = null;
      if (dock.gone) this.forget(dock);
      else this.put(dock);
    }
  }

  /**
   * clearAfterIngest: only files stored (read back, matched) or matched to a catalogued copy, only
   * after their catalogue commit (the outcome is reported after it), each one logged and audited.
   */
  private async clear(dock: Dock, outcomes: FileOutcome[]): Promise<void> {
    for (const o of outcomes) {
      const src = path.join(dock.mount.mountPoint, o.sourcePath);
      try {
        await fsp.unlink(src);
        this.audit.record({ action: 'dock.clear', target: o.sourcePath, details: { device: dock.activity.deviceNumber, vaultPath: 'vaultPath' in o ? o.vaultPath : null } });
        this.log.info({ source: o.sourcePath, device: dock.activity.deviceNumber }, 'cleared from the recorder');
      } catch (err) {
        this.audit.record({ action: 'dock.clear', target: o.sourcePath, outcome: 'failed', details: { device: dock.activity.deviceNumber, error: errorMessage(err) } });
        this.log.warn({ source: o.sourcePath, err: errorMessage(err) }, 'cannot clear from the recorder; it keeps the file');
        if (errorCode(err) === 'EROFS') return; // read-only volume: the rest would fail the same way
      }
    }
  }

  private onUsbAttach(d: UsbDescriptor): void {
    const verdict = classifyUsbDevice(d, this.settings.usbIds, (s) => this.registers.deviceBySerial(s)?.number);
    const at = { port: d.port, usbId: `${d.vendorId}:${d.productId}`, serial: d.serial, product: d.product };
    if (verdict.kind === 'recorder') this.log.info({ ...at, device: verdict.number }, 'recorder attached: waiting for its volume');
    else if (verdict.kind === 'unregistered-recorder') {
      this.log.error({ ...at, reason: verdict.reason }, 'UNKNOWN RECORDER attached: its volume will be ingested into quarantine');
      this.audit.record({ action: 'dock.unknown-recorder', target: d.port, details: { ...at, reason: verdict.reason } });
    } else {
      // R17: the evidence PC takes recorders only. Logged and left alone, never read.
      this.log.warn(at, 'USB device that is not a recorder attached: left alone');
      this.audit.record({ action: 'dock.foreign-usb', target: d.port, details: at });
    }
  }

  private progressFor(dock: Dock): Progress {
    let lastWrite = 0;
    const a = dock.activity;
    const advance = (files: number, bytes: number) => {
      a.filesDone += files;
      a.bytesDone += bytes;
      // Written at a modest rate: `status` reads it from the catalogue.
      if (Date.now() - lastWrite >= this.settings.progressWriteMs) {
        lastWrite = Date.now();
        this.put(dock);
      }
    };
    return {
      start: (files, bytes) => {
        a.filesTotal = files;
        a.bytesTotal = bytes;
        this.put(dock);
      },
      advance,
      bytes: (n) => advance(0, n),
      stop: () => this.put(dock),
    };
  }

  private fail(dock: Dock, message: string): void {
    dock.activity.state = 'failed';
    dock.activity.detail = message;
    this.log.error({ mountPoint: dock.mount.mountPoint, device: dock.activity.deviceNumber, err: message }, 'dock failed; the files stay on the recorder');
    if (!dock.gone) this.put(dock);
  }

  private forget(dock: Dock): void {
    this.docks.delete(mountKey(dock.mount));
    this.store.removeActivity(dock.mount.mountPoint, dock.mount.mountId);
  }

  private put(dock: Dock): void {
    dock.activity.updatedMs = Date.now();
    try {
      this.store.putActivity(dock.activity);
    } catch (err) {
      // Status is a view; a busy catalogue must not stop an ingest.
      this.log.warn({ err: errorMessage(err) }, 'cannot write dock status');
    }
  }

  private nowIso(): string {
    return this.clock.nowIso();
  }
}
