/** What held a recording's replication up, in words a custodian acts on (the error's own text stays in --json). Pure. */
import type { FailureKind } from '../replication-failure.js';
import { defineMessages, message } from './messages.js';

export const failureKindMessages = defineMessages({
  'store-unreachable': message({ zh: '无法连接对象存储（网络或存储故障），恢复后自动续传', en: 'the object store cannot be reached (network or store down); it carries on once it answers' }),
  'waiting-on-lock': message({ zh: '存储中的锁定尚未到期，处置到期后自动进行', en: "the store's lock has not run out yet; the disposal goes ahead when it does" }),
  'vault-copy-differs': message({
    zh: '证据库中的文件与目录库记录的哈希不符（文件已损坏或被改动）：运行 evidence-vault verify，再用 evidence-vault repair 修复',
    en: "the vault's file no longer matches the catalogue's hash (damaged or changed): run evidence-vault verify, then evidence-vault repair",
  }),
  'catalogue-damaged': message({
    zh: '目录库中该录像的记录已损坏（哈希不是 SHA-256）：运行 evidence-vault verify，并把结果交给系统管理员',
    en: "the catalogue's record of it is damaged (its hash is not a SHA-256): run evidence-vault verify and give the result to the system administrator",
  }),
  'changed-in-transit': message({ zh: '数据在传输途中被改动，存储已拒收，将重新发送；反复出现请检查网络或存储前端的代理', en: 'the bytes changed on the way and the store refused them; they are sent again (if it keeps happening, check the network or any proxy in front of the store)' }),
  'read-back-differs': message({ zh: '存储读回的内容与发送的不一致，将重新发送；反复出现请联系存储管理员', en: 'what the store read back was not what was sent; it is sent again (if it keeps happening, call the store’s administrator)' }),
  'lock-not-kept': message({ zh: '存储没有按要求锁定副本：请联系存储管理员检查对象锁定设置', en: "the store did not keep the lock asked for: have the store's administrator check its Object Lock settings" }),
  'vault-file-unreadable': message({
    zh: '证据库中的文件无法读取（缺失、无权限或不是普通文件）：运行 evidence-vault verify，再用 evidence-vault repair 修复',
    en: "the vault's file cannot be read (missing, no permission, or not a regular file): run evidence-vault verify, then evidence-vault repair",
  }),
  'store-refused-keys': message({ zh: '存储拒绝了本站的密钥：请管理员检查密钥文件', en: "the store refuses this station's keys: have an administrator check the credentials file" }),
  'store-refused': message({ zh: '存储拒绝了请求：请联系存储管理员', en: "the store refused the request: call the store's administrator" }),
  other: message({ zh: '发生了意外错误：请把 replicate status --json 的内容交给系统管理员', en: 'an unexpected error: give the output of replicate status --json to the system administrator' }),
} satisfies Record<FailureKind, unknown>);
