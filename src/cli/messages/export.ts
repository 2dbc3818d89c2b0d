/** `export quarter` and `export verify`: the quarterly archive sets (BagIt bags) and their receipt. */
import { defineMessages, message } from '../../core/i18n/messages.js';

export const exportMessages = defineMessages({
  group: message({ zh: '季度归档集（BagIt 包），交档案管理员（R11）', en: 'quarterly archive sets (BagIt bags) for the archivist (R11)' }),
  quarter: message({ zh: '把该季度的归档集（或其下一个补充集）写成 BagIt 包，校验后给出回执', en: "write the quarter's archive set (or its next supplement) as a BagIt bag, verified, with a receipt" }),
  quarterArg: message({ zh: '季度，如 2026Q3（本地日期落在其中的录像）', en: 'the quarter, e.g. 2026Q3 (recordings whose local date falls in it)' }),
  out: message({ zh: '归档包文件夹写到哪里（归档磁盘）', en: 'where the bag folder is written (the archive disk)' }),
  maxBagSize: message({ zh: '把归档集分成每个不超过该大小的包（如 500G、4.3G）；每个包可放在各自的磁盘上', en: 'split the set into bags of at most this size (e.g. 500G, 4.3G); each bag may go to its own disk' }),
  beforeEnd: message({
    zh: '季度尚未结束：制作临时归档集（2026Q4-provisional-1 …），不算该季度的归档；季度结束后仍须做正式归档',
    en: "the quarter has not ended yet: make a provisional set (2026Q4-provisional-1, …) that does not count as the quarter's set; the final export must still follow once it ends",
  }),
  examples: message({ zh: '示例：', en: 'Examples:' }),
  example: message({ zh: '示例：', en: 'Example:' }),
  beforeEndExampleNote: message({ zh: '# 2027-01-01 之前：临时归档集 2026Q4-provisional-1', en: '# before 2027-01-01: provisional set 2026Q4-provisional-1' }),
  quarterNotes: message({
    zh: [
      '中断了？再运行同一命令：从停下的地方继续。归档集制作之后才导入的该季度录像，',
      '在下次运行时进入补充集（2026Q3-S1 …）。',
      '没有录像的季度不制作归档集：不写入任何文件，不占用归档集编号，退出码 0',
      '（--json：{"setId":null,"empty":true,…}）。尚未结束的季度被拒绝（退出码 2），',
      '除非给出 --before-end；临时归档集不能履行季度归档义务，季度结束后不带 --before-end 的',
      '正式归档会再次包含其全部录像。',
    ].join('\n'),
    en: [
      'Interrupted? Run the same command again: it picks up where it stopped. Recordings of the quarter',
      'ingested after its set was made go into a supplement set (2026Q3-S1, …) on the next run.',
      'A quarter with no recordings gets no set: nothing is written, no set id is used, exit status 0',
      '(--json: {"setId":null,"empty":true,…}). A quarter that has not ended is refused (exit status 2)',
      'unless --before-end is given; a provisional set never fulfils the quarterly duty, and the final',
      'export of the quarter (without --before-end, once it has ended) holds all its recordings again.',
    ].join('\n'),
  }),
  notASize: message<{ value: string }>({ zh: (p) => `--max-bag-size "${p.value}" 不是大小`, en: (p) => `--max-bag-size "${p.value}" is not a size` }),
  notASizeHint: message({ zh: '给出字节数或带单位的大小：500M、4.3G、1T。', en: 'Give bytes or a size with a unit: 500M, 4.3G, 1T.' }),
  empty: message<{ quarter: string; provisional: boolean }>({
    zh: (p) => `季度 ${p.quarter} ${p.provisional ? '目前' : ''}没有影像资料：未制作归档集，未写入任何文件，未占用归档集编号。`,
    en: (p) => `Quarter ${p.quarter} has no recordings${p.provisional ? ' so far' : ''}: no archive set made, nothing written, no set id used.`,
  }),
  upToDate: message<{ quarter: string; provisional: boolean; list: string }>({
    zh: (p) => `季度 ${p.quarter} 没有需要新归档的内容：其录像已在${p.provisional ? '临时归档集' : '归档集'} ${p.list} 中。`,
    en: (p) => `Quarter ${p.quarter} has nothing new to export: its recordings are in the ${p.provisional ? 'provisional sets' : 'sets'} ${p.list}.`,
  }),
  progressVerify: message<{ name: string }>({ zh: (p) => `校验 ${p.name}`, en: (p) => `verify ${p.name}` }),
  verify: message({
    zh: '检查一个包（或放着多个包的文件夹）：完整性、Payload-Oxum、清单每一行、标签清单；其审计链头与本机审计日志比对',
    en: "check a bag (or a folder of bags): completeness, Payload-Oxum, every manifest line, the tag manifest; its audit chain head against this PC's trail",
  }),
  verifyArg: message({ zh: '一个包文件夹，或放着一个归档集各包的文件夹', en: 'a bag folder, or the folder holding the bags of a set' }),
  verifyNotes: message({
    zh: '有任何问题时退出码为 1；每个问题都指明其文件。在证据电脑上还会把每个包的审计链头\n（bag-info.txt）与本机审计日志比对：归档集制作之后被改写的审计日志与之不符。不用本工具时：',
    en: "Exit status 1 when anything is wrong; each problem names its file. On the evidence PC, each bag's audit chain\nhead (bag-info.txt) is also compared with this PC's audit trail: a trail rewritten since the set was made\ndisagrees with it. Without this tool:",
  }),
  bagValid: message<{ bag: string; setId: string; files: number; size: string }>({
    zh: (p) => `${p.bag}：完好（归档集 ${p.setId}，${p.files} 个文件，${p.size}）`,
    en: (p) => `${p.bag}: valid (set ${p.setId}, ${p.files} files, ${p.size})`,
  }),
  bagProblems: message<{ bag: string; count: number; setId: string; files: number; size: string }>({
    zh: (p) => `${p.bag}：${p.count} 个问题（归档集 ${p.setId}，${p.files} 个文件，${p.size}）`,
    en: (p) => `${p.bag}: ${p.count} problems (set ${p.setId}, ${p.files} files, ${p.size})`,
  }),
  wholeBag: message({ zh: '（整个包）', en: '(bag)' }),
  headsTitle: message({ zh: '归档集中的审计链头与本机审计日志（本机目录库）比对：', en: "Audit chain heads in the set against this PC's audit trail (the catalogue on this PC):" }),
  notCompared: message<{ name: string; reason: string }>({ zh: (p) => `  未比对        ${p.name}：${p.reason}`, en: (p) => `  not compared  ${p.name}: ${p.reason}` }),
  anchorOk: message<{ id: number }>({ zh: (p) => `第 ${p.id} 条的哈希仍与链头记录一致：目录库中的审计日志到该条为止未被改写`, en: (p) => `entry ${p.id} still has the anchored hash: the catalogue's trail up to it is unchanged` }),
  anchorMissing: message<{ id: number; liveHead: number }>({
    zh: (p) => `现有审计日志没有第 ${p.id} 条（止于第 ${p.liveHead} 条）：有条目被删除，审计日志在第 ${p.id} 条或之前被改写`,
    en: (p) => `the live trail has no entry ${p.id} (it ends at entry ${p.liveHead}): entries were removed, the trail was rewritten at or before entry ${p.id}`,
  }),
  anchorMismatch: message<{ id: number; found: string; expected: string }>({
    zh: (p) => `第 ${p.id} 条重新计算为 ${p.found}，锚定值为 ${p.expected}：审计日志在第 ${p.id} 条或之前被改写`,
    en: (p) => `entry ${p.id} recomputes to ${p.found}, the anchor says ${p.expected}: the trail was rewritten at or before entry ${p.id}`,
  }),
  receiptHead: message<{ id: string; quarter: string; provisional: boolean; supplement: number; complete: boolean }>({
    zh: (p) => `归档集 ${p.id}（季度 ${p.quarter}${p.provisional ? '，临时' : p.supplement ? `，补充集 ${p.supplement}` : ''}）：${p.complete ? '完整且已校验' : '不完整'}`,
    en: (p) => `Archive set ${p.id} (quarter ${p.quarter}${p.provisional ? ', PROVISIONAL' : p.supplement ? `, supplement ${p.supplement}` : ''}): ${p.complete ? 'complete and verified' : 'NOT complete'}`,
  }),
  receiptFiles: message<{ files: number; size: string; bytes: number; count: number }>({
    zh: (p) => `  文件 ${p.files} 个，${p.size}（${p.bytes} 字节），共 ${p.count} 个包`,
    en: (p) => `  files ${p.files}, ${p.size} (${p.bytes} bytes) in ${p.count} bag(s)`,
  }),
  receiptBag: message<{ number: number; of: number; path: string; earlier: boolean }>({
    zh: (p) => `  第 ${p.number} 包（共 ${p.of} 包）：${p.path}${p.earlier ? '（此前已完成）' : ''}`,
    en: (p) => `  bag ${p.number} of ${p.of}: ${p.path}${p.earlier ? ' (finished earlier)' : ''}`,
  }),
  receiptBagFiles: message<{ files: number; bytes: number; oxum: string; resumed: number }>({
    zh: (p) => `    文件 ${p.files} 个，${p.bytes} 字节（Payload-Oxum ${p.oxum}）${p.resumed ? `；其中 ${p.resumed} 个接续自中断的运行` : ''}`,
    en: (p) => `    files ${p.files}, ${p.bytes} bytes (Payload-Oxum ${p.oxum})${p.resumed ? `; ${p.resumed} resumed from an interrupted run` : ''}`,
  }),
  receiptManifest: message<{ what: string }>({ zh: (p) => `    manifest-sha256.txt 的 SHA-256  ${p.what}`, en: (p) => `    manifest-sha256.txt SHA-256  ${p.what}` }),
  receiptChain: message<{ id: number; what: string }>({ zh: (p) => `    审计链头                      #${p.id} ${p.what}`, en: (p) => `    audit chain head             #${p.id} ${p.what}` }),
  receiptNext: message<{ what: string }>({ zh: (p) => `下一步：${p.what}`, en: (p) => `Next: ${p.what}` }),
  provisionalNote: message<{ quarter: string }>({
    zh: (p) => `临时归档集：在季度 ${p.quarter} 结束前制作，不能代替该季度的归档集。`,
    en: (p) => `Provisional: made before quarter ${p.quarter} ended, it does not replace the quarter's archive set.`,
  }),
  provisionalFinal: message<{ from: string; quarter: string }>({
    zh: (p) => `  ${p.from} 起运行：evidence-vault export quarter ${p.quarter} --out DIR   （正式归档集）`,
    en: (p) => `  From ${p.from} run: evidence-vault export quarter ${p.quarter} --out DIR   (the final set)`,
  }),
  signatures: message({
    zh: '移交人：____________________   接收人（档案管理员）：____________________   日期：____________',
    en: 'Handed over by: ____________________   Received by (archivist): ____________________   Date: ____________',
  }),
});
