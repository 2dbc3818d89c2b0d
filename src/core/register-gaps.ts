/**
 * Gaps on the register (R5, P16): each recording on a disc carries the gaps just before and after it,
 * explained or not, so the case file shows where recording stopped and why. Pure.
 */
export interface RegisterGap {
  /** "<beforeId>-<afterId>" as `gap list` names it. */
  id: string;
  /** Before or after the recording it is listed with. */
  position: 'before' | 'after';
  /** Local times with offset. */
  startedAt: string;
  endedAt: string;
  seconds: number;
  explanation: { reason: string; text: string } | null;
}

/** Each gap reason's Chinese name (`gap explain --reason`; the register and the Chinese interface show it). */
export const GAP_REASON_ZH: Readonly<Record<string, string>> = {
  obstruction: '受到阻挠',
  weather: '天气原因',
  'device-fault': '设备故障',
  'storage-full': '存储已满',
  battery: '电量耗尽',
  other: '其他原因',
};

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const local = (iso: string) => iso.slice(0, 19).replace('T', ' ');

/** "中断 5分0秒（2026-05-15 07:10:00 至 2026-05-15 07:15:00）：设备故障，…" or "…：未说明". */
export function gapText(g: RegisterGap): string {
  const m = Math.floor(g.seconds / 60);
  const len = m ? `${m}分${g.seconds % 60}秒` : `${g.seconds}秒`;
  const what = g.explanation ? `${GAP_REASON_ZH[g.explanation.reason] ?? g.explanation.reason}，${g.explanation.text}` : '未说明';
  return `中断 ${len}（${local(g.startedAt)} 至 ${local(g.endedAt)}）：${what}`;
}

/** A row's remark (the CSV): the gap before or after that recording. */
export function gapRemark(g: RegisterGap): string {
  return `${g.position === 'before' ? '此前' : '此后'}${gapText(g)}`;
}

/** The register's section on gaps: every gap once, with the rows it lies between; empty when there are none. */
export function gapSectionHtml(rows: readonly { seq: number; recordingId: number; gaps?: readonly RegisterGap[] }[]): string {
  const seen = new Map<string, { gap: RegisterGap; seqs: number[] }>();
  for (const r of rows) {
    for (const g of r.gaps ?? []) {
      const entry = seen.get(g.id) ?? seen.set(g.id, { gap: g, seqs: [] }).get(g.id)!;
      entry.seqs.push(r.seq);
    }
  }
  if (!seen.size) return '';
  const open = [...seen.values()].filter((e) => !e.gap.explanation).length;
  const items = [...seen.values()].map(({ gap, seqs }) => {
    const where = `序号 ${seqs.join('、')}（中断编号 ${esc(gap.id)}）`;
    const text = gap.explanation ? esc(gapText(gap)) : `<span class="gap">${esc(gapText(gap))}（须书面说明）</span>`;
    return `<li>${where}：${text}</li>`;
  });
  return `<section class="gaps"><h2>录像中断情况（共 ${seen.size} 处，未说明 ${open} 处）</h2><ol>${items.join('')}</ol></section>`;
}
