/** `fixity run` and `fixity status`: the nightly fixity check by hand. */
import { defineMessages, message } from '../../core/i18n/messages.js';

const OUTCOME_ZH: Record<string, string> = { ok: '正常', problems: '发现问题', failed: '未能完成' };

export const fixityMessages = defineMessages({
  group: message({ zh: '每晚的完整性校验（服务会自行运行）', en: 'the nightly fixity check (the service runs it on its own)' }),
  run: message({ zh: '现在就像夜间运行那样，校验证据库和审计日志的下一份', en: 'check the next share of the vault and the audit trail now, as the nightly run would' }),
  example: message({ zh: '示例：', en: 'Example:' }),
  runNotes: message({ zh: '发现任何问题或校验无法运行时退出码为 1。', en: 'Exit status 1 when anything is found or the check could not run.' }),
  status: message({ zh: '最近一次完整性校验，与 `status` 所示相同', en: 'the last fixity check, as `status` shows it' }),
  runLine: message<{ id: string; files: number; size: string; chain: 'unchecked' | 'intact' | 'broken'; outcome: string }>({
    zh: (p) => `完整性校验 ${p.id}：重新读取 ${p.files} 个文件（${p.size}），审计链${p.chain === 'unchecked' ? '未检查' : p.chain === 'intact' ? '完好' : '不完整'}：${OUTCOME_ZH[p.outcome] ?? p.outcome}`,
    en: (p) => `Fixity run ${p.id}: ${p.files} files (${p.size}) re-read, audit chain ${p.chain === 'unchecked' ? 'not checked' : p.chain === 'intact' ? 'intact' : 'NOT intact'}: ${p.outcome}`,
  }),
  runError: message<{ what: string }>({ zh: (p) => `  错误：${p.what}`, en: (p) => `  error: ${p.what}` }),
});
