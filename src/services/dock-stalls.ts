/**
 * Which docked recorders have stopped answering. A card whose reads hang holds up only its own
 * copies (file-workers.ts sets its worker aside); the custodian should see that one recorder as not
 * answering, rather than "ingesting" at its last rate, and know the others go on. The workers know
 * the sources whose copies have said nothing for a while; a dock's source is its session's (onSession).
 * Before its session begins, the volume is listed in a lane of its mount point (the recogniser's and
 * ingest's listings): a card that hangs while it is listed is named too.
 */
import type { Logger } from '../adapters/logger.js';
import type { Dock } from './docked-volume.js';

export class DockStalls {
  constructor(
    private readonly stalledSources: () => readonly string[],
    private readonly log: Logger,
  ) {}

  /** Marks or clears each ingesting dock's stall (`stalledSinceMs`); returns the docks whose mark changed. */
  update(docks: Iterable<Dock>, nowMs: number): Dock[] {
    const stalled = new Set(this.stalledSources());
    const changed: Dock[] = [];
    for (const dock of docks) {
      const a = dock.activity;
      if (dock.gone || (a.state !== 'ingesting' && a.state !== 'settling')) continue;
      const isStalled = (dock.sourceKey !== undefined && stalled.has(dock.sourceKey)) || stalled.has(dock.mount.mountPoint);
      if (isStalled === (a.stalledSinceMs !== null)) continue;
      a.stalledSinceMs = isStalled ? nowMs : null;
      changed.push(dock);
      if (isStalled) this.log.warn({ mountPoint: a.mountPoint, device: a.deviceNumber }, 'the recorder does not answer its reads (a failing card?): leave it docked; the other recorders go on');
      else this.log.info({ mountPoint: a.mountPoint, device: a.deviceNumber }, 'the recorder answers its reads again');
    }
    return changed;
  }
}
