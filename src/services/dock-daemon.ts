/**
 * The dock daemon (R11, R12(1)): a recorder volume appearing under a media root is recognised and
 * ingested with nobody typing a command. One session per docked recorder, several in parallel up to
 * a bound; a recorder docked again while its session runs waits for it instead of being read twice.
 * A volume going away stops its session taking files (what was verified stays; the next dock
 * completes the set). What it is doing is written to the catalogue for `status` in another process.
 */
import { errorMessage, isRecorded } from '../core/errors.js';
import { mountKey, type MountChanges, type MountEntry } from '../core/mount-table.js';
import { matchVolume } from '../core/recorder-match.js';
import { classifyUsbDevice, type UsbDescriptor } from '../core/usb-descriptor.js';
import type { DockDeps } from './dock-ports.js';
import { dockedVolume, dockProgress, type Dock } from './docked-volume.js';
import { DockStalls } from './dock-stalls.js';
import type { FileOutcome, IngestSummary } from './ingest.js';
import { incomplete, leftBehind } from './ingest-summary.js';
import { clearFromRecorder } from './recorder-clearing.js';
import { volumeEvidence } from './volume-evidence.js';

export interface DockSettings {
  mediaRoots: readonly string[];
  /** Normalised "vvvv:pppp". */
  usbIds: ReadonlySet<string>;
  settleMs: number;
  maxParallel: number;
  clearAfterIngest: boolean;
  extensions: ReadonlySet<string>;
  fileNamePatterns: readonly RegExp[];
  /** How often live progress is written for `status`: every changed dock in one transaction (a shared SQLite file). */
  progressWriteMs: number;
  /** How long a stop waits for the files in flight before it abandons them (`DockDeps.abandonCopies`). */
  stopGraceMs: number;
}

