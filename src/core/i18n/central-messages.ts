/**
 * The central catalogue's refusals and errors (`evidence-vault central …`): its config and credentials,
 * the store and PostgreSQL, and what a person typed, each with what to try. Pure.
 */
import { defineMessages, message } from './messages.js';

type Secret = 'credentials' | 'password';
const secretZh = (w: Secret) => (w === 'credentials' ? '对象存储凭据文件' : 'PostgreSQL 密码文件');
const secretEn = (w: Secret) => (w === 'credentials' ? 'the object store credentials file' : 'the PostgreSQL password file');

export const centralMessages = defineMessages({
  needConfig: message({ zh: '中心目录须用自己的配置文件运行（--config FILE）', en: 'the central catalogue runs with a config file of its own (--config FILE)' }),
  needConfigHint: message({
    zh: '例如：evidence-vault --config /etc/evidence-vault/central.json central index（配置示例见 README“中心目录”）',
    en: 'e.g. evidence-vault --config /etc/evidence-vault/central.json central index (an example config: README "The catalogue across stations (central)")',
  }),
  configFixHint: message({
    zh: '请修正或删除该键；中心目录配置的每个键见 README“中心目录”。',
    en: 'Fix or remove that key; README "The catalogue across stations (central)" shows every key of its config.',
  }),
  onStation: message({
    zh: '拒绝：本机是已安装的采集站；中心目录不在采集站上运行，也不读取采集站的资料库或目录库',
    en: 'refused: this PC is an installed station; the central catalogue does not run on a station, nor read its vault or catalogue',
  }),
  onStationHint: message({
    zh: '请在局中心服务器上，以其自己的账户和配置运行 evidence-vault central。',
    en: "Run evidence-vault central on the bureau's central server, with its own account and config.",
  }),
  secretOpen: message<{ path: string; what: Secret; mode: string }>({
    zh: (p) => `拒绝：${secretZh(p.what)} ${p.path} 的权限为 ${p.mode}，同组或其他账户可以读取或修改`,
    en: (p) => `refused: ${secretEn(p.what)} ${p.path} has mode ${p.mode}: its group or other accounts can read or change it`,
  }),
  secretOpenHint: message<{ path: string }>({
    zh: (p) => `只允许属主读写：chmod 600 ${p.path}`,
    en: (p) => `Make it readable by its owner only: chmod 600 ${p.path}`,
  }),
  secretNotOwn: message<{ path: string; what: Secret }>({
    zh: (p) => `拒绝：${secretZh(p.what)} ${p.path} 不是本账户（或 root）所有的普通文件`,
    en: (p) => `refused: ${secretEn(p.what)} ${p.path} is not a regular file of this account (or root)`,
  }),
  secretNotOwnHint: message<{ path: string }>({
    zh: (p) => `由运行中心目录的账户持有，只允许属主读写：chown 该账户 ${p.path} && chmod 600 ${p.path}`,
    en: (p) => `Give it to the account that runs the central catalogue, readable by it alone: chown that account ${p.path} && chmod 600 ${p.path}`,
  }),
  secretUnreadable: message<{ path: string; what: Secret; code: string }>({
    zh: (p) => `无法读取${secretZh(p.what)} ${p.path}：${p.code}`,
    en: (p) => `cannot read ${secretEn(p.what)} ${p.path}: ${p.code}`,
  }),
  secretUnreadableHint: message({ zh: '请检查配置中的路径，以及运行账户能否读取该文件。', en: 'Check the path in the config, and that the account running this can read the file.' }),
  credentialsShape: message<{ path: string }>({
    zh: (p) => `对象存储凭据文件 ${p.path} 不是含 accessKeyId 和 secretAccessKey 的 JSON`,
    en: (p) => `the object store credentials file ${p.path} is not JSON with accessKeyId and secretAccessKey`,
  }),
  credentialsShapeHint: message({
    zh: '写作 {"accessKeyId": "…", "secretAccessKey": "…"}，权限 600。',
    en: 'Write it as {"accessKeyId": "…", "secretAccessKey": "…"}, mode 600.',
  }),
  storeUnreachable: message<{ endpoint: string; what: string }>({
    zh: (p) => `无法连接对象存储 ${p.endpoint}：${p.what}`,
    en: (p) => `cannot reach the object store at ${p.endpoint}: ${p.what}`,
  }),
  storeUnreachableHint: message({ zh: '请待对象存储可以访问后重试；已读入的内容保留，重试时只读新的。', en: 'Try again once the store answers; what was read is kept, and a new run reads only what is new.' }),
  storeRefused: message<{ endpoint: string; bucket: string; what: string }>({
    zh: (p) => `对象存储 ${p.endpoint} 拒绝读取存储桶 ${p.bucket}：${p.what}`,
    en: (p) => `the object store at ${p.endpoint} refuses to let us read bucket ${p.bucket}: ${p.what}`,
  }),
  storeRefusedHint: message({ zh: '请检查凭据文件中的密钥，以及该用户对存储桶的读取和列举权限。', en: 'Check the keys in the credentials file, and that their user may list and read the bucket.' }),
  noBucket: message<{ endpoint: string; bucket: string }>({
    zh: (p) => `对象存储 ${p.endpoint} 上没有存储桶 ${p.bucket}`,
    en: (p) => `the object store at ${p.endpoint} has no bucket ${p.bucket}`,
  }),
  noBucketHint: message({ zh: '请检查配置的 store.bucket：应为各采集站 replication 配置中的存储桶。', en: "Check store.bucket in the config: the bucket of the stations' replication configs." }),
  dbUnreachable: message<{ where: string; what: string }>({
    zh: (p) => `无法连接 PostgreSQL ${p.where}：${p.what}`,
    en: (p) => `cannot reach PostgreSQL at ${p.where}: ${p.what}`,
  }),
  dbUnreachableHint: message({ zh: '请待 PostgreSQL 运行后重试，并检查配置中的 postgres.host 和 postgres.port。', en: 'Try again once PostgreSQL runs; check postgres.host and postgres.port in the config.' }),
  dbRefused: message<{ where: string; what: string }>({
    zh: (p) => `PostgreSQL ${p.where} 拒绝连接：${p.what}`,
    en: (p) => `PostgreSQL at ${p.where} refuses us: ${p.what}`,
  }),
  dbRefusedHint: message({
    zh: '请检查配置中的 postgres.user、postgres.database 和密码文件，以及该用户在该数据库上的权限。',
    en: 'Check postgres.user, postgres.database and the password file in the config, and what that user may do in the database.',
  }),
  indexBusy: message({ zh: '另一个 central index 正在运行', en: 'another central index is running' }),
  indexBusyHint: message({ zh: '请待其结束后重试；两次运行不会同时写入中心目录。', en: 'Try again when it has finished; two runs never write the central catalogue at once.' }),
  noSchema: message<{ database: string }>({
    zh: (p) => `数据库 ${p.database} 中尚无中心目录`,
    en: (p) => `database ${p.database} holds no central catalogue yet`,
  }),
  noSchemaHint: message({ zh: '请先运行 evidence-vault central index：它建立目录并读入各采集站的对象。', en: "Run evidence-vault central index first: it makes the catalogue and reads the stations' objects into it." }),
  schemaBehind: message<{ database: string; have: number; want: number }>({
    zh: (p) => `数据库 ${p.database} 中的中心目录为第 ${p.have} 版，本程序需要第 ${p.want} 版`,
    en: (p) => `the central catalogue in database ${p.database} is at version ${p.have}; this release needs version ${p.want}`,
  }),
  schemaBehindHint: message({ zh: '请运行 evidence-vault central index：它会先升级目录。', en: 'Run evidence-vault central index: it upgrades the catalogue first.' }),
  schemaAhead: message<{ database: string; have: number; want: number }>({
    zh: (p) => `数据库 ${p.database} 中的中心目录为第 ${p.have} 版，比本程序所知的第 ${p.want} 版新`,
    en: (p) => `the central catalogue in database ${p.database} is at version ${p.have}, newer than the version ${p.want} this release knows`,
  }),
  schemaAheadHint: message({ zh: '请使用与升级该目录的版本相同或更新的程序。', en: 'Use the release that upgraded it, or a later one.' }),
  unknownStations: message<{ names: string; known: string }>({
    zh: (p) => `中心目录中没有采集站 ${p.names}（已有：${p.known || '无'}）`,
    en: (p) => `the central catalogue has no station ${p.names} (it has: ${p.known || 'none'})`,
  }),
  unknownStationsHint: message({ zh: '请用已读入的采集站名，或先运行 evidence-vault central index。', en: 'Name a station it has read, or run evidence-vault central index first.' }),
  notADate: message<{ name: string; value: string }>({
    zh: (p) => `日期格式不对：${p.name} "${p.value}"`,
    en: (p) => `${p.name} "${p.value}" is not a date`,
  }),
  notADateHint: message({ zh: '日期请写作 YYYY-MM-DD，例如 --from 2026-01-01', en: 'Give dates as YYYY-MM-DD, e.g. --from 2026-01-01' }),
  fromAfterTo: message<{ from: string; to: string }>({
    zh: (p) => `起始日期 --from ${p.from} 晚于截止日期 --to ${p.to}`,
    en: (p) => `--from ${p.from} is after --to ${p.to}`,
  }),
  fromAfterToHint: message({ zh: '请对调：--from 为第一天，--to 为最后一天（均包含在内）。', en: 'Swap them: --from is the first day, --to the last day (both included).' }),
  badLimit: message<{ value: string; max: number }>({
    zh: (p) => `--limit "${p.value}" 不是 1 至 ${p.max} 之间的整数`,
    en: (p) => `--limit "${p.value}" is not a whole number from 1 to ${p.max}`,
  }),
  badLimitHint: message({ zh: '例如 --limit 500；条件越具体，结果越少。', en: 'e.g. --limit 500; narrower conditions find fewer.' }),
  badStationName: message<{ value: string }>({
    zh: (p) => `--station "${p.value}" 不是采集站名（小写字母、数字和 -）`,
    en: (p) => `--station "${p.value}" is not a station name (lower-case letters, digits and -)`,
  }),
  badStationNameHint: message({ zh: '采集站名即各站配置 replication.station 的值，例如 --station st-01', en: "A station's name is its config's replication.station, e.g. --station st-01" }),
  notBegun: message<{ from: string }>({ zh: (p) => `自 ${p.from} 起的期间尚未开始`, en: (p) => `${p.from} has not begun` }),
  notBegunHint: message({ zh: '请检查已开始的期间，例如刚结束的半年。', en: 'Inspect a period that has begun, e.g. the half-year just ended.' }),
});
