/**
 * What `verify`, `audit verify` and the nightly fixity check found, in both languages. The English is
 * the finding's `detail` (--json and the trail keep it, whatever the run's language); the checks write it
 * from these same messages, so the two languages cannot drift apart. Pure.
 */
import { defineMessages, message } from './messages.js';

type Seq = { seq: number };
type Compared = { expected: string; found: string };

export const integrityMessages = defineMessages({
  // (1) and (5): a stored file against the catalogue (verify's own problems).
  missing: message({ zh: '目录中有记录，文件已不存在', en: 'catalogued file is gone' }),
  sizeChanged: message<Compared>({ zh: (p) => `目录记载 ${p.expected} 字节，文件为 ${p.found} 字节`, en: (p) => `catalogue says ${p.expected} bytes, file has ${p.found}` }),
  mismatch: message<Compared>({ zh: (p) => `SHA-256 为 ${p.found}，目录记载 ${p.expected}`, en: (p) => `SHA-256 is ${p.found}, catalogue says ${p.expected}` }),
  unsealed: message({ zh: '内容无误，但文件可被写入；repair 会将其设为只读', en: 'the right bytes, but the file can be written; repair makes it read-only' }),
  unexpected: message({ zh: '在音像资料库中，但不在目录中', en: 'in the vault but not in the catalogue' }),
  held: message<{ seconds: string }>({ zh: (p) => `；一个运行中的进程将其作为复制中的文件占用已超过 ${p.seconds} 秒`, en: (p) => `; a running process has held it as a copy in flight for over ${p.seconds} s` }),
  folder: message<{ why: string }>({ zh: (p) => `检查无法读取的文件夹：${p.why}`, en: (p) => `a folder the check could not read: ${p.why}` }),
  unreadable: message<{ why: string }>({ zh: (p) => `无法读取：${p.why}`, en: (p) => `cannot be read: ${p.why}` }),

  // (2) a catalogue row against the ingest entry that stored it.
  noIngestEntry: message({ zh: '审计日志中没有存入这一行的导入记录：是绕过审计日志加入的', en: "no ingest entry in the audit trail stored this row: added behind the trail's back" }),
  hashDiffersFromTrail: message<Compared & Seq>({
    zh: (p) => `目录记载 SHA-256 ${p.found}，但第 ${p.seq} 条记录的是 ${p.expected}：目录中的这一行被改动过`,
    en: (p) => `catalogue SHA-256 ${p.found} but entry ${p.seq} recorded ${p.expected}: the catalogue row was edited`,
  }),
  sizeDiffersFromTrail: message<Compared & Seq>({
    zh: (p) => `目录记载大小 ${p.found} 字节，但第 ${p.seq} 条记录的是 ${p.expected} 字节`,
    en: (p) => `catalogue size ${p.found} but entry ${p.seq} recorded ${p.expected}`,
  }),
  ingested: message<{ at: string }>({ zh: (p) => `；导入于 ${p.at}`, en: (p) => `; ingested ${p.at}` }),
  recording: message<{ id: number }>({ zh: (p) => `（录像 ${p.id}）`, en: (p) => ` (recording ${p.id})` }),

  // (3) the hash chain in the catalogue.
  gap: message<Seq & { expectedSeq: number }>({ zh: (p) => `应为第 ${p.expectedSeq} 条，实为第 ${p.seq} 条`, en: (p) => `expected entry ${p.expectedSeq}, found ${p.seq}` }),
  brokenLink: message<Seq>({ zh: (p) => `“前一条哈希”与第 ${p.seq - 1} 条不符`, en: (p) => `previous hash does not match entry ${p.seq - 1}` }),
  badHash: message<Seq>({ zh: (p) => `第 ${p.seq} 条写入后被改动过`, en: (p) => `entry ${p.seq} was altered after it was written` }),

  // (4) the JSON-lines copy of the trail against the catalogue's.
  editedInFile: message({ zh: '文件中的副本写入后被改动过', en: "the file's copy was altered after it was written" }),
  editedInCatalogue: message({ zh: '目录库中的副本写入后被改动过', en: "the catalogue's copy was altered after it was written" }),
  differs: message({ zh: '两份副本不一致，且各自自洽：有一份历史被整体改写', en: 'the two copies disagree and each is self-consistent: one history was rewritten' }),
  tornLine: message({ zh: '一行被截断（写入中断，或文件被截短）', en: 'a line cut short (a write interrupted, or the file truncated)' }),
  damagedLine: message({ zh: '一行不是审计记录', en: 'a line that is not an audit entry' }),
  reordered: message<Seq & { after: number }>({ zh: (p) => `第 ${p.seq} 条出现在第 ${p.after} 条之后`, en: (p) => `entry ${p.seq} appears after entry ${p.after}` }),
  reorderedAgain: message<Seq & { after: number }>({
    zh: (p) => `第 ${p.seq} 条在第 ${p.after} 条之后重复出现或顺序错乱`,
    en: (p) => `entry ${p.seq} appears again or out of order after entry ${p.after}`,
  }),
  missingFromCatalogue: message<Seq>({ zh: (p) => `文件中有第 ${p.seq} 条，目录库中没有（在目录库中被删除）`, en: (p) => `the file has entry ${p.seq}; the catalogue does not (deleted there)` }),
  missingFromFile: message({ zh: '在目录库中，但不在文件中（在文件中被删除）', en: 'in the catalogue but not in the file (deleted there)' }),
  manyMissingFromFile: message<{ count: number }>({ zh: (p) => `${p.count} 条在目录库中，但不在文件中（在文件中被删除）`, en: (p) => `${p.count} entries are in the catalogue but not in the file (deleted there)` }),
  fileMissing: message<{ file: string }>({ zh: (p) => `${p.file} 已不存在`, en: (p) => `${p.file} is gone` }),

  // Where a trail finding is: an entry or a run of them, a line of the file, the time since when.
  entry: message<Seq>({ zh: (p) => `第 ${p.seq} 条`, en: (p) => `entry ${p.seq}` }),
  entries: message<Seq & { toSeq: number }>({ zh: (p) => `第 ${p.seq}–${p.toSeq} 条`, en: (p) => `entries ${p.seq}–${p.toSeq}` }),
  line: message<{ line: number }>({ zh: (p) => `（文件第 ${p.line} 行）`, en: (p) => ` (line ${p.line})` }),
  since: message<{ at: string }>({ zh: (p) => `，自 ${p.at} 起`, en: (p) => `, since ${p.at}` }),
  colon: message({ zh: '：', en: ': ' }),

  // (6) the live trail against a chain head kept off the PC.
  // The chain is recomputed from the catalogue's copy; the file's copy is check (4)'s.
  anchorHeld: message<Seq>({ zh: (p) => `第 ${p.seq} 条的哈希仍与链头记录一致：目录库中的审计日志到该条为止未被改写`, en: (p) => `entry ${p.seq} still has the anchored hash: the catalogue's trail up to it is unchanged` }),
  anchorMissing: message<Seq & { head: number }>({
    zh: (p) => `现有审计日志中没有第 ${p.seq} 条（只到第 ${p.head} 条）：有记录被删除，审计日志在第 ${p.seq} 条或之前被改写`,
    en: (p) => `the live trail has no entry ${p.seq} (it ends at entry ${p.head}): entries were removed, the trail was rewritten at or before entry ${p.seq}`,
  }),
  anchorMismatch: message<Seq & Compared>({
    zh: (p) => `第 ${p.seq} 条重新计算得 ${p.found}，链头记录为 ${p.expected}：审计日志在第 ${p.seq} 条或之前被改写`,
    en: (p) => `entry ${p.seq} recomputes to ${p.found}, the anchor says ${p.expected}: the trail was rewritten at or before entry ${p.seq}`,
  }),

  // A chain-head line given to --anchor that is not one.
  lineEmpty: message({ zh: '内容为空', en: 'it is empty' }),
  lineNoEntry: message({ zh: '没有条目编号', en: 'it names no entry number' }),
  lineNoHash: message({ zh: '没有哈希值', en: 'it holds no hash' }),
  lineShape: message({ zh: '不是“第 N 条，哈希值”的形式', en: 'it is not "entry N, HASH"' }),
  lineTrailing: message<{ text: string }>({ zh: (p) => `哈希值后面有多余的文字：“${p.text}”`, en: (p) => `unexpected text after the hash: "${p.text}"` }),
  lineHashLength: message<{ digits: number }>({ zh: (p) => `哈希值有 ${p.digits} 位十六进制数字，应为 64 位`, en: (p) => `the hash has ${p.digits} hexadecimal digits, not 64` }),
  lineBadSeq: message<{ text: string }>({ zh: (p) => `条目编号 ${p.text} 不是可用的数字`, en: (p) => `entry ${p.text} is not a usable number` }),
});
