/**
 * `evidence-vault export verify`: every bag of a set checked on its own (completeness, Payload-Oxum,
 * manifests), then, on the evidence PC, each bag's audit chain head against this PC's live trail,
 * and the result on the record.
 */
import path from 'node:path';
import { BAG_INFO } from '../core/bagit.js';
import type { AnchorResult } from '../core/audit-anchor.js';
import type { Progress } from '../core/progress.js';
import type { BagDisk } from '../adapters/bag-disk.js';
import { checkBagHeads, type BagHeadCheck } from './anchor-check.js';
import type { AuditTrail } from './audit-trail.js';
import { findBags, verifyBag, type BagReport, type Hasher } from './bag-verify.js';

export interface SetCheck {
  ok: boolean;
  bags: BagReport[];
  anchors: AnchorResult[];
  anchorsNotCompared: BagHeadCheck['notCompared'];
}

export class ExportVerifyService {
  constructor(
    private readonly hasher: () => Hasher,
    private readonly audit: AuditTrail,
    /** Whether this catalogue made the set: a set from another vault has no head to compare here. */
    private readonly madeHere: (setId: string) => boolean,
    /** The bags' folders, read without following links. */
    private readonly disk: BagDisk,
  ) {}

  async verifySets(target: string, progressFor: (bag: string) => Progress | undefined): Promise<SetCheck> {
    const where = path.resolve(target);
    const bags = await findBags(this.disk, where).catch(() => []);
    if (bags.length === 0) {
      this.audit.refuse({ action: 'export.verify', target: where, details: { reason: 'no bag there' } }, { zh: `${where} 不是 BagIt 包，也不含任何包（没有 bagit.txt）`, en: `${where} is not a bag and holds no bags (no bagit.txt)` }, { zh: '请给出归档集的目录，例如 /media/archive/2026Q3。', en: 'Give the folder of a set, e.g. /media/archive/2026Q3.' });
    }
    const reports: BagReport[] = [];
    for (const bag of bags) reports.push(await verifyBag(bag, { hasher: this.hasher(), disk: this.disk }, progressFor(path.basename(bag))));
    // On the evidence PC: each bag's chain head against this PC's live trail (a consistent rewrite shows here).
    const heads = await checkBagHeads(this.disk, reports, this.audit.store, this.madeHere);
    for (const m of heads.malformed) {
      const r = reports.find((x) => x.bag === m.bag)!;
      r.problems.push({ kind: 'malformed', path: BAG_INFO, detail: m.problem });
      r.ok = false;
    }
    const ok = reports.every((r) => r.ok) && heads.anchors.every((a) => a.ok);
    this.audit.record({
      action: 'export.verify',
      target: where,
      details: {
        ok,
        bags: reports.map((r) => ({ bag: r.bag, setId: r.setId, files: r.files, bytes: r.bytes, problems: r.problems.map((p) => ({ kind: p.kind, path: p.path })) })),
        anchors: heads.anchors,
        anchorsNotCompared: heads.notCompared,
      },
    });
    return { ok, bags: reports, anchors: heads.anchors, anchorsNotCompared: heads.notCompared };
  }
}
