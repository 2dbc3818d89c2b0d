/** Looking recordings up in the catalogue, for `recordings list/show` and `retention show`. */
import { UserError } from '../core/errors.js';
import type { Recording } from '../core/types.js';
import type { RecordingFilter } from '../adapters/catalog/recording-store.js';

/** Which recordings a look-up asks for (from, to, device, officer). */
export type { RecordingFilter };

/** What the lookup needs of the catalogue. */
export interface RecordingRows {
  get(id: number): Recording | undefined;
  iterate(filter: RecordingFilter): Iterable<Recording>;
}

export class CatalogueLookup {
  constructor(private readonly rows: RecordingRows) {}

  /** One recording by the id a person typed; a clear error when there is none. */
  recording(idText: string): Recording {
    const id = Number(idText);
    // A typo ("abc", "4x") is said as one: "no recording abc" sent people looking for a recording.
    if (!/^\s*\d+\s*$/.test(idText) || !Number.isSafeInteger(id)) {
      throw new UserError({ zh: `“${idText}”不是录像编号（应为数字，例如 42）`, en: `"${idText}" is not a recording id (a number, such as 42)` }, { zh: '查找编号：evidence-vault recordings list', en: 'Find ids with: evidence-vault recordings list' });
    }
    const r = this.rows.get(id);
    if (!r) throw new UserError({ zh: `目录中无编号为 ${idText} 的影像`, en: `no recording with id ${idText}` }, { zh: '查找编号：evidence-vault recordings list', en: 'Find ids with: evidence-vault recordings list' });
    return r;
  }

  /** Recordings matching `filter`, oldest first, streamed. */
  recordings(filter: RecordingFilter): Iterable<Recording> {
    return this.rows.iterate(filter);
  }
}
