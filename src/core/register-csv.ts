/** The register as CSV (UTF-8 with a BOM, so spreadsheet programs on Windows read the Chinese). */
import { cameraOperatorText, durationText, localTimeText, type RegisterForm } from './register-form.js';
import { gapRemark } from './register-gaps.js';

const HEADERS = ['序号', '录像编号', '光盘内路径', '执法人员姓名', '摄录人员姓名', '开始时间', '结束时间', '地点', '地点来源', '设备编号', '设备品牌型号', '录音录像格式', '时长', '时长（秒）', '大小（字节）', 'SHA-256', '录像中断情况'];

function field(v: string | number | null): string {
  const s = v === null ? '' : String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function registerCsv(reg: RegisterForm): string {
  const lines = [HEADERS.map(field).join(',')];
  for (const r of reg.rows) {
    lines.push(
      [
        r.seq,
        r.recordingId,
        r.discPath,
        r.officers.join('、') || null,
        cameraOperatorText(r),
        localTimeText(r.startedAt),
        r.endedAt && localTimeText(r.endedAt),
        r.place,
        r.placeSource,
        r.deviceNumber,
        r.deviceModel,
        r.format,
        r.still ? '照片' : r.durationSeconds === null ? null : durationText(r.durationSeconds),
        r.durationSeconds,
        r.size,
        r.sha256,
        r.gaps.map(gapRemark).join('；') || null,
      ]
        .map(field)
        .join(','),
    );
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}
