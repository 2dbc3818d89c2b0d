/** `replicate status` and `replicate run`: the copy on the object store. */
import { defineMessages, message } from '../../core/i18n/messages.js';

export const replicateMessages = defineMessages({
  group: message({ zh: '对象存储上的不可改写副本（服务会自行复制）', en: 'the write-once copy on the object store (the service replicates on its own)' }),
  status: message({ zh: '复制进度：待复制的录像、字节数、最早的一条、失败与等待锁定到期的处置', en: 'how far replication is behind: recordings waiting, bytes, the oldest, failures, disposals waiting on a lock' }),
  run: message({ zh: '现在就复制所有待复制的内容，并发送审计日志的新分段', en: 'replicate everything waiting now and send the audit trail’s new segment' }),
  runNotes: message({
    zh: '每个录像在存储中回读并核对一致后才记为已复制。存储无法连接时退出码为 75（稍后再试），有失败时为 1。',
    en: 'A recording is marked replicated only once read back from the store and found equal. Exit status 75 when the store cannot be reached (try again later), 1 when anything failed.',
  }),
  statusLine: message<{ endpoint: string; bucket: string; station: string }>({
    zh: (p) => `对象存储：${p.endpoint}，存储桶 ${p.bucket}，本站 ${p.station}`,
    en: (p) => `Object store: ${p.endpoint}, bucket ${p.bucket}, station ${p.station}`,
  }),
  replicatedLine: message<{ n: number }>({ zh: (p) => `  已复制：${p.n} 个录像`, en: (p) => `  replicated: ${p.n} recordings` }),
  waitingLine: message<{ n: number; size: string; oldest: string }>({
    zh: (p) => `  待复制：${p.n} 个录像（${p.size}）${p.n ? `，最早入队于 ${p.oldest}` : ''}`,
    en: (p) => `  waiting: ${p.n} recordings (${p.size})${p.n ? `, the oldest queued at ${p.oldest}` : ''}`,
  }),
  otherLine: message<{ refreshes: number; disposals: number }>({
    zh: (p) => `  待更新锁定/元数据：${p.refreshes}；待在存储中处置：${p.disposals}`,
    en: (p) => `  lock/metadata updates waiting: ${p.refreshes}; disposals waiting in the store: ${p.disposals}`,
  }),
  failingLine: message<{ n: number; id: string; what: string }>({
    zh: (p) => `  重试中：${p.n} 项；最早的一项（录像 #${p.id}）：${p.what}（详情：replicate status --json）`,
    en: (p) => `  retrying: ${p.n} items; the first (recording #${p.id}): ${p.what} (the detail: replicate status --json)`,
  }),
  trailLine: message<{ seq: string }>({ zh: (p) => `  审计日志已发送至第 ${p.seq} 条`, en: (p) => `  audit trail sent through entry ${p.seq}` }),
  runDone: message<{ put: number; size: string; refreshed: number; disposed: number; segments: number }>({
    zh: (p) => `已复制 ${p.put} 个录像（发送 ${p.size}），更新 ${p.refreshed} 个，在存储中处置 ${p.disposed} 个，发送审计日志分段 ${p.segments} 个`,
    en: (p) => `Replicated ${p.put} recordings (${p.size} sent), updated ${p.refreshed}, disposed of ${p.disposed} in the store, sent ${p.segments} audit trail segments`,
  }),
  runFailed: message<{ n: number }>({ zh: (p) => `${p.n} 项失败，稍后重试（见 replicate status）`, en: (p) => `${p.n} items failed and are retried later (see replicate status)` }),
  runRequeued: message<{ n: number }>({
    zh: (p) => `${p.n} 条录像既不在存储中也不在待发送队列中，已重新排入队列（记入审计日志 replicate.requeue）`,
    en: (p) => `${p.n} recordings neither in the store nor queued were queued again (on the record as replicate.requeue)`,
  }),
  runWaitingLocks: message<{ n: number }>({ zh: (p) => `${p.n} 项处置等待存储中的锁定到期`, en: (p) => `${p.n} disposals wait for the store's lock to run out` }),
  progress: message<{ done: number }>({ zh: (p) => `已处理 ${p.done} 项`, en: (p) => `${p.done} items done` }),
  network: message({
    zh: '打印复制开启时服务的网络设置（systemd 附加配置：只允许连接对象存储的地址）',
    en: 'print the service’s network settings for replication (a systemd drop-in: only the object store’s addresses reachable)',
  }),
  networkNotes: message({
    zh: '由管理员写入并重新加载：evidence-vault replicate network | sudo tee /etc/systemd/system/evidence-vault.service.d/replication.conf; sudo systemctl daemon-reload; sudo systemctl restart evidence-vault\n主机名在此时解析，服务本身不做域名解析：请用 IP 地址作为 endpoint，或把主机名写入 /etc/hosts。',
    en: 'An administrator writes it and reloads: evidence-vault replicate network | sudo tee /etc/systemd/system/evidence-vault.service.d/replication.conf; sudo systemctl daemon-reload; sudo systemctl restart evidence-vault\nA host name is resolved now; the service itself resolves none: give the endpoint as an address, or keep its name in /etc/hosts.',
  }),
});
