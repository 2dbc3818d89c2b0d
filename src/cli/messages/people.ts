/** Officers' status (R3, R8), acts not recorded (R7, P14), and docking by day (R12(1)). */
import { defineMessages, message } from '../../core/i18n/messages.js';

export const peopleMessages = defineMessages({
  officerGroup: message({ zh: '民警登记', en: 'the officer register' }),
  status: message({ zh: '民警自某日起的状态（R3）：active（在岗）、transferred（调离）、left（离职）；其记录仪于当日交接', en: "an officer's status from a date (R3): active, transferred, left; their recorders are handed over that day" }),
  idArg: message({ zh: '警号', en: 'officer id' }),
  statusArg: message({ zh: 'active（在岗）| transferred（调离）| left（离职）', en: 'active | transferred | left' }),
  dateOpt: message({ zh: '自哪一天起（YYYY-MM-DD）；默认今天', en: 'from which day (YYYY-MM-DD); default today' }),
  handoverOpt: message({ zh: '接收其记录仪的民警（默认：交回专（兼）职管理员）', en: 'the officer who takes over their recorders (default: back with the custodian)' }),
  statusActive: message({ zh: '在岗', en: 'active' }),
  statusTransferred: message({ zh: '调离', en: 'transferred' }),
  statusLeft: message({ zh: '离职', en: 'left' }),
  handedTo: message<{ number: string; to: string }>({ zh: (p) => `记录仪 ${p.number} → ${p.to}`, en: (p) => `recorder ${p.number} → ${p.to}` }),
  custodian: message({ zh: '专（兼）职管理员', en: 'custodian' }),

  exemptionGroup: message({ zh: '未录音录像的执法活动，经批准或有书面理由（R7、P14）', en: 'enforcement acts that were not recorded, with consent or a written reason (R7, P14)' }),
  record: message({ zh: '登记一项未录音录像的执法活动', en: 'record an enforcement act that was not recorded on sound and video' }),
  officerOpt: message({ zh: '警号', en: 'officer id' }),
  atOpt: message({ zh: '执法活动的时间（YYYY-MM-DD[ HH:MM]，本单位时间）', en: 'when the act took place (YYYY-MM-DD[ HH:MM], unit time)' }),
  actOpt: message({ zh: '执法活动', en: 'what the act was' }),
  consentOpt: message({ zh: '批准领导', en: 'the leader who consented' }),
  reasonOpt: message({ zh: '书面理由', en: 'the written reason' }),
  recorded: message<{ id: number; officer: string; at: string; act: string }>({
    zh: (p) => `已登记未录像执法活动 #${p.id}：${p.officer} ${p.at} ${p.act}`,
    en: (p) => `exemption #${p.id} recorded: ${p.officer} ${p.at} ${p.act}`,
  }),
  list: message({ zh: '列出已登记的未录像执法活动', en: 'list recorded exemptions' }),
  fromOpt: message({ zh: '此时间起的活动（YYYY-MM-DD[ HH:MM]）', en: 'acts from this time (YYYY-MM-DD[ HH:MM])' }),
  toOpt: message({ zh: '至此时间的活动（只给日期时含当天全天）', en: 'acts up to this time (a date alone: through its end)' }),
  listHeaders: message({ zh: '编号|警号|时间|执法活动|批准领导|理由|登记人', en: 'ID|OFFICER|AT|ACT|CONSENT|REASON|BY' }),
  noExemptions: message({ zh: '没有登记。', en: 'No exemptions recorded.' }),

  dockGroup: message({ zh: '记录仪接入归档（R12(1)）', en: 'docking of recorders (R12(1))' }),
  history: message({ zh: '某期间每个工作日未接入归档的已分配记录仪（R12(1)）', en: 'which assigned recorders were not docked on each working day of a period (R12(1))' }),
  fromDay: message({ zh: '第一天，YYYY-MM-DD', en: 'first day, YYYY-MM-DD' }),
  toDay: message({ zh: '最后一天，YYYY-MM-DD（尚未结束的日子不计）', en: 'last day, YYYY-MM-DD (days not over yet are left out)' }),
  deviceOpt: message({ zh: '只看一台记录仪', en: 'one recorder only' }),
  period: message<{ from: string; to: string; days: number; missed: number }>({
    zh: (p) => `${p.from} … ${p.to}：${p.days} 个工作日，${p.missed} 次未按时归档`,
    en: (p) => `${p.from} … ${p.to}: ${p.days} working days, ${p.missed} recorder-days not docked`,
  }),
  historyHeaders: message({ zh: '日期|记录仪|警号', en: 'DATE|DEVICE|OFFICER' }),
  allDocked: message({ zh: '每个工作日均已归档。', en: 'every assigned recorder was docked on every working day.' }),
});
