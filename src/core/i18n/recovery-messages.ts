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
});
