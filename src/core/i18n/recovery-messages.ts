/** Recovery from the object store (`repair --from s3`, `restore-station`): what it tells people, in both languages. Pure. */
import { defineMessages, message } from './messages.js';

export const recoveryMessages = defineMessages({
  storeUnreachable: message<{ endpoint: string; what: string }>({
    zh: (p) => `无法连接对象存储 ${p.endpoint}：${p.what}`,
    en: (p) => `cannot reach the object store at ${p.endpoint}: ${p.what}`,
  }),
  storeUnreachableHint: message({
    zh: '请检查网络和存储网关，稍后再运行同一条命令：已恢复的内容不会重复恢复。',
    en: 'Check the network and the store gateway, then run the same command again: nothing already restored is restored twice.',
  }),
  storeAnswered: message<{ endpoint: string; bucket: string; what: string }>({
    zh: (p) => `对象存储 ${p.endpoint} 拒绝读取存储桶 ${p.bucket}：${p.what}`,
    en: (p) => `the object store at ${p.endpoint} refused to read the bucket ${p.bucket}: ${p.what}`,
  }),
  storeAnsweredHint: message({
    zh: '请核对配置中 replication 的 endpoint、bucket 以及密钥文件（credentialsFile）。',
    en: "Check the config's replication endpoint and bucket, and its credentials file (credentialsFile).",
  }),
  notEmpty: message<{ recordings: number }>({
    zh: (p) => `拒绝：本证据库的目录库已有 ${p.recordings} 条录像；restore-station 只在刚由 init 建立的空证据库上重建本站`,
    en: (p) => `refused: this vault's catalogue already holds ${p.recordings} recordings; restore-station rebuilds a station only on an empty vault just made with init`,
  }),
  usedSinceInit: message<{ seq: number; action: string; at: string }>({
    zh: (p) => `拒绝：本证据库在 init 之后已经使用过（审计日志第 ${p.seq} 条，${p.action}，${p.at}）；restore-station 只在刚由 init 建立的空证据库上重建本站`,
    en: (p) => `refused: this vault has been used since init (trail entry ${p.seq}, ${p.action}, ${p.at}); restore-station rebuilds a station only on an empty vault just made with init`,
  }),
  footageThere: message<{ path: string }>({
    zh: (p) => `拒绝：证据库文件夹中已有目录库不知道的文件（${p.path}）；restore-station 只在空证据库上重建本站`,
    en: (p) => `refused: the vault folder already holds files the catalogue does not know (${p.path}); restore-station rebuilds a station only on an empty vault`,
  }),
  notEmptyHint: message({
    zh: '在换上的新磁盘上：按同一配置（同一 replication.station）运行 evidence-vault init，然后立即运行 evidence-vault restore-station。只需恢复个别受损或缺失的录像时，请用 evidence-vault repair --from s3。',
    en: 'On the new disk: run evidence-vault init with the same config (the same replication.station), then evidence-vault restore-station straight away. To put back a few damaged or missing recordings, use evidence-vault repair --from s3.',
  }),
  alreadyRestored: message<{ at: string; seq: number }>({
    zh: (p) => `拒绝：本站已于 ${p.at} 从对象存储重建完毕（审计日志第 ${p.seq} 条）`,
    en: (p) => `refused: this station was already rebuilt from the object store at ${p.at} (trail entry ${p.seq})`,
  }),
  alreadyRestoredHint: message({
    zh: '检查录像：evidence-vault verify；从存储恢复受损或缺失的录像：evidence-vault repair --from s3。',
    en: 'Check the recordings: evidence-vault verify; put back damaged or missing ones from the store: evidence-vault repair --from s3.',
  }),
  otherRestore: message<{ station: string; bucket: string }>({
    zh: (p) => `拒绝：本证据库正在从另一处重建（本站 ${p.station}，存储桶 ${p.bucket}），与当前配置不符`,
    en: (p) => `refused: this vault is being rebuilt from elsewhere (station ${p.station}, bucket ${p.bucket}), not what the config names now`,
  }),
  otherRestoreHint: message({
    zh: '请恢复开始重建时的配置（replication 的 station 和 bucket），再运行 evidence-vault restore-station 以完成重建。',
    en: 'Put back the config the rebuild started with (replication station and bucket), then run evidence-vault restore-station to finish it.',
  }),
  trailBroken: message<{ station: string; seq: number; detail: string }>({
    zh: (p) => `拒绝：对象存储中本站 ${p.station} 的审计日志在第 ${p.seq} 条处断裂（${p.detail}）；未作任何恢复`,
    en: (p) => `refused: station ${p.station}'s audit trail in the object store breaks at entry ${p.seq} (${p.detail}); nothing was restored`,
  }),
  trailBrokenHint: message({
    zh: '存储中的日志分段被改动或缺失：请将此情况报告给存储管理员和上级，保留现状以便核查；不要在此证据库上继续操作。',
    en: 'A trail segment in the store was altered or is missing: report it to the store administrator and your superiors and keep things as they are for inspection; do not go on with this vault.',
  }),
  storeEmpty: message<{ station: string; bucket: string }>({
    zh: (p) => `拒绝：对象存储的存储桶 ${p.bucket} 中没有本站 ${p.station} 的任何审计日志分段或录像元数据`,
    en: (p) => `refused: the bucket ${p.bucket} holds no trail segment and no recording metadata of station ${p.station}`,
  }),
  storeEmptyHint: message({
    zh: '请核对配置中的 replication.station 是否与旧机器上的完全一致（小写字母、数字和 -），以及 bucket 是否正确。',
    en: "Check that the config's replication.station is exactly the old machine's (lower-case letters, digits and -) and that the bucket is the right one.",
  }),
  changedMeanwhile: message({
    zh: '目录库在读取对象存储期间被另一进程改动（另一个 restore-station？）：本次未写入任何内容',
    en: 'the catalogue was changed by another process while the store was read (another restore-station?): nothing was written by this run',
  }),
  changedMeanwhileHint: message({
    zh: '等另一个进程结束后再运行 evidence-vault restore-station：它会接着完成。',
    en: 'Wait for the other process to end, then run evidence-vault restore-station again: it carries on from there.',
  }),
});
