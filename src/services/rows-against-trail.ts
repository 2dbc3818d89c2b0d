/**
 * Check (2) of `audit verify`, which the nightly fixity check also runs on its share: each catalogue
 * row against the entry that stored it. A file altered together with its row's hash matches the row;
 * only the trail still holds what was stored.
 */
import { say } from '../core/i18n/messages.js';
import { integrityMessages as words } from '../core/i18n/integrity-messages.js';
import type { IntegrityFinding } from '../core/integrity-findings.js';
import type { RowAgainstTrail } from '../adapters/catalog/integrity-store.js';

/** Rows cross-checked between yields to the event loop (the progress bar, a daemon's other work). */
const YIELD_EVERY = 1024;

export async function checkRowsAgainstTrail(rows: Iterable<RowAgainstTrail>, emit: (f: IntegrityFinding) => void | Promise<void>): Promise<{ checked: number }> {
  let checked = 0;
  for (const r of rows) {
    checked++;
    const base = { check: 'catalogue-vs-trail' as const, vaultPath: r.vaultPath, recordingId: r.id };
    if (r.seq === null) {
      await emit({ ...base, kind: 'no-ingest-entry', detail: say('en', words.noIngestEntry) });
    } else if (r.trailSha256 !== r.sha256) {
      const values = { seq: r.seq, expected: String(r.trailSha256), found: r.sha256 };
      await emit({ ...base, kind: 'hash-differs-from-trail', ...values, at: r.at ?? undefined, detail: say('en', words.hashDiffersFromTrail, values) });
    } else if (r.trailSize !== r.size) {
      const values = { seq: r.seq, expected: r.trailSize ?? undefined, found: r.size };
      const said = { ...values, expected: String(r.trailSize), found: String(r.size) };
      await emit({ ...base, kind: 'size-differs-from-trail', ...values, at: r.at ?? undefined, detail: say('en', words.sizeDiffersFromTrail, said) });
    }
    if (checked % YIELD_EVERY === 0) await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return { checked };
}
