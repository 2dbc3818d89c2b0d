/**
 * Hints shared by the registers' refusals (officers, exemptions, gaps, late storage): what to do next,
 * in both languages. Services give them as `said(hints.x)`. Pure.
 */
import { defineMessages, message } from './messages.js';

/** A list typed with commas (codes, set ids), as Chinese writes it. */
const zhList = (list: string) => String(list).split(', ').join('、');

export const hints = defineMessages({
  seeOfficers: message({ zh: '查看人员：evidence-vault officer list', en: 'See: evidence-vault officer list' }),
  checkOfficerAndDate: message({ zh: '请核对人员与日期：evidence-vault officer list', en: 'Check the officer and the date: evidence-vault officer list' }),
  useOneOf: message<{ list: string }>({ zh: (p) => `可用：${zhList(p.list)}`, en: (p) => `Use one of: ${p.list}` }),
  useOneOfRule: message<{ list: string; rule: string }>({ zh: (p) => `可用：${zhList(p.list)}（${p.rule}）`, en: (p) => `Use one of: ${p.list} (${p.rule})` }),
  useDate: message({ zh: '请用 YYYY-MM-DD。', en: 'Use YYYY-MM-DD.' }),
  useTimeInZone: message({ zh: '请用 YYYY-MM-DD 或 "YYYY-MM-DD HH:MM"（本单位时区）。', en: 'Use YYYY-MM-DD or "YYYY-MM-DD HH:MM" (unit time zone).' }),
  statusOnOrAfterEffect: message({ zh: '请在变更生效当日或之后登记。', en: 'Record the change on or after the day it takes effect.' }),
  dateOnOrAfter: message<{ date: string }>({ zh: (p) => `请给出 ${p.date} 当日或之后的 --date。`, en: (p) => `Give a --date on or after ${p.date}.` }),
  dateOnOrAfterThatDay: message({ zh: '请给出该日或之后的 --date。', en: 'Give a --date on or after that day.' }),
  dropHandover: message({ zh: '去掉 --handover-to，或使用：evidence-vault device assign N OFFICER', en: 'Drop --handover-to, or use: evidence-vault device assign N OFFICER' }),
  actHappened: message({ zh: '执法活动发生后再登记。', en: 'Record an act once it has happened.' }),
  addAct: message({ zh: '请加 --act "现场检查 …"。', en: 'Add --act "…" (what was done, e.g. an on-site inspection).' }),
  addConsentOrReason: message({ zh: '请加 --consent-by 领导警号 或 --reason "…"。', en: 'Add --consent-by LEADER or --reason "…".' }),
  gapIdForm: message({ zh: '中断编号由其前后两条影像的编号组成，例如 812-813：见 evidence-vault gap list', en: 'A gap id names the recordings around it, e.g. 812-813: see evidence-vault gap list' }),
  gapText: message({ zh: '请写明经过，例如 --text "当事人阻挠，记录仪被打落"', en: 'Say what happened, e.g. --text "…" (the person obstructed; the recorder was knocked off)' }),
  seeGaps: message({ zh: '查看当前的中断：evidence-vault gap list --device 编号', en: 'See the gaps as they are now: evidence-vault gap list --device NUMBER' }),
  seeLate: message({ zh: '查看迟延存储的影像：evidence-vault late list', en: 'See the late ones: evidence-vault late list' }),
  lateText: message({ zh: '请写明原因，例如 --text "异地执法，返回后当日导入"', en: 'Say why, e.g. --text "…" (enforcement away from the unit; stored the day of the return)' }),
  returnedAt: message({ zh: 'P25 自返回时起算 24 小时：--returned-at "2026-05-20 18:00"', en: 'P25 gives 24 hours from the return: --returned-at "2026-05-20 18:00"' }),
  returnTime: message({ zh: '请给出民警携记录仪返回的时间。', en: 'Give the time the officer came back with the recorder.' }),
});
