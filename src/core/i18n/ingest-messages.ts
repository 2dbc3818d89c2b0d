/** Ingest's refusals and errors (src/services/ingest.ts), in both languages. Pure. */
import { defineMessages, message } from './messages.js';
import type { Contradiction } from '../device-contradiction.js';
import type { Said } from '../errors.js';

/** What contradicts a typed recorder number, one language at a time. */
function contradictionText(c: Contradiction, lang: 'zh' | 'en'): string {
  const parts = Object.entries(c.namedInFiles).map(([n, k]) =>
    lang === 'zh' ? `${k} 个文件名显示记录仪 ${n}` : `${k} file${k === 1 ? '' : 's'} name recorder ${n}`,
  );
  if (c.volumeRecorder) parts.push(lang === 'zh' ? `该卷的标识属于已登记的记录仪 ${c.volumeRecorder}` : `the volume is registered recorder ${c.volumeRecorder}`);
  return parts.join(lang === 'zh' ? '；' : '; ');
}

type Holder = { sessionId: number; pid: number; claimedAt: string; sourceRoot: string };

export const ingestMessages = defineMessages({
  badDeviceNumber: message<{ device: string }>({
    zh: (p) => `执法记录仪编号“${p.device}”不能用作文件夹名`,
    en: (p) => `device number "${p.device}" cannot name a folder`,
  }),
  badDeviceNumberHint: message({
    zh: '请使用记录仪上的编号（字母、数字、- 和 _）。',
    en: 'Use the number on the recorder (letters, digits, - and _).',
  }),
  sourceBusy: message<Holder>({
    zh: (p) => `另一个导入正在读取该来源（会话 ${p.sessionId}，进程 ${p.pid}，自 ${p.claimedAt} 起，位于 ${p.sourceRoot}）；本次未复制任何文件`,
    en: (p) => `another ingest is reading this source now (session ${p.sessionId}, process ${p.pid}, since ${p.claimedAt}, at ${p.sourceRoot}); nothing was copied`,
  }),
  sourceBusyHint: message({
    zh: '请等它完成（evidence-vault status 可查看接入情况），再运行同一命令。',
    en: 'Wait until it has finished (evidence-vault status shows the dock), then run the same command again.',
  }),
  contradictsHint: message<{ device: string }>({
    zh: (p) => `请核对记录仪上的编号，用正确的 --device 重新运行（或不加该选项：文件名会说明编号）。如这些文件确实来自 ${p.device}，请加 --device-override --reason "…"（记录在案）。`,
    en: (p) => `Check the number on the recorder and run again with the right --device (or without it: the file names tell). If these files really are from ${p.device}, add --device-override --reason "…" (recorded).`,
  }),
  sourceIsVaultHint: message({
    zh: '请给出执法记录仪卷的挂载文件夹，例如 /media/recorders/0001234。本次尝试已记录。',
    en: 'Give the folder the recorder volume is mounted on, e.g. /media/recorders/0001234. The attempt is recorded.',
  }),
  unreadableSource: message<{ root: string; what: string; code: string }>({
    zh: (p) => `无法读取位于 ${p.root} 的执法记录仪卷：${p.code === 'ENOENT' ? '路径不存在' : p.code}`,
    en: (p) => `cannot read the recorder volume at ${p.root}: ${p.what}`,
  }),
  unreadableSourceHint: message({
    zh: '请确认执法记录仪已接入、其卷已挂载。',
    en: 'Check that the recorder is docked and its volume mounted.',
  }),
  notAFolder: message<{ root: string }>({
    zh: (p) => `${p.root} 不是文件夹`,
    en: (p) => `${p.root} is not a folder`,
  }),
  notAFolderHint: message({
    zh: '请给出执法记录仪卷的挂载文件夹。',
    en: 'Give the folder the recorder volume is mounted on.',
  }),
});

/** A typed recorder number the source contradicts: refused before anything is copied. */
export function contradictsSaid(device: string, found: Contradiction): Said {
  return {
    zh: `--device ${device} 与来源不符：${contradictionText(found, 'zh')}；未复制任何文件`,
    en: `--device ${device} contradicts the source: ${contradictionText(found, 'en')}; nothing was copied`,
  };
}

/** A source that is (or holds) the vault's own folder. */
export function sourceIsVaultSaid(source: string, problem: Said): Said {
  return {
    zh: `拒绝：${source} ${problem.zh}；执法记录仪的卷绝不会是音像资料库本身`,
    en: `refused: ${source} ${problem.en}; a recorder volume is never the vault`,
  };
}
