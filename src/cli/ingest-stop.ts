/**
 * How a person stops `ingest`, and hears of a recorder that stopped answering. Ctrl-C (or SIGTERM)
 * takes no more files and lets the files being copied finish. A copy from a card that does not answer
 * never would: it held the command for ever, Ctrl-C or not. Now, once the copy workers have set that
 * source aside (no word from its reads for their stall time, file-workers.ts), the person is told, and
 * a stop abandons its copies (nothing half-copied is catalogued; the file stays on the recorder, the
 * next run takes it); a second Ctrl-C abandons whatever is in flight at once.
 */
import { ABANDONED_AT_STOP } from '../core/types.js';
import type { CopiesInFlight } from '../wiring/vault-types.js';
import { t } from './language.js';
import { ingestMessages as m } from './messages/ingest.js';

export interface IngestStop {
  signal: AbortSignal;
  /** The copies now run under this lane too (the session's source key; the volume's root is watched from the start). */
  watchLane(lane: string): void;
  end(): void;
}

/** Watches for stops and stalls while an ingest of `root` runs; `say` writes a line for the person (stderr). */
export function watchIngestStop(root: string, copies: CopiesInFlight, say: (line: string) => void, everyMs = 500): IngestStop {
  const controller = new AbortController();
  const lanes = new Set([root]);
  let told = false;
  let abandoned = false;
  const stalled = () => copies.stalledLanes().some((l) => lanes.has(l));
  const abandon = () => {
    if (abandoned) return;
    abandoned = true;
    say(t(m.abandoning));
    void copies.abandon(ABANDONED_AT_STOP);
  };
  const onStop = () => {
    if (controller.signal.aborted) return abandon();
    controller.abort();
    say(t(m.stopping));
    if (stalled()) abandon();
  };
  const timer = setInterval(() => {
    if (!stalled()) return;
    if (!told) say(t(m.notAnswering, { path: root }));
    told = true;
    if (controller.signal.aborted) abandon();
  }, everyMs);
  process.on('SIGINT', onStop);
  process.on('SIGTERM', onStop);
  return {
    signal: controller.signal,
    watchLane: (lane) => lanes.add(lane),
    end() {
      clearInterval(timer);
      process.off('SIGINT', onStop);
      process.off('SIGTERM', onStop);
    },
  };
}
