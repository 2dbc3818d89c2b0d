/**
 * The details of what checking a bag or a disc found. The English is the `detail` --json keeps (as it
 * was, whatever the language); a person reads the run's language (core/i18n/detail-said.ts). Pure.
 */
import { defineMessages, message } from './messages.js';

export const checkDetailMessages = defineMessages({
  bagUnfinished: message({ zh: '这是仍在制作中的包：再次运行导出即可完成', en: 'this is a bag still being built: run the export again to finish it' }),
  noBagit: message({ zh: 'bagit.txt 缺失或没有 BagIt-Version', en: 'bagit.txt is missing or has no BagIt-Version' }),
  noManifest: message({ zh: '没有内容清单（manifest）', en: 'no payload manifest' }),
  badManifestLine: message<{ line: number }>({ zh: (p) => `第 ${p.line} 行不是“<sha256>  <路径>”`, en: (p) => `line ${p.line} is not "<sha256>  <path>"` }),
  notInManifest: message({ zh: '在数据目录中，但不在内容清单中', en: 'in the payload but not in the manifest' }),
  badOxum: message<{ text: string }>({ zh: (p) => `Payload-Oxum“${p.text}”不是 <字节数>.<文件数>`, en: (p) => `Payload-Oxum "${p.text}" is not <bytes>.<files>` }),
  oxumMismatch: message<{ saysBytes: number; saysFiles: number; bytes: number; count: number }>({
    zh: (p) => `Payload-Oxum 记为 ${p.saysFiles} 个文件 ${p.saysBytes} 字节；数据目录实有 ${p.count} 个文件 ${p.bytes} 字节`,
    en: (p) => `Payload-Oxum says ${p.saysBytes} bytes in ${p.saysFiles} files; the payload has ${p.bytes} bytes in ${p.count} files`,
  }),
  notInBag: message({ zh: '列在内容清单中，但包内没有', en: 'listed in the manifest, not in the bag' }),
  hashDiffers: message<{ got: string; listed: string }>({ zh: (p) => `SHA-256 为 ${p.got}，内容清单记为 ${p.listed}`, en: (p) => `SHA-256 is ${p.got}, the manifest says ${p.listed}` }),
  tagNotInBag: message({ zh: '列在标签清单中，但包内没有', en: 'listed in the tag manifest, not in the bag' }),
  tagHashDiffers: message<{ got: string; listed: string }>({ zh: (p) => `SHA-256 为 ${p.got}，标签清单记为 ${p.listed}`, en: (p) => `SHA-256 is ${p.got}, the tag manifest says ${p.listed}` }),
  discMd5Differs: message({ zh: 'xorriso 校验的 MD5 与刻录时记录的不同', en: 'xorriso MD5 differs from the one recorded at writing' }),
  discNoMd5: message({ zh: '光盘没有 MD5 校验值', en: 'the disc carries no MD5 checksums' }),
  discMd5Unreadable: message({ zh: 'xorriso 无法校验该光盘', en: 'xorriso could not check the disc' }),
  discMismatch: message<{ got: string; gotBytes: number; want: string; wantBytes: number }>({
    zh: (p) => `读出 ${p.got}（${p.gotBytes} 字节），目录记录 ${p.want}（${p.wantBytes} 字节）`,
    en: (p) => `read ${p.got} (${p.gotBytes} bytes), catalogue ${p.want} (${p.wantBytes} bytes)`,
  }),
});
