/** `restore-station`: a lost station disk rebuilt from the object store. */
import { defineMessages, message } from '../../core/i18n/messages.js';

export const restoreStationMessages = defineMessages({
  description: message({
    zh: '换盘后从对象存储重建本站：审计日志、目录库和全部录像（仅管理员；在刚由 init 建立的空证据库上运行）',
    en: 'rebuild this station from the object store after its disk was replaced: the audit trail, the catalogue and every recording (administrators; on an empty vault just made with init)',
  }),
  notes: message({
    zh: `先在新磁盘上按同一配置（同一 replication.station）运行 init，再运行本命令。它从存储读取本站的审计日志分段，
只凭分段本身校验哈希链（断裂则拒绝并指出第几条），读取每条录像元数据中审计日志记载本站写入的版本（日志未记载时取最早的版本；更晚的版本逐条列出，不予采用），重建目录库（录像保留原编号，
已销毁的录像只恢复目录行和销毁记录），再按对象键逐条取回录像，经与 repair 相同的步骤放入证据库并核对 SHA-256。
新磁盘上 init 写下的几条日志由本站的日志取代（原样记入本次恢复的日志条目，旧日志文件保留在 .audit/ 中）；
恢复本身作为新的日志条目接在链后。中途被中断时再次运行即可接着完成，已放好的文件不会重复放置。
进度显示在标准错误上。退出码：0 全部恢复；1 有录像未能恢复，或只见于审计日志（逐条列出）；75 存储无法连接（稍后再运行）；77 拒绝。`,
    en: `Run init on the new disk with the same config (the same replication.station) first, then this. It reads the station's
trail segments from the store and checks the hash chain from the segments alone (a break is refused, naming the entry),
reads each recording's metadata at the version its trail says it put (the first when the trail names none; later versions are listed, not taken), rebuilds the catalogue (recordings keep their ids; disposed ones
come back as a catalogue row and a tombstone only), then fetches each recording by its key through the steps repair
uses and checks its SHA-256. The few entries init wrote on the new disk give way to the station's trail (kept whole in
the restore's entry; the old trail file stays in .audit/); the restore itself is recorded as new entries on the chain.
Killed midway, run it again: it carries on, and places no file twice. Progress goes to stderr. Exit status: 0 all
restored; 1 recordings left unrestored or known to the trail alone (each listed); 75 the store cannot be reached (run
it again later); 77 refused.`,
  }),
  head: message<{ station: string; store: string }>({
    zh: (p) => `已从对象存储 ${p.store} 重建本站 ${p.station}`,
    en: (p) => `Station ${p.station} rebuilt from the object store ${p.store}`,
  }),
  headResumed: message<{ station: string; store: string }>({
    zh: (p) => `已接着完成本站 ${p.station} 从对象存储 ${p.store} 的重建`,
    en: (p) => `Rebuild of station ${p.station} from the object store ${p.store} carried on and finished`,
  }),
  headIncomplete: message<{ station: string; store: string }>({
    zh: (p) => `本站 ${p.station} 从对象存储 ${p.store} 的重建尚未完成`,
    en: (p) => `Rebuild of station ${p.station} from the object store ${p.store} is not complete`,
  }),
  trailLine: message<{ segments: number; entries: number; head: string; replaced: number }>({
    zh: (p) => `  审计日志：${p.segments} 个分段，${p.entries} 条，哈希链校验无误，链头第 ${p.head} 条；取代新磁盘上 init 写下的 ${p.replaced} 条（原样保留在恢复的日志条目中）`,
    en: (p) => `  audit trail: ${p.segments} segments, ${p.entries} entries, hash chain verified, head at entry ${p.head}; the ${p.replaced} entries init wrote on the new disk replaced (kept whole in the restore's entry)`,
  }),
  noTrail: message({
    zh: '  审计日志：存储中没有本站的日志分段，保留本磁盘自己的日志',
    en: '  audit trail: the store holds no segment of this station; this disk keeps its own',
  }),
  recordingsLine: message<{ catalogued: number; disposed: number; placed: number; size: string; already: number }>({
    zh: (p) => `  录像：目录库 ${p.catalogued} 条（其中已销毁 ${p.disposed} 条，只恢复目录行和销毁记录）；本次取回并放入 ${p.placed} 条（${p.size}），此前已放好 ${p.already} 条`,
    en: (p) => `  recordings: ${p.catalogued} catalogued (${p.disposed} disposed: catalogue row and tombstone only); ${p.placed} fetched and placed now (${p.size}), ${p.already} placed before`,
  }),
  registersLine: message<{ officers: number; devices: number; cases: number; links: number; holds: number; levels: number }>({
    zh: (p) => `  登记：民警 ${p.officers} 名，记录仪 ${p.devices} 台，案件 ${p.cases} 件，案件关联 ${p.links} 条，保全 ${p.holds} 项（均作为对单条录像的保全恢复），涉密等级 ${p.levels} 条（设在录像上）`,
    en: (p) => `  registers: ${p.officers} officers, ${p.devices} recorders, ${p.cases} cases, ${p.links} case links, ${p.holds} holds (each restored as a hold on its recording), ${p.levels} classification levels (set on the recording)`,
  }),
  recordersMissing: message<{ list: string }>({
    zh: (p) => `  以下记录仪的登记不在存储中（请用 device add 重新登记）：${p.list}`,
    en: (p) => `  recorders whose register entry the store does not carry (register them again with device add): ${p.list}`,
  }),
  notRestoredHead: message<{ n: number }>({ zh: (p) => `未能恢复 ${p.n} 项：`, en: (p) => `Not restored (${p.n}):` }),
  notRestoredLine: message<{ what: string; reason: string }>({ zh: (p) => `  ✗ ${p.what}：${p.reason}`, en: (p) => `  ✗ ${p.what}: ${p.reason}` }),
  notOnTrailHead: message<{ n: number }>({
    zh: (p) => `以下 ${p.n} 条录像的元数据未见于恢复的审计日志（最后一个日志分段发送之后复制的，或是持有存储密钥者写入存储的），请逐条与记录仪、民警核对：`,
    en: (p) => `Recordings whose metadata no entry of the restored trail names (${p.n}; replicated after the last trail segment was sent, or put in the store by someone holding its keys): check each against its recorder and officer:`,
  }),
  notOnTrailLine: message<{ id: number; path: string }>({ zh: (p) => `  录像 #${p.id}：${p.path}`, en: (p) => `  recording #${p.id}: ${p.path}` }),
  laterVersionsHead: message<{ n: number }>({
    zh: (p) => `以下 ${p.n} 条录像的元数据在存储中另有更晚的版本，未予采用（可能是最后一个日志分段发送之后本站所作的更改，也可能是持有存储密钥者另行写入的）：`,
    en: (p) => `Recordings whose metadata has later versions in the store that were not taken (${p.n}; a change made after the last trail segment was sent, or a version someone holding the store's keys put):`,
  }),
  laterVersionsLine: message<{ id: number; key: string; taken: string; by: 'trail' | 'first'; later: string }>({
    zh: (p) => `  #${p.id} ${p.key}：采用${p.by === 'trail' ? '审计日志记载本站写入' : '最早'}的版本 ${p.taken}，未采用 ${p.later}`,
    en: (p) => `  #${p.id} ${p.key}: restored from version ${p.taken} (${p.by === 'trail' ? 'the one the trail says this station put' : 'the first; the trail names none'}), not from ${p.later}`,
  }),
  laterVersionsHint: message({
    zh: '  请逐条核对：确属本站的更改（如保全、案件关联、民警归属），在本站重新办理即可；否则是他人写入的版本，请报告存储管理员。',
    en: "  Check each: a change the station did make (a hold, a case link, an officer) is made again on the station; any other version was put by someone else: report it to the store's administrator.",
  }),
  onlyInTrailHead: message<{ n: number }>({
    zh: (p) => `审计日志记载已入库、但从未复制到存储的录像 ${p.n} 条（随旧磁盘丢失）：`,
    en: (p) => `Recordings the trail saw stored that never reached the store (${p.n}; lost with the old disk):`,
  }),
  onlyInTrailLine: message<{ id: number; path: string; seq: number }>({
    zh: (p) => `  #${p.id} ${p.path}（日志第 ${p.seq} 条）`,
    en: (p) => `  #${p.id} ${p.path} (trail entry ${p.seq})`,
  }),
  notCarriedHead: message({
    zh: '存储不保存以下内容（只在恢复的审计日志条目中可查，或无从恢复）：',
    en: 'What the store does not carry (only in the restored trail entries, or nowhere):',
  }),
  'operators-and-roles': message({ zh: '  - 操作员及其角色（保留本磁盘 init 后的操作员）', en: "  - operators and their roles (this disk's own, from init, are kept)" }),
  'access-requests-and-grants': message({ zh: '  - 调阅申请与授权及其副本', en: '  - access requests and grants, and their copies' }),
  inspections: message({ zh: '  - 检查记录及整改事项', en: '  - inspections and their actions' }),
  'register-history': message({ zh: '  - 登记的变更历史（设备状态、维修、报废、民警调动等）', en: "  - the registers' history (recorder status, repairs, retirement, officers' transfers …)" }),
  'device-assignments': message({ zh: '  - 记录仪配发给民警的记录', en: '  - which officer was issued which recorder, when' }),
  'officer-status': message({ zh: '  - 民警的在岗状态', en: "  - officers' status (active, transferred, left)" }),
  classification: message({ zh: '  - 密级标注的来历（密级本身已按元数据设在每条录像上，案件的密级需重新标注）', en: "  - classification history (each recording's level comes back, set on the recording; a case's level is to be set again)" }),
  'archive-sets-and-discs': message({ zh: '  - 季度归档集和证据光盘的记录（介质本身不受影响）', en: '  - the records of quarterly archive sets and evidence discs (the media themselves are unaffected)' }),
  'media-details': message({ zh: '  - ffprobe 读出的编码、分辨率等（可从文件重新读取）', en: "  - ffprobe's codecs and frame sizes (they can be read from the files again)" }),
  'trail-after-last-segment': message({ zh: '  - 最后一个日志分段发送之后写下的日志条目', en: '  - trail entries written after the last segment was sent' }),
  next: message({
    zh: '接下来：evidence-vault verify；evidence-vault audit verify',
    en: 'Next: evidence-vault verify; evidence-vault audit verify',
  }),
  runAgain: message({
    zh: '存储恢复连接后再运行 evidence-vault restore-station：它会接着完成。',
    en: 'Run evidence-vault restore-station again once the store answers: it carries on.',
  }),
  phaseTrail: message<{ segments: number; entries: number }>({
    zh: (p) => `restore-station：审计日志 ${p.segments} 个分段、${p.entries} 条已读取并校验`,
    en: (p) => `restore-station: audit trail: ${p.segments} segments, ${p.entries} entries read and verified`,
  }),
  phaseMetadata: message<{ read: number; total: number }>({
    zh: (p) => `restore-station：录像元数据 ${p.read}/${p.total}`,
    en: (p) => `restore-station: recording metadata ${p.read}/${p.total}`,
  }),
  phaseCatalogue: message<{ recordings: number; disposed: number }>({
    zh: (p) => `restore-station：目录库已重建：${p.recordings} 条录像（已销毁 ${p.disposed} 条）`,
    en: (p) => `restore-station: catalogue rebuilt: ${p.recordings} recordings (${p.disposed} disposed)`,
  }),
  phaseResume: message<{ since: string }>({
    zh: (p) => `restore-station：接着 ${p.since} 开始的重建继续`,
    en: (p) => `restore-station: carrying on the rebuild begun at ${p.since}`,
  }),
  phaseBytes: message<{ recordings: number; size: string }>({
    zh: (p) => `restore-station：取回并放入录像：${p.recordings} 条，共 ${p.size}`,
    en: (p) => `restore-station: fetching and placing recordings: ${p.recordings}, ${p.size} in all`,
  }),
  progressLabel: message({ zh: '恢复录像', en: 'restoring' }),
});
