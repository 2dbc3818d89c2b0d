/** `repair`: damaged or missing recordings back from an identical copy. */
import { defineMessages, message } from '../../core/i18n/messages.js';

export const repairMessages = defineMessages({
  notARecordingId: message<{ value: string }>({ zh: (p) => `"${p.value}" 不是录像编号`, en: (p) => `"${p.value}" is not a recording id` }),
  idsHint: message({ zh: '录像编号就是 evidence-vault verify 和 evidence-vault recordings list 显示的数字。', en: 'Recording ids are the numbers verify and recordings list show.' }),
  repair: message({
    zh: '从归档集、光盘镜像、已挂载的光盘或对象存储中找到完全相同（SHA-256）的副本，恢复受损或缺失的录像',
    en: 'put damaged or missing recordings back from an identical copy (SHA-256) in an archive set, a disc image, a mounted disc or the object store',
  }),
  idsArg: message({ zh: '录像编号（默认：所有受损或缺失的录像）', en: 'recording ids (default: every recording that is damaged or missing)' }),
  from: message({
    zh: '归档集文件夹、光盘镜像（.iso）、已挂载的光盘，或 s3（配置中的对象存储，按每条录像的副本）；可重复（默认：目录库所知的归档集和光盘镜像，在其写入或最近一次校验的位置）',
    en: 'an archive-set folder, a disc image (.iso), a mounted disc, or s3 (the object store the config names, each recording\'s replica there); repeatable (default: the archive sets and disc images the catalogue knows, where they were written or last verified)',
  }),
  examples: message({ zh: '示例：', en: 'Examples:' }),
  everythingNote: message({ zh: '# 从已知的归档集和光盘恢复一切受损的录像', en: '# everything damaged, from the known archive sets and discs' }),
  storeNote: message({ zh: '# 一切受损或缺失的录像，从对象存储中的副本恢复', en: '# everything damaged or missing, from its copy in the object store' }),
  storeNotes: message({
    zh: `--from s3 从配置（replication 一节）中的对象存储读取：每条录像按其复制记录中的对象键和版本取回，
SHA-256 和大小一致才采用；从未复制到存储的录像无法从存储恢复，会如实列出。审计日志记下存储地址、
存储桶、对象键和版本。开始时存储无法连接，退出码为 75（稍后再试）；中途断开时，尚未处理的录像列为未解决，退出码为 1，再次运行即可继续。`,
    en: `--from s3 reads the object store the config names (its replication section): each recording is fetched by
the object key and version its replica recorded, and taken only when its SHA-256 and size match; a recording
never replicated cannot be restored from the store and is listed as such. The trail names the endpoint,
bucket, key and version. Exit status 75 when the store cannot be reached at the start (try again later); lost midway, the recordings not yet reached are left unresolved, exit 1, and a second run carries on.`,
  }),
  objectStore: message({ zh: '对象存储', en: 'object store' }),
  sourceKind: message<{ kind: string }>({ zh: (p) => `（${p.kind}）`, en: (p) => ` (${p.kind})` }),
  colon: message({ zh: '：', en: ': ' }),
  notes: message<{ code: number }>({
    zh: (p) => `不给编号时，先像 verify 那样重新计算每条录像的哈希，找出受损或缺失的录像。
只有 SHA-256 和大小与目录库一致的副本才会被采用，无论其文件名。它经过与导入相同的步骤进入证据库
（临时文件、fsync、链接、回读、只读）；受损文件被移到证据库的 .repair/damaged/ 中，绝不删除。
来源只读不写。已销毁的录像永不恢复。专（兼）职管理员和管理员可以修复；每一次恢复和每一条
未能恢复的录像都记录在审计日志中（audit log --action repair）。
有录像仍受损或缺失（找不到相同的副本）时退出码为 ${p.code}。`,
    en: (p) => `Without ids every recording is re-hashed first, as verify does, to find what is damaged or missing.
A copy is taken only when its SHA-256 and size are the catalogue's, whatever its name. It goes in
through the same steps as ingest (temp file, fsync, link, read back, read-only); a damaged file is
moved aside to .repair/damaged/ in the vault, never deleted. Sources are only read. Disposed
recordings are never restored. Custodians and administrators may repair; every restore and every
recording left unrestored is in the audit trail (audit log --action repair).
Exit status ${p.code} when a recording stays damaged or missing (no identical copy found).`,
  }),
  head: message<{ checked: number; restored: number; unresolved: number; fine: number }>({
    zh: (p) => `修复：检查 ${p.checked} 条，已恢复 ${p.restored} 条，未解决 ${p.unresolved} 条，完好 ${p.fine} 条`,
    en: (p) => `Repair: checked ${p.checked}, restored ${p.restored}, unresolved ${p.unresolved}, fine ${p.fine}`,
  }),
  restored: message<{ id: number; path: string; problem: string; from: string }>({
    zh: (p) => `  ✓ #${p.id} ${p.path}：已恢复（${p.problem}），来自 ${p.from}`,
    en: (p) => `  ✓ #${p.id} ${p.path}: restored (${p.problem}) from ${p.from}`,
  }),
  damagedKept: message<{ path: string }>({ zh: (p) => `      受损副本保存在：${p.path}`, en: (p) => `      damaged copy kept: ${p.path}` }),
  unresolved: message<{ id: number; path: string; problem: string; reason: string }>({
    zh: (p) => `  ✗ #${p.id} ${p.path}：未恢复（${p.problem}）：${p.reason}`,
    en: (p) => `  ✗ #${p.id} ${p.path}: NOT restored (${p.problem}): ${p.reason}`,
  }),
  fine: message<{ id: number; path: string; what: string | null }>({
    zh: (p) => `  = #${p.id} ${p.path}：完好${p.what ? `（${p.what}）` : ''}`,
    en: (p) => `  = #${p.id} ${p.path}: fine${p.what ? ` (${p.what})` : ''}`,
  }),
  sources: message({ zh: '来源：', en: 'Sources:' }),
  discImage: message({ zh: '光盘镜像', en: 'disc image' }),
  folder: message({ zh: '文件夹', en: 'folder' }),
  noSources: message({
    zh: '来源：本机没有已知来源（本证据库的归档集或光盘镜像都不在其写入的位置）',
    en: 'Sources: none known here (no archive set or disc image of this vault is where it was written)',
  }),
  findACopy: message<{ list: string }>({
    zh: (p) => `未恢复：请找到副本（归档磁盘、证据光盘）后运行：evidence-vault repair ${p.list} --from PATH`,
    en: (p) => `Not restored: find a copy (an archive-set disk, an evidence disc) and run: evidence-vault repair ${p.list} --from PATH`,
  }),
});
