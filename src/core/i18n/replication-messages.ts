/** The object store (issue 17): what replication, its checks and its recovery tell people, in both languages. Pure. */
import { defineMessages, message } from './messages.js';

export const replicationMessages = defineMessages({
  credentialsUnreadable: message<{ file: string; what: string }>({
    zh: (p) => `无法读取对象存储的密钥文件 ${p.file}：${p.what}`,
    en: (p) => `cannot read the object store's credentials file ${p.file}: ${p.what}`,
  }),
  credentialsLoose: message<{ file: string; mode: string }>({
    zh: (p) => `拒绝：对象存储的密钥文件 ${p.file} 其他账户也能读取（权限 ${p.mode}），或不归服务账户所有`,
    en: (p) => `refused: the object store's credentials file ${p.file} can be read by other accounts (mode ${p.mode}) or is not the service account's`,
  }),
  credentialsShape: message<{ file: string }>({
    zh: (p) => `对象存储的密钥文件 ${p.file} 不是 {"accessKeyId": "…", "secretAccessKey": "…"} 形式的 JSON`,
    en: (p) => `the object store's credentials file ${p.file} is not JSON {"accessKeyId": "…", "secretAccessKey": "…"}`,
  }),
  credentialsHint: message({
    zh: '由管理员写入该文件，归服务账户所有，仅其可读：chown evidence-vault 文件; chmod 600 文件',
    en: 'An administrator writes the file, owned by the service account and readable by it alone: chown evidence-vault FILE; chmod 600 FILE',
  }),
  notConfigured: message({
    zh: '本机未配置对象存储（配置中没有 "replication" 一节）',
    en: 'no object store is configured on this PC (the config has no "replication" section)',
  }),
  notConfiguredHint: message({
    zh: '如需在对象存储上保留一份不可改写的副本，请由管理员在配置中加入 "replication"（见 docs/replication.md 和 README）',
    en: 'To keep a write-once copy on an object store, an administrator adds "replication" to the config (see docs/replication.md and the README)',
  }),
  unreachable: message<{ endpoint: string; what: string }>({
    zh: (p) => `无法连接对象存储 ${p.endpoint}：${p.what}`,
    en: (p) => `cannot reach the object store at ${p.endpoint}: ${p.what}`,
  }),
  unreachableHint: message({
    zh: '待复制的工作保存在目录库中，不会丢失；存储恢复后服务会自动补齐，也可运行 evidence-vault replicate run。请检查网络和存储网关。',
    en: 'The work waiting is kept in the catalogue and nothing is lost; the service catches up once the store answers, or run evidence-vault replicate run. Check the network and the store gateway.',
  }),
  bucketWithoutLock: message<{ bucket: string }>({
    zh: (p) => `拒绝：存储桶 ${p.bucket} 未启用对象锁定（Object Lock），无法保证副本不被删除或改写`,
    en: (p) => `refused: the bucket ${p.bucket} does not have Object Lock enabled, so its copies could be deleted or overwritten`,
  }),
  storeDoesNotCheck: message<{ endpoint: string }>({
    zh: (p) => `拒绝：对象存储 ${p.endpoint} 不校验收到的数据（接受了与签名中 SHA-256 不符的字节），无法保证副本与目录库一致`,
    en: (p) => `refused: the store at ${p.endpoint} does not check what it receives (it took bytes that do not hash to the SHA-256 they were signed with), so a copy could differ from the catalogue`,
  }),
  storeDoesNotCheckHint: message({
    zh: '请改用校验 x-amz-content-sha256 的 S3 存储（Ceph RGW、AWS S3、MinIO 均校验），或请存储管理员检查存储前端的代理（反向代理、负载均衡等）',
    en: 'Use an S3 store that checks x-amz-content-sha256 (Ceph RGW, AWS S3 and MinIO do), or have the store\'s administrator check any proxy in front of it',
  }),
  bucketWithoutLockHint: message({
    zh: '请改用一个创建时即启用对象锁定的存储桶（replicate run 会在存储桶不存在时这样创建它）',
    en: 'Use a bucket created with Object Lock enabled (replicate run creates the bucket that way when it does not exist)',
  }),
  stationNameTaken: message<{ station: string; bucket: string }>({
    zh: (p) => `拒绝：存储桶 ${p.bucket} 中的站点名 ${p.station} 已属于另一台采集站（其审计日志与本机不同），本机不会写入，以免覆盖其记录`,
    en: (p) => `refused: the station name ${p.station} in the bucket ${p.bucket} belongs to another station (its audit trail is not this one's); nothing is written over its objects`,
  }),
  stationNameTakenHint: message({
    zh: '请管理员在配置中为本机的 replication.station 另取一个本局内唯一的名称',
    en: "An administrator gives this station a name of its own in the config's replication.station, unique in the bureau",
  }),
  storeNotTheSame: message<{ station: string; bucket: string; endpoint: string }>({
    zh: (p) => `拒绝：本站已向对象存储发送过副本和审计日志，但 ${p.endpoint} 上的存储桶 ${p.bucket} 中没有本站 ${p.station} 的站点描述：这不是本站此前发送副本的存储桶（存储桶名称或地址写错或被更改？）`,
    en: (p) => `refused: this station has sent copies and its trail to an object store before, but the bucket ${p.bucket} at ${p.endpoint} holds no descriptor of station ${p.station}: it is not the bucket they went to (a mistyped or changed bucket or endpoint?)`,
  }),
  storeNotTheSameHint: message({
    zh: '请管理员把配置中的 replication.bucket 和 replication.endpoint 改回原值；如本局确已更换存储，请先把原存储桶的全部对象（每个版本及其锁定，包括站点描述）复制到新存储桶，再运行 evidence-vault replicate run',
    en: "An administrator puts the config's replication.bucket and replication.endpoint back as they were; if the bureau moved its store on purpose, copy every object of the old bucket (each version with its lock, the station descriptor included) into the new one first, then run evidence-vault replicate run",
  }),
  keysRefused: message<{ endpoint: string; bucket: string; code: string }>({
    zh: (p) => `拒绝：对象存储 ${p.endpoint} 拒绝了本站的密钥（${p.code}），无法访问存储桶 ${p.bucket}`,
    en: (p) => `refused: the object store at ${p.endpoint} refused this station's keys (${p.code}) for the bucket ${p.bucket}`,
  }),
  keysRefusedHint: message({
    zh: '请管理员核对 credentialsFile 中的 accessKeyId 和 secretAccessKey，并请存储管理员确认该密钥有效且有权访问该存储桶',
    en: 'An administrator checks accessKeyId and secretAccessKey in the credentialsFile, and the store administrator that the key is active and may use the bucket',
  }),
  clockSkewed: message<{ minutes: string; endpoint: string }>({
    zh: (p) => `拒绝：本机时钟与对象存储 ${p.endpoint} 的时钟相差 ${p.minutes} 分钟；锁定期限和销毁时间以本机时钟计算，时钟不准会把副本锁定过久（合规锁定无法缩短）或锁定到过去`,
    en: (p) => `refused: this PC's clock is ${p.minutes} minutes from the clock of the object store at ${p.endpoint}; lock dates and disposal follow this PC's clock, so a wrong one would lock copies too long (a COMPLIANCE lock can never be shortened) or ask for locks in the past`,
  }),
  clockSkewedHint: message({
    zh: '请管理员校准本机时钟（timedatectl），或请存储管理员校准存储的时钟，然后再运行 evidence-vault replicate run',
    en: "An administrator sets this PC's clock right (timedatectl), or the store's if it is the one that is wrong; then run evidence-vault replicate run",
  }),
  readBackDiffers: message<{ key: string; expected: string; found: string }>({
    zh: (p) => `存储中的 ${p.key} 回读后的 SHA-256 为 ${p.found}，与目录库的 ${p.expected} 不符`,
    en: (p) => `${p.key} read back from the store hashes to ${p.found}, not the catalogue's ${p.expected}`,
  }),
  changedOnTheWay: message<{ path: string }>({
    zh: (p) => `存储拒收了 ${p.path} 的上传：收到的字节与目录库的 SHA-256 不符，而证据库中的文件与之相符（传输途中出错）；将自动重试`,
    en: (p) => `the store refused the upload of ${p.path}: the bytes it received do not hash to the catalogue's SHA-256, though the vault's file does (changed on the way); it will be tried again`,
  }),
  vaultCopyDiffers: message<{ path: string; expected: string; found: string }>({
    zh: (p) => `证据库中的 ${p.path} 的 SHA-256 为 ${p.found}，与目录库的 ${p.expected} 不符：未上传（请运行 evidence-vault verify 和 repair）`,
    en: (p) => `${p.path} in the vault hashes to ${p.found}, not the catalogue's ${p.expected}: not uploaded (run evidence-vault verify and repair)`,
  }),
  catalogueHashInvalid: message<{ path: string; found: string }>({
    zh: (p) => `目录库中 ${p.path} 的哈希 ${p.found} 不是 SHA-256：未上传（请运行 evidence-vault verify）`,
    en: (p) => `the catalogue's hash of ${p.path} (${p.found}) is not a SHA-256: not uploaded (run evidence-vault verify)`,
  }),
  vaultChangedWhileSent: message<{ path: string; size: number }>({
    zh: (p) => `证据库中的 ${p.path} 在上传过程中变短了（不足目录库的 ${p.size} 字节）：上传已中止，存储中未留下任何内容（请运行 evidence-vault verify）`,
    en: (p) => `${p.path} in the vault ended before the catalogue's ${p.size} bytes while it was sent: the upload was cut off and nothing was stored (run evidence-vault verify)`,
  }),
  vaultSizeDiffers: message<{ path: string; expected: number; found: number }>({
    zh: (p) => `证据库中的 ${p.path} 为 ${p.found} 字节，与目录库的 ${p.expected} 字节不符：未上传（请运行 evidence-vault verify 和 repair）`,
    en: (p) => `${p.path} in the vault is ${p.found} bytes, not the catalogue's ${p.expected}: not uploaded (run evidence-vault verify and repair)`,
  }),
  lockedUntil: message<{ until: string }>({
    zh: (p) => `存储中的副本锁定至 ${p.until}，届时再删除`,
    en: (p) => `the store's copy is locked until ${p.until}; it is removed then`,
  }),
  segmentMalformed: message<{ source: string }>({
    zh: (p) => `存储中的审计日志分段 ${p.source} 的最后一条与其名称不符`,
    en: (p) => `the audit trail segment ${p.source} in the store does not end with the entry its name says`,
  }),
  noSegments: message<{ station: string; bucket: string }>({
    zh: (p) => `存储桶 ${p.bucket} 中还没有本站 ${p.station} 的审计日志分段`,
    en: (p) => `the bucket ${p.bucket} holds no audit trail segment of station ${p.station} yet`,
  }),
  noSegmentsHint: message({
    zh: '先运行 evidence-vault replicate run 发送审计日志（服务每天也会发送一次）',
    en: 'Send the trail first: evidence-vault replicate run (the service also sends it once a day)',
  }),
});