export class DockDaemon {
  private readonly docks = new Map<string, Dock>();
  private readonly running = new Map<string, Promise<void>>(); // session key → session
  private readonly waiting: Dock[] = [];
  private heartbeat: NodeJS.Timeout | null = null;
  private progressTimer: NodeJS.Timeout | null = null;
  /** Docks whose progress moved since it was last written. */
  private readonly changed = new Set<Dock>();
  private readonly stalls: DockStalls;
  private stopping = false;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly settings: DockSettings,
    private readonly deps: DockDeps,
  ) {
    this.stalls = new DockStalls(deps.stalledSources ?? (() => []), deps.log);
  }

  start(): void {
    const { activity, audit, log, drops } = this.deps;
    const usb = this.deps.usb.start((e) => (e.kind === 'attach' ? this.onUsbAttach(e.device) : log.info({ port: e.port }, 'USB device detached')));
    if (!usb.available) log.warn({ reason: usb.reason }, 'no USB bus: recorders are recognised by their volumes only (mount detection goes on)');
    activity.clearActivity();
    activity.putDaemon({
      pid: process.pid,
      startedAt: this.deps.clock.nowIso(),
      heartbeatMs: Date.now(),
      usb: usb.available ? 'watching' : `unavailable: ${usb.reason}`,
      mediaRoots: [...this.settings.mediaRoots],
      stoppedAt: null,
    });
    audit.record({ action: 'daemon.start', details: { mediaRoots: this.settings.mediaRoots, dropFolders: drops?.folders ?? [], usb: usb.available, clearAfterIngest: this.settings.clearAfterIngest } });
    log.info({ mediaRoots: this.settings.mediaRoots, pollMs: this.deps.mounts.intervalMs }, 'dock daemon watching for recorders');
    this.heartbeat = setInterval(() => activity.heartbeat(process.pid, Date.now()), 2000);
    this.progressTimer = setInterval(() => this.writeProgress(), this.settings.progressWriteMs);
    // The copy workers up before the first recorder docks, as they stay after it.
    this.deps.volumes.warm?.();
    this.deps.mounts.start((c) => this.onMounts(c));
    drops?.start();
  }

  /** SIGTERM: take no more files; each session finishes or abandons its file in flight, never a half-file. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.deps.mounts.stop();
    this.deps.usb.stop();
    for (const t of this.timers) clearTimeout(t);
    this.waiting.length = 0;
    for (const d of this.docks.values()) d.controller?.abort();
    const ended = Promise.allSettled([...this.running.values(), this.deps.drops?.stop()]);
    // A file in flight finishes within the grace; one whose recorder hangs is abandoned, never waited for.
    let grace: NodeJS.Timeout | undefined;
    const late = await Promise.race([ended.then(() => false), new Promise<boolean>((r) => (grace = setTimeout(() => r(true), this.settings.stopGraceMs)))]);
    clearTimeout(grace);
    if (late) {
      this.deps.log.warn({ graceMs: this.settings.stopGraceMs }, 'stopping: files still in flight (a recorder not answering?) are abandoned: not stored, still on the recorder');
      await this.deps.abandonCopies?.();
      await ended;
    }
    if (this.heartbeat) clearInterval(this.heartbeat);
    if (this.progressTimer) clearInterval(this.progressTimer);
    this.deps.activity.clearActivity();
    this.deps.activity.markStopped(process.pid, this.deps.clock.nowIso());
    this.deps.audit.record({ action: 'daemon.stop', details: {} });
    this.deps.log.info('dock daemon stopped');
  }

  private onMounts(c: MountChanges): void {
    for (const m of c.removed) {
      const d = this.docks.get(mountKey(m));
      if (!d) continue;
      d.gone = true;
      this.deps.log.warn({ mountPoint: m.mountPoint, device: d.activity.deviceNumber }, 'recorder volume went away');
      if (d.controller) d.controller.abort(); // the session removes its row when it ends
      else this.forget(d);
    }
    for (const m of c.added) this.onDocked(m);
  }

  private onDocked(mount: MountEntry): void {
    if (this.stopping) return;
    const dock = dockedVolume(mount, this.deps.clock.nowIso(), Date.now());
    this.docks.set(mountKey(mount), dock);
    this.put(dock);
    this.deps.log.info({ mountPoint: mount.mountPoint, fsType: mount.fsType, source: mount.source }, 'volume docked');
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.recognise(dock).catch((err) => this.fail(dock, `recognise the volume: ${errorMessage(err)}`, err));
    }, this.settings.settleMs);
    this.timers.add(t);
  }

  private async recognise(dock: Dock): Promise<void> {
    if (dock.gone || this.stopping) return;
    const { recorders, audit, log } = this.deps;
    const match = matchVolume(await volumeEvidence(this.deps.volumes, dock.mount, this.settings), recorders.recorders().map((r) => ({ number: r.number, serial: r.serial, volumeRule: r.volumeRule })));
    dock.match = match;
    if (match.kind === 'recorder') {
      dock.key = `recorder:${match.number}`;
      dock.activity.deviceNumber = match.number;
      dock.activity.matchedBy = match.by;
      const rec = recorders.recorder(match.number);
      if (rec && rec.status !== 'in-service') log.warn({ device: match.number, status: rec.status }, 'a recorder not in service was docked; its footage is ingested all the same');
      log.info({ mountPoint: dock.mount.mountPoint, device: match.number, by: match.by }, 'recorder recognised');
    } else {
      dock.key = `volume:${dock.mount.mountPoint}`;
      dock.activity.quarantined = true;
      dock.activity.detail = `UNKNOWN RECORDER: ${match.reason}; footage kept in quarantine`;
      // R17 and invariant 5: loud, on the record, and the footage is still kept.
      log.error({ mountPoint: dock.mount.mountPoint, reason: match.reason }, 'UNKNOWN RECORDER docked: ingesting into quarantine; register it (evidence-vault device add) and check who connected it');
      audit.record({ action: 'dock.unknown-recorder', target: dock.mount.mountPoint, details: { reason: match.reason } });
    }
    this.schedule(dock);
  }

  /** Start now, or wait for the same recorder's session or for a free slot. */
  private schedule(dock: Dock): void {
    if (dock.gone || this.stopping) return;
    if (this.running.has(dock.key!) || this.running.size >= this.settings.maxParallel) {
      dock.activity.state = 'waiting';
      dock.activity.detail = this.running.has(dock.key!) ? 'its previous session is still running' : dock.activity.detail;
      this.put(dock);
      this.waiting.push(dock);
      this.deps.log.info({ mountPoint: dock.mount.mountPoint, device: dock.activity.deviceNumber }, 'waiting: the same recorder is still being ingested, or every slot is busy');
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
      summary = await this.deps.ingest.ingest({
        sourceRoot: dock.mount.mountPoint,
        deviceNumber: a.deviceNumber,
        quarantine: a.quarantined,
        signal: dock.controller.signal,
        progress: dockProgress(a, () => this.changed.add(dock), () => this.put(dock)),
        onFile: (o) => {
          if (o.kind === 'stored' || o.kind === 'already') cleared.push(o);
        },
        onSession: ({ sessionId, sourceKey }) => {
          a.sessionId = sessionId;
          dock.sourceKey = sourceKey;
        },
      });
      a.sessionId = summary.sessionId;
      const ok = !incomplete(summary);
      a.state = ok ? 'done' : 'failed';
      a.detail = ok ? a.detail : (summary.stoppedEarly ?? `${leftBehind(summary).length} files not stored (still on the recorder): ${leftBehind(summary).slice(0, 3).map((l) => l.sourcePath).join(', ')}`);
      const line = { mountPoint: a.mountPoint, device: a.deviceNumber, quarantined: a.quarantined, sessionId: summary.sessionId, stored: summary.stored, already: summary.already, failed: summary.failed.length, notReached: summary.notReached, flagged: summary.flagged.length };
      if (ok) this.deps.log.info(line, 'recorder ingested');
      else this.deps.log.error(line, 'recorder ingest incomplete: the rest stays on the recorder for the next dock');
      if (ok && this.settings.clearAfterIngest && !dock.gone && !this.stopping) await clearFromRecorder(a, cleared, this.deps);
    } catch (err) {
      this.fail(dock, errorMessage(err), err);
    } finally {
      dock.controller = null;
      if (dock.gone) this.forget(dock);
      else this.put(dock);
    }
  }

  private onUsbAttach(d: UsbDescriptor): void {
    const { audit, log } = this.deps;
    const verdict = classifyUsbDevice(d, this.settings.usbIds, (s) => this.deps.registers.deviceBySerial(s)?.number);
    const at = { port: d.port, usbId: `${d.vendorId}:${d.productId}`, serial: d.serial, product: d.product };
    if (verdict.kind === 'recorder') log.info({ ...at, device: verdict.number }, 'recorder attached: waiting for its volume');
    else if (verdict.kind === 'unregistered-recorder') {
      log.error({ ...at, reason: verdict.reason }, 'UNKNOWN RECORDER attached: its volume will be ingested into quarantine');
      audit.record({ action: 'dock.unknown-recorder', target: d.port, details: { ...at, reason: verdict.reason } });
    } else {
      // R17: the evidence PC takes recorders only. Logged and left alone, never read.
      log.warn(at, 'USB device that is not a recorder attached: left alone');
      audit.record({ action: 'dock.foreign-usb', target: d.port, details: at });
    }
  }

  /**
   * A dock that ends in an error. On the record too, unless it is there already (an ingest's
   * refusal, a session's failed end): a volume that could not be listed or started (a card failing,
   * a worker lost) is an act that failed, not only a line in the log.
   */
  private fail(dock: Dock, message: string, err?: unknown): void {
    dock.activity.state = 'failed';
    dock.activity.detail = message;
    this.deps.log.error({ mountPoint: dock.mount.mountPoint, device: dock.activity.deviceNumber, err: message }, 'dock failed; the files stay on the recorder');
    if (!isRecorded(err)) {
      const details = { deviceNumber: dock.activity.deviceNumber, quarantined: dock.activity.quarantined, sessionId: dock.activity.sessionId ?? null, error: message };
      try {
        this.deps.audit.record({ action: 'dock.failed', target: dock.mount.mountPoint, outcome: 'failed', details });
      } catch (again) {
        this.deps.log.error({ err: errorMessage(again), mountPoint: dock.mount.mountPoint }, 'cannot record the failed dock in the audit trail');
      }
    }
    if (!dock.gone) this.put(dock);
  }

  private forget(dock: Dock): void {
    this.docks.delete(mountKey(dock.mount));
    this.deps.activity.removeActivity(dock.mount.mountPoint, dock.mount.mountId);
  }

  private put(dock: Dock): void {
    this.changed.delete(dock);
    dock.activity.updatedMs = Date.now();
    try {
      this.deps.activity.putActivity(dock.activity);
    } catch (err) {
      // Status is a view; a busy catalogue must not stop an ingest.
      this.deps.log.warn({ err: errorMessage(err) }, 'cannot write dock status');
    }
  }

  /** Every dock whose session moved since the last write, in one transaction: one commit however many are docked. */
  private writeProgress(): void {
    const now = Date.now();
    for (const d of this.stalls.update(this.docks.values(), now)) this.changed.add(d);
    // Docks copying, and docks still being listed whose card was found not to answer (dock-stalls.ts).
    const moving = [...this.changed].filter((d) => !d.gone && (d.activity.state === 'ingesting' || d.activity.state === 'settling'));
    this.changed.clear();
    for (const d of moving) d.activity.updatedMs = now;
    try {
      this.deps.activity.putActivities(moving.map((d) => d.activity));
    } catch (err) {
      this.deps.log.warn({ err: errorMessage(err) }, 'cannot write dock status');
    }
  }
}
