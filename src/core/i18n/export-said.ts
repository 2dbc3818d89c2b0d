/** The quarterly export's refusals (R11), each as [message, hint] in both languages. Pure. */
import type { Said } from '../errors.js';

type Pair = [Said, Said];

export const exportSaid = {
  busy(setId: string, holder: string): Said {
    const pid = /^\d+:/.test(holder) ? holder.split(':')[0] : null;
    return {
      zh: `另一归档进程正在制作该归档集 ${setId}（${pid ? `进程 ${pid}` : holder === 'another process' ? '另一进程' : holder}）`,
      en: `another export is building set ${setId} right now (${pid ? `process ${pid}` : holder})`,
    };
  },
  busyHint: {
    zh: '请等它完成（它会打印回执），再运行同一命令：它会报告该归档集或继续制作。',
    en: 'Wait for it to finish (it prints its receipt), then run the same command again: it reports the set or resumes it.',
  } as Said,
  notAQuarter: (text: string): Pair => [
    { zh: `“${text}”不是季度`, en: `"${text}" is not a quarter` },
    { zh: '季度写作 2026Q3（年份、Q、1-4）。', en: 'Name it like 2026Q3 (year, Q, 1-4).' },
  ],
  unsafeOut: (outDir: string, problem: Said): Pair => [
    { zh: `输出位置不安全：--out ${outDir} ${problem.zh}`, en: `--out ${outDir} ${problem.en}` },
    {
      zh: '归档集应写在只有服务账户可写的位置，例如以 uid=evidence-vault 挂载的归档磁盘（见 README）。本次尝试已记录。',
      en: 'Write archive sets where only the service account can write, e.g. an archive disk mounted with uid=evidence-vault (see README). The attempt is recorded.',
    },
  ],
  notBegun: (id: string, when: { today: string; zone: string }): Pair => [
    { zh: `该季度 ${id} 尚未开始（今天是 ${when.today}，${when.zone}）`, en: `quarter ${id} has not begun (today is ${when.today}, ${when.zone})` },
    { zh: '请导出已开始的季度；通常是刚结束的季度。', en: 'Export a quarter that has begun; usually the one just ended.' },
  ],
  notEnded: (id: string, until: string, when: { today: string; zone: string }): Pair => [
    {
      zh: `该季度 ${id} 尚未结束，${until} 起方可做正式归档（今天是 ${when.today}，${when.zone}）`,
      en: `quarter ${id} has not ended yet: its final archive set can be made from ${until} (today is ${when.today}, ${when.zone})`,
    },
    {
      zh: `请于 ${until} 起再运行。如现在就要制作临时归档集（之后仍须做正式归档），请加 --before-end。`,
      en: `Run it again from ${until}. To make a provisional set now (the final one must still follow), add --before-end.`,
    },
  ],
  endedBeforeEnd: (id: string, until: string, left: readonly string[]): Pair => [
    { zh: `该季度 ${id} 已结束（${until}），无需 --before-end：它只用于尚未结束的季度`, en: `quarter ${id} has ended (on ${until}): --before-end is only for a quarter still running` },
    {
      zh: `去掉 --before-end 运行同一命令，制作该季度的正式归档集。${left.length ? `未完成的临时归档集 ${left.join('、')} 保持未完成，不计入归档；其 .partial 目录可以删除。` : ''}`,
      en: `Run the same command without --before-end for the quarter's final set.${left.length ? ` The unfinished provisional set ${left.join(', ')} stays unfinished and counts for nothing; its .partial folder may be deleted.` : ''}`,
    },
  ],
  tooLarge: (vaultPath: string, size: string, max: string): Pair => [
    { zh: `${vaultPath}（${size}）大于 --max-bag-size ${max}`, en: `${vaultPath} (${size}) is larger than --max-bag-size ${max}` },
    { zh: '请给出不小于最大一条影像的 --max-bag-size。', en: 'Give a --max-bag-size at least as large as the largest recording.' },
  ],
  noSpace: (setId: string, bag: number, of: number, a: { needed: string; neededBytes: number; free: string; freeBytes: number; at: string }): Pair => [
    {
      zh: `${of === 1 ? `归档集 ${setId}` : `归档集 ${setId} 的第 ${bag} 个包（共 ${of} 个）`}需要 ${a.needed}（${a.neededBytes} 字节），但 ${a.at} 仅剩 ${a.free}（${a.freeBytes} 字节）`,
      en: `${of === 1 ? `set ${setId}` : `bag ${bag} of ${of} of set ${setId}`} needs ${a.needed} (${a.neededBytes} bytes) but ${a.at} has ${a.free} (${a.freeBytes} bytes) free`,
    },
    of === 1
      ? {
          zh: '请使用更大的归档磁盘，或用 --max-bag-size SIZE（例如 --max-bag-size 500G）拆分归档集，每个磁盘运行一次。',
          en: 'Use a larger archive disk, or split the set with --max-bag-size SIZE (e.g. --max-bag-size 500G) and run again for each disk.',
        }
      : { zh: '请连接另一块归档磁盘，并以其为 --out 运行同一命令。', en: 'Connect another archive disk and run the same command with --out on it.' },
  ],
};
