/**
 * What to do about a blank of the synchronized-recording register. The English is the `hint` --json
 * keeps (language-neutral); a person reads the run's language (core/register-form.ts's missingHint). Pure.
 */
import { defineMessages, message } from './messages.js';

export const registerMissingMessages = defineMessages({
  officerNotRegistered: message<{ id: string }>({
    zh: (p) => `警号 ${p.id} 不在民警登记中：evidence-vault officer add --id ${p.id} --name 姓名`,
    en: (p) => `officer ${p.id} is not in the officer register: evidence-vault officer add --id ${p.id} --name NAME`,
  }),
  noOfficer: message({ zh: '该影像未记载民警：请登记记录仪的佩戴人，或给出 --officers 编号=姓名', en: "the recording names no officer: register the recorder's wearer, or give --officers ID=NAME" }),
  cameraOperator: message<{ officer: string; id: number }>({
    zh: (p) => `${p.officer}；或写明摄录人：evidence-vault recordings operator ${p.id} --name 姓名 --reason "…"`,
    en: (p) => `${p.officer}; or name the camera operator: evidence-vault recordings operator ${p.id} --name NAME --reason "…"`,
  }),
  otherOfficers: message<{ officer: string; id: number }>({
    zh: (p) => `${p.officer}；在场的其他民警：--officers ${p.id}=姓名,姓名`,
    en: (p) => `${p.officer}; other officers present: --officers ${p.id}=NAME,NAME`,
  }),
  endTime: message({ zh: '文件时长无法读取（见其媒体读取错误）：结束时间须手工填写', en: 'the file has no readable duration (see its probe error); the end time must be written by hand' }),
  length: message({ zh: '时长无法读取：请查看文件后手工填写时长', en: 'no readable duration: write the length by hand after viewing the file' }),
  place: message<{ id: number }>({
    zh: (p) => `文件元数据中没有地点，案件也未登记地点：请给出 --place ${p.id}=地点`,
    en: (p) => `no location in the file's metadata and none for the case: give --place ${p.id}=TEXT`,
  }),
  deviceNotRegistered: message<{ number: string }>({
    zh: (p) => `执法记录仪 ${p.number} 未登记：evidence-vault device add --number ${p.number} …`,
    en: (p) => `recorder ${p.number} is not registered: evidence-vault device add --number ${p.number} …`,
  }),
  deviceUnknown: message({ zh: '拍摄该影像的执法记录仪不明（隔离保存的文件）', en: 'the recorder that made it is unknown (quarantined file)' }),
  format: message({ zh: 'ffprobe 无法读取文件格式', en: "ffprobe could not read the file's format" }),
  caseNumber: message({ zh: '请按案件制作（--case 案号），或给出 --case-number', en: 'build from a case (--case NUMBER) or give --case-number' }),
  caseTitle: message({ zh: '请给案件填写名称，或给出 --case-title 名称', en: 'give the case a title, or --case-title TEXT' }),
  unitName: message({ zh: '请在配置文件中设置 "unitName"', en: 'set "unitName" in the configuration file' }),
});
