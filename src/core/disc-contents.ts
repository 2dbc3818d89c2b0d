/** The fixed files on every evidence disc: names, the SHA256SUMS text and the note for the recipient. Pure. */
import type { Lang } from './i18n/messages.js';

export const REGISTER_HTML = '同步录音录像摄录情况记录表.html';
export const REGISTER_PDF = '同步录音录像摄录情况记录表.pdf';
export const SUMS_FILE = 'SHA256SUMS';
export const README_FILE = 'README.txt';

export interface SumEntry {
  /** Path on the disc, forward slashes, relative to its root. */
  path: string;
  sha256: string;
}

/** GNU coreutils format: `sha256sum -c SHA256SUMS` checks it from the disc's root. */
export function sha256sums(entries: readonly SumEntry[]): string {
  return [...entries]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((e) => {
      if (/[\\\n\r]/.test(e.path)) throw new Error(`a disc path cannot hold a backslash or line break: ${JSON.stringify(e.path)}`);
      return `${e.sha256}  ${e.path}\n`;
    })
    .join('');
}

export interface ReadmeFacts {
  discNumber: string;
  registerNumber: string;
  part: number;
  parts: number;
  caseNumber: string | null;
  unitName: string | null;
  recordings: number;
  issuedAt: string;
  auditHead: { seq: number; hash: string };
}

/** Plain text, CRLF, so Notepad on an old Windows shows it too; in the vault's language. */
export function discReadme(f: ReadmeFacts, lang: Lang = 'zh'): string {
  return (lang === 'zh' ? readmeZh(f) : readmeEn(f)).join('\r\n');
}

function readmeZh(f: ReadmeFacts): string[] {
  return [
    '执法记录仪录音录像证据光盘',
    '',
    `光盘编号：${f.discNumber}（第 ${f.part} 张，共 ${f.parts} 张）`,
    `记录表编号：${f.registerNumber}`,
    `案号：${f.caseNumber ?? '（未填）'}`,
    `单位：${f.unitName ?? '（未填）'}`,
    `录音录像：${f.recordings}`,
    `制作时间：${f.issuedAt}`,
    `审计链头：#${f.auditHead.seq} ${f.auditHead.hash}`,
    '',
    '内容',
    '  现场执法记录仪影像资料/…   原始录音录像文件，文件名与存储时一致',
    `  ${REGISTER_HTML} / .pdf   同步录音录像摄录情况记录表`,
    `  ${SUMS_FILE}   每个文件的 SHA-256 校验值`,
    '',
    '如何核验',
    '  1. Linux / macOS：在光盘根目录执行',
    '       sha256sum -c SHA256SUMS        （macOS：shasum -a 256 -c SHA256SUMS）',
    '     每行应显示 OK。',
    '  2. Windows（PowerShell）：逐个文件执行',
    '       Get-FileHash -Algorithm SHA256 <文件>',
    `     与 ${SUMS_FILE} 及记录表中的 SHA-256 比较。`,
    '  3. 光盘整体（xorriso）：',
    '       xorriso -indev /dev/sr0 -check_md5_r sorry / --',
    '  4. 记录表纸质件上的 SHA-256 与光盘内文件一致，方为原件。',
    '',
  ];
}

function readmeEn(f: ReadmeFacts): string[] {
  return [
    'Evidence disc of body-worn recorder footage',
    '',
    `Disc: ${f.discNumber} (disc ${f.part} of ${f.parts})`,
    `Register: ${f.registerNumber}`,
    `Case: ${f.caseNumber ?? '(not given)'}`,
    `Unit: ${f.unitName ?? '(not given)'}`,
    `Recordings: ${f.recordings}`,
    `Made: ${f.issuedAt}`,
    `Audit chain head: #${f.auditHead.seq} ${f.auditHead.hash}`,
    '',
    'Contents',
    '  现场执法记录仪影像资料/…   the original files, names kept as stored',
    `  ${REGISTER_HTML} / .pdf   the synchronized-recording register`,
    `  ${SUMS_FILE}   SHA-256 of every file`,
    '',
    'How to verify',
    "  1. Linux / macOS: in the disc's root run",
    '       sha256sum -c SHA256SUMS        (macOS: shasum -a 256 -c SHA256SUMS)',
    '     every line must say OK.',
    '  2. Windows (PowerShell): per file',
    '       Get-FileHash -Algorithm SHA256 <file>',
    `     compare with ${SUMS_FILE} and the register.`,
    '  3. Whole disc (xorriso):',
    '       xorriso -indev /dev/sr0 -check_md5_r sorry / --',
    '  4. The SHA-256 on the signed paper register must match the files on this disc.',
    '',
  ];
}
