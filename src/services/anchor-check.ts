/**
 * Chain heads kept off the PC, read from where they are (a pasted line, an archive set's bag-info.txt,
 * a disc image's note, a text file) and checked against the live trail in the catalogue.
 */
import path from 'node:path';
import {
  ANCHOR_FORMS,
  chainHeadFromBagInfo,
  checkAnchorsOnePass,
  findAnchorInText,
  parseAnchorLine,
  type AnchorResult,
  type BagHead,
  type ChainHead,
  type SourcedAnchor,
} from '../core/audit-anchor.js';
import { BAG_INFO } from '../core/bagit.js';
import { UserError, type Said } from '../core/errors.js';
import type { AuditStore } from '../adapters/catalog/audit-store.js';
import { findBags } from './bag-verify.js';
import type { BagDisk } from '../adapters/bag-disk.js';

/** Reads the chain head a disc (or its image) carries; null when it carries none. */
export type DiscHeadReader = (device: string) => Promise<ChainHead | null>;

const HINT: Said = {
  zh: '请给出：打印的审计链头行，例如 "审计链头：第 123 条，<64 位十六进制>" 或 "Audit chain head: entry 123, <64 hex digits>"；或归档集文件夹（export quarter）；或光盘映像或光驱（disc build）。例如 --anchor /media/archive/2026Q3、--anchor GP2026-0001.iso',
  en: `give ${ANCHOR_FORMS.join('; or ')}. E.g. --anchor /media/archive/2026Q3, --anchor GP2026-0001.iso`,
};
const TEXT_LIMIT = 4 * 1024 * 1024;

/** Each anchor against the live trail: entry N recomputed from entry 1 must give the anchored hash. */
export function checkAnchors(store: AuditStore, anchors: readonly SourcedAnchor[]): AnchorResult[] {
  const liveHead = store.head()?.seq ?? 0;
  return checkAnchorsOnePass(store.iterate(), anchors, liveHead);
}

/** bag-info.txt's chain head of one bag. */
export async function readBagHead(disk: BagDisk, bag: string): Promise<BagHead> {
  const text = await disk.readText(path.join(bag, BAG_INFO));
  return text === null ? { kind: 'none' } : chainHeadFromBagInfo(text);
}

/**
 * One `--anchor` argument, as anchors (a set folder holding several bags gives one per bag). An
 * existing path is read; anything else must be a chain-head line. A bad argument is a UserError.
 */
/** What a path named as an anchor is, or null when nothing is there. */
export type PathKind = (path: string) => Promise<{ isDirectory(): boolean; isFile(): boolean; isBlockDevice(): boolean; size: number } | null>;

/** Where anchors are read from: a disc's head, what a path is, a bag's files. */
export interface AnchorSources {
  readDisc: DiscHeadReader;
  kindOf: PathKind;
  disk: BagDisk;
}

export async function resolveAnchor(arg: string, sources: AnchorSources): Promise<SourcedAnchor[]> {
  const { readDisc, kindOf, disk } = sources;
  const text = arg.trim();
  const where = path.resolve(text);
  const st = text ? await kindOf(where) : null;
  if (!st) {
    const p = parseAnchorLine(text);
    if (!p.ok) throw new UserError({ zh: `--anchor "${arg}" 不是审计链头行（${p.said.zh}），也不是存在的文件或文件夹`, en: `--anchor "${arg}" is not a chain-head line (${p.said.en}), nor a file or folder that exists` }, HINT);
    return [{ ...p.head, source: `"${text.replace(/\s+/g, ' ')}"` }];
  }
  if (st.isDirectory()) {
    const bags = await findBags(disk, where);
    if (!bags.length) throw new UserError({ zh: `--anchor ${where}：该文件夹不是归档集（其中及其子文件夹中都没有 bagit.txt）`, en: `--anchor ${where}: this folder is not an archive set (no bagit.txt in it or in its folders)` }, HINT);
    const anchors: SourcedAnchor[] = [];
    for (const bag of bags) {
      const h = await readBagHead(disk, bag);
      if (h.kind === 'none') throw new UserError(
          { zh: `--anchor ${bag}：其 ${BAG_INFO} 中没有审计链头（Audit-Chain-Head-Seq、Audit-Chain-Head-SHA256）`, en: `--anchor ${bag}: its ${BAG_INFO} carries no audit chain head (Audit-Chain-Head-Seq, Audit-Chain-Head-SHA256)` },
          { zh: '由 export quarter 制作的归档集都带有链头；较早的归档集请与其回执上的链头行比对。', en: 'Sets made by export quarter carry one; compare older sets with the line on their receipt.' },
        );
      if (h.kind === 'malformed') throw new UserError(`--anchor ${bag}: ${BAG_INFO}: ${h.problem}`, { zh: `该包已被改动：请检查：evidence-vault export verify ${bag}`, en: 'The bag was altered: check it with: evidence-vault export verify ' + bag });
      anchors.push({ ...h.head, source: bag });
    }
    return anchors;
  }
  if (st.isBlockDevice() || /\.iso$/i.test(where)) {
    const head = await readDisc(where);
    if (!head) throw new UserError(
      { zh: `--anchor ${where}：该光盘上未找到审计链头（其 README.txt 和记录表中都没有，或它不是光盘映像）`, en: `--anchor ${where}: no audit chain head found on this disc (its README.txt and register carry none, or it is not a disc image)` },
      HINT,
    );
    return [{ ...head, source: where }];
  }
  if (!st.isFile() || st.size > TEXT_LIMIT) throw new UserError({ zh: `--anchor ${where} 不是归档集、光盘映像或文本文件`, en: `--anchor ${where} is not an archive set, a disc image or a text file` }, HINT);
  const head = findAnchorInText((await disk.readText(where)) ?? '');
  if (!head) throw new UserError({ zh: `--anchor ${where}：该文件中没有审计链头行`, en: `--anchor ${where}: no chain-head line in this file` }, HINT);
  return [{ ...head, source: where }];
}

export interface BagHeadCheck {
  /** Heads compared with this PC's trail, one per bag that carries one and was made here. */
  anchors: AnchorResult[];
  /** Bags whose head was not compared, and why (made before heads were written, made by another vault). */
  notCompared: { bag: string; reason: string }[];
  /** Bags whose bag-info.txt head cannot be read. */
  malformed: { bag: string; problem: string }[];
}

/** `export verify` on the evidence PC: each bag's chain head against this PC's live trail. */
export async function checkBagHeads(disk: BagDisk, bags: readonly { bag: string; setId: string | null }[], store: AuditStore, madeHere: (setId: string) => boolean): Promise<BagHeadCheck> {
  const out: BagHeadCheck = { anchors: [], notCompared: [], malformed: [] };
  const toCheck: SourcedAnchor[] = [];
  for (const b of bags) {
    const h = await readBagHead(disk, b.bag);
    if (h.kind === 'none') out.notCompared.push({ bag: b.bag, reason: `${BAG_INFO} carries no audit chain head (a set made before heads were written)` });
    else if (h.kind === 'malformed') out.malformed.push({ bag: b.bag, problem: h.problem });
    else if (!b.setId || !madeHere(b.setId)) out.notCompared.push({ bag: b.bag, reason: `set ${b.setId ?? '?'} was not made by this vault (not in this catalogue); compare anyway with: evidence-vault audit verify --anchor ${b.bag}` });
    else toCheck.push({ ...h.head, source: b.bag });
  }
  out.anchors = checkAnchors(store, toCheck);
  return out;
}
