/** The words of a grant's copies (R13, P27, R14) going wrong, in both languages. Pure. */
import type { Said } from '../errors.js';

type Words = { message: Said; hint: Said };

/** Classified, or a clearance lowered, while the copy was made: it is removed. */
export const changedMeanwhile = (id: number): Words => ({
  message: { zh: `授权 ${id} 的影像密级或相关人员授权在制作副本期间发生变化：副本已删除`, en: `the classification of access ${id}'s footage, or a clearance, changed while its copy was made: the copy is removed` },
  hint: { zh: `如授权仍有效，重新制作：evidence-vault access copy ${id}`, en: `If the grant still covers it, make it again: evidence-vault access copy ${id}` },
});

/** The grant ended (its last day, or its requester deactivated) while its copy was made. */
export const endedMeanwhile = (id: number): Words => ({
  message: { zh: `授权 ${id} 在制作副本期间已终止（到期或申请人已停用）：副本已删除`, en: `access ${id} ended while its copy was made (its last day passed, or its requester was deactivated): the copy is removed` },
  hint: { zh: '如仍需调阅，重新申请：evidence-vault access request …', en: 'If access is still needed, file a new request: evidence-vault access request …' },
});

/** Another command is making the same working copy now. */
export const copyBeingMade = (id: number, pid: string): Words => ({
  message: { zh: `授权 ${id} 的工作副本正由另一命令制作（进程 ${pid}）`, en: `access ${id}'s working copy is being made by another command now (process ${pid})` },
  hint: { zh: `稍后查看：evidence-vault access open ${id}`, en: `Look again when it is done: evidence-vault access open ${id}` },
});

/** The medium, not the vault's disk, is full. */
export const mediumFull = (where: string): Words => ({
  message: { zh: `介质 ${where} 已满：未复制（已写入的部分已删除）`, en: `the medium at ${where} is full: nothing was copied (what was written is removed)` },
  hint: { zh: '请换用容量更大的介质，或先清理该介质上的空间，再重新复制。', en: 'Use a larger medium, or free space on it, and copy again.' },
});

/** A disc's footage classified while it was written: nothing of it is kept. */
export const classifiedMeanwhile = (disc: string): [Said, Said, number] => [
  { zh: `光盘 ${disc} 制作期间其影像的密级发生变化：已删除该光盘的文件`, en: `the classification of disc ${disc}'s footage changed while it was written: its files are removed` },
  { zh: '请重新制作：evidence-vault disc build …（涉密影像须有有效的 evidence 调阅授权）', en: 'Build it again: evidence-vault disc build … (classified footage needs a live evidence grant)' },
  1,
];
