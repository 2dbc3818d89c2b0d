/**
 * Why an outbox row waits instead of running now. Neither is a failure: the row is tried again later
 * and no failure is recorded.
 */

/** A disposal whose bytes are still locked in the store: it runs once the lock has run out. */
export class LockStillInForce extends Error {
  constructor(readonly until: Date) {
    super(`locked until ${until.toISOString()}`);
  }
}

/**
 * A refresh or a disposal of a recording whose first upload is still queued or under way: the upload
 * described the recording when it began, so a change since (a hold, a disposal) must run after it,
 * not be dropped as "not in the store yet".
 */
export class PutStillPending extends Error {
  constructor(readonly recordingId: number) {
    super(`recording ${recordingId} is still being sent to the store`);
  }
}

/** How long such a row waits before it is looked at again. */
export const WAIT_FOR_PUT_MS = 5_000;
