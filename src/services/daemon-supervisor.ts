/**
 * The dock service as one thing: it starts its parts (dock watch, nightly fixity, daily retention
 * sweep, daily chain-head line), keeps running until told to stop, then stops them all and waits
 * for each. A part's failure is its own to log and report in `status`; it never stops the others.
 */
import type { Logger } from '../adapters/logger.js';
import type { AuditTrail } from './audit-trail.js';
import { EXIT_REFUSED } from './command-session.js';

/** One part of the service. */
export interface ServicePart {
  start(): void;
  stop(): Promise<void>;
}

export interface SupervisorDeps {
  /** In start order: the dock watch first, so recorders are taken from the first second. */
  parts: readonly { name: string; part: ServicePart }[];
  audit: Pick<AuditTrail, 'refuse'>;
  log: Logger;
  /** True on an installed PC, where systemd runs the service as the service account itself. */
  installed: boolean;
  /** The person behind sudo, when a person started it that way. */
  personBehindSudo: string | null;
  /** The quarterly archive-set reminder, if one is due. */
  reminder: () => string | null;
  /** Calls back once when the service is told to stop. */
  onStop: (stop: (signal: string) => void) => void;
  /** Start-up work that writes (clean-up, the config on the record), once the service may run. */
  startUp: () => void;
}

export class DaemonSupervisor {
  constructor(private readonly deps: SupervisorDeps) {}

  /** Runs until a stop signal; returns when every part has stopped. */
  async run(): Promise<void> {
    const { parts, log } = this.deps;
    this.refuseThroughSudo();
    // Listen first: a stop signal that arrives while the parts start must stop them, not kill the process.
    const stopped = new Promise<string>((resolve) => this.deps.onStop(resolve));
    this.deps.startUp();
    for (const { part } of parts) part.start();
    const reminder = this.deps.reminder();
    if (reminder) log.warn({ reminder }, 'quarterly archive set due');
    const signal = await stopped;
    log.info({ signal }, 'stopping: no new files; the file in flight finishes or is abandoned cleanly');
    await Promise.all(parts.map(({ name, part }) => part.stop().catch((err: unknown) => log.error({ part: name, err: String(err) }, 'a part of the service did not stop cleanly'))));
  }

  /**
   * On an installed PC the dock service is systemd's to run, as the service account itself; a person
   * starting a second one through sudo would ingest under their own name with no role check.
   */
  private refuseThroughSudo(): void {
    if (!this.deps.installed || !this.deps.personBehindSudo) return;
    this.deps.audit.refuse(
      { action: 'daemon', target: null, details: { why: 'the dock service is started by systemd, not through sudo' } },
      { zh: '拒绝：接入服务由 systemd 启动，而不是由人启动', en: 'refused: the dock service is started by systemd, not by a person' },
      { zh: 'systemctl status evidence-vault   （管理员：systemctl restart evidence-vault）', en: 'systemctl status evidence-vault   (an administrator: systemctl restart evidence-vault)' },
      EXIT_REFUSED,
    );
  }
}
