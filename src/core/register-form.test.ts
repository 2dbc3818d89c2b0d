import { describe, expect, it } from 'vitest';
import { buildRegister, formatText, missingHint, registerRow, type RegisterHeader, type RegisterSource } from './register-form.js';
import { registerCsv } from './register-csv.js';
import { registerHtml } from './register-form-html.js';
import { discReadme, sha256sums } from './disc-contents.js';
import type { Recording } from './types.js';

const recording = (over: Partial<Recording> = {}): Recording => ({
  id: 7,
  sha256: 'a'.repeat(64),
  size: 1_234_567,
  vaultPath: '现场执法记录仪影像资料/2026/05/15/0001234/0001234_110101_20260515073000_0001.MP4',
  originalName: '0001234_110101_20260515073000_0001.MP4',
  sourcePath: 'DCIM/0001234_110101_20260515073000_0001.MP4',
  deviceNumber: '0001234',
  officerId: '110101',
  startedAt: '2026-05-15T07:30:00+08:00',
  startedAtSource: 'file-name',
  localDate: '2026-05-15',
  durationSeconds: 65.4,
  format: 'mov,mp4,m4a,3gp,3g2,mj2',
  videoCodec: 'h264',
  audioCodec: 'aac',
  width: 1920,
  height: 1080,
  probeError: null,
  ingestedAt: '2026-05-15T18:00:00+08:00',
  sessionId: 1,
  flags: [],
  ...over,
});

const header: RegisterHeader = {
  registerNumber: 'JL2026-0001',
  discNumber: 'GP2026-0001',
  part: 1,
  parts: 1,
  case: { number: '鞍自然执〔2026〕17号', title: '某地块违法占地案', place: null },
  unitName: '鞍山市自然资源局执法支队',
  issuedAt: '2026-06-02T10:00:00+08:00',
  auditHead: { seq: 41, hash: 'f'.repeat(64) },
};

const source = (over: Partial<RegisterSource> = {}): RegisterSource => ({
  recording: recording(),
  discPath: recording().vaultPath,
  device: { number: '0001234', brand: '海康威视', model: 'DSJ-A8', serial: null, createdAt: '' },
  wearer: { id: '110101', name: '张三', unit: null, createdAt: '' },
  otherOfficers: ['李四'],
  metadataPlace: null,
  givenPlace: '鞍山市千山区某村',
  ...over,
});

describe('the register (同步录音录像摄录情况记录表)', () => {
  it('names the camera operator apart from the wearer when given (R12(2)), else the wearer with a note', () => {
    const given = buildRegister(header, [source({ cameraOperator: '王五' })], 'Asia/Shanghai');
    expect(given.rows[0]).toMatchObject({ officers: ['张三', '李四'], cameraOperator: '王五', cameraOperatorSource: 'given' });
    expect(registerHtml(given)).toContain('<td>王五</td>');
    expect(registerCsv(given)).toContain(',王五,');
    const worn = buildRegister(header, [source()], 'Asia/Shanghai');
    expect(worn.rows[0]).toMatchObject({ cameraOperator: '张三', cameraOperatorSource: 'wearer' });
    expect(registerHtml(worn)).toContain('<td>张三（同佩戴人，未另行登记）</td>');
    expect(registerCsv(worn)).toContain(',张三（同佩戴人，未另行登记）,');
    // Given, it stands even where the wearer is unknown; neither: missing, with the command that names one.
    const unknownWearer = buildRegister(header, [source({ wearer: null, cameraOperator: '王五' })], 'Asia/Shanghai');
    expect(unknownWearer.missing.map((m) => m.field)).not.toContain('cameraOperator');
    const neither = buildRegister(header, [source({ wearer: null })], 'Asia/Shanghai');
    expect(neither.rows[0]!.cameraOperatorSource).toBeNull();
    expect(neither.missing.find((m) => m.field === 'cameraOperator')!.hint).toContain('evidence-vault recordings operator 7');
    // The hint is the English (what --json keeps); a person reads it in either language, one language a line.
    const blank = neither.missing.find((m) => m.field === 'cameraOperator')!;
    expect(JSON.parse(JSON.stringify(blank)).hint).toBe(missingHint(blank).en);
    expect(missingHint(blank).en).not.toMatch(/[\u4e00-\u9fff]/);
    expect(missingHint(blank).zh).toMatch(/^该影像未记载民警|^警号 \S+ 不在民警登记中/);
    expect(missingHint(blank).zh).toContain('或写明摄录人：evidence-vault recordings operator 7 --name 姓名');
  });

  it('fills every field from the catalogue facts', () => {
    const reg = buildRegister(header, [source()], 'Asia/Shanghai');
    expect(reg.missing).toEqual([]);
    expect(reg.rows[0]).toMatchObject({
      seq: 1,
      officers: ['张三', '李四'],
      cameraOperator: '张三',
      startedAt: '2026-05-15T07:30:00+08:00',
      endedAt: '2026-05-15T07:31:05+08:00',
      place: '鞍山市千山区某村',
      placeSource: 'given',
      deviceModel: '海康威视 DSJ-A8',
      format: 'MP4（H.264 / AAC）',
      size: 1_234_567,
      sha256: 'a'.repeat(64),
      fileName: '0001234_110101_20260515073000_0001.MP4',
    });
  });

  it('takes the place from metadata before the case, and the given place before both', () => {
    const meta = buildRegister({ ...header, case: { ...header.case, place: '案发地' } }, [source({ givenPlace: null, metadataPlace: '北纬41° 东经122°（GPS）' })], 'Asia/Shanghai');
    expect([meta.rows[0]!.place, meta.rows[0]!.placeSource]).toEqual(['北纬41° 东经122°（GPS）', 'metadata']);
    const fromCase = buildRegister({ ...header, case: { ...header.case, place: '案发地' } }, [source({ givenPlace: null })], 'Asia/Shanghai');
    expect([fromCase.rows[0]!.place, fromCase.rows[0]!.placeSource]).toEqual(['案发地', 'case']);
  });

  it('registers a photo with its moment and no length: nothing to fill in by hand for it', () => {
    const photo = source({ recording: recording({ id: 7, originalName: '0001234_110101_20260515093000_0007.JPG', vaultPath: 'x/0001234_110101_20260515093000_0007.JPG', durationSeconds: null, format: 'image2', videoCodec: 'mjpeg', audioCodec: null }) });
    const { row, missing } = registerRow(1, photo, header.case, 'Asia/Shanghai');
    expect(missing.map((m) => m.field)).toEqual([]);
    expect(row).toMatchObject({ still: true, endedAt: row.startedAt, durationSeconds: null });
    const html = registerHtml(buildRegister(header, [photo], 'Asia/Shanghai'));
    expect(html).toContain('照片');
    expect(html).not.toContain('（待补）');
    // A video without a readable duration is still listed as missing its end and length.
    const broken = registerRow(2, source({ recording: recording({ id: 8, durationSeconds: null }) }), header.case, 'Asia/Shanghai');
    expect(broken.missing.map((m) => m.field)).toEqual(['endTime', 'length']);
  });

  it('lists what is missing instead of inventing it', () => {
    const bare = source({
      recording: recording({ id: 9, durationSeconds: null, format: null, videoCodec: null, audioCodec: null, officerId: null, deviceNumber: null }),
      device: null,
      wearer: null,
      otherOfficers: [],
      givenPlace: null,
    });
    const reg = buildRegister({ ...header, unitName: null, case: { number: null, title: null } }, [bare], 'Asia/Shanghai');
    expect(reg.missing.map((m) => [m.recordingId, m.field])).toEqual([
      [null, 'caseNumber'],
      [null, 'caseTitle'],
      [null, 'unitName'],
      [9, 'cameraOperator'],
      [9, 'officers'],
      [9, 'endTime'],
      [9, 'length'],
      [9, 'place'],
      [9, 'deviceModel'],
      [9, 'format'],
    ]);
    const row = reg.rows[0]!;
    expect([row.place, row.endedAt, row.cameraOperator, row.deviceModel, row.format]).toEqual([null, null, null, null, null]);
    const html = registerHtml(reg);
    expect(html).toContain('待补事项（共 10 项');
    expect(html).toContain('序号 1（录像 9）：地点缺失');
  });

  it('renders HTML for A4 landscape with the header, the hash and the stamp space, escaping text', () => {
    const reg = buildRegister(header, [source({ givenPlace: '<b>村口</b>' })], 'Asia/Shanghai');
    const html = registerHtml(reg);
    expect(html).toContain('size: A4 landscape');
    for (const s of ['同步录音录像摄录情况记录表', '鞍自然执〔2026〕17号', 'JL2026-0001', '鞍山市自然资源局执法支队', 'a'.repeat(64), '单位（盖章）', 'f'.repeat(64)]) {
      expect(html).toContain(s);
    }
    expect(html).toContain('&lt;b&gt;村口&lt;/b&gt;');
    expect(html).not.toContain('<b>村口');
  });

  it('writes CSV with a BOM, quoting where needed', () => {
    const reg = buildRegister(header, [source({ givenPlace: '鞍山市, "东"门' })], 'Asia/Shanghai');
    const csv = registerCsv(reg);
    expect(csv.startsWith('\uFEFF序号,')).toBe(true);
    expect(csv).toContain('"鞍山市, ""东""门"');
    expect(csv.trim().split('\r\n')).toHaveLength(2);
  });

  it('names a container by the file and its codecs by their common names', () => {
    expect(formatText({ format: 'wav', videoCodec: null, audioCodec: 'pcm_s16le', vaultPath: 'x/R.WAV' })).toBe('WAV（PCM）');
    expect(formatText({ format: 'mov,mp4', videoCodec: 'hevc', audioCodec: null, vaultPath: 'x/noext' })).toBe('MOV（H.265）');
  });
});

describe('disc contents', () => {
  it('writes SHA256SUMS sorted, in the format sha256sum -c reads', () => {
    expect(sha256sums([{ path: 'b/x.MP4', sha256: '1'.repeat(64) }, { path: 'a.pdf', sha256: '2'.repeat(64) }])).toBe(`${'2'.repeat(64)}  a.pdf\n${'1'.repeat(64)}  b/x.MP4\n`);
    expect(() => sha256sums([{ path: 'a\nb', sha256: '1'.repeat(64) }])).toThrow(/line break/);
  });
  it('tells the recipient how to verify', () => {
    const text = discReadme({ discNumber: 'GP2026-0001', registerNumber: 'JL2026-0001', part: 1, parts: 2, caseNumber: null, unitName: 'U', recordings: 3, issuedAt: 'now', auditHead: { seq: 1, hash: 'h' } });
    expect(text).toContain('sha256sum -c SHA256SUMS');
    expect(text).toContain('-check_md5_r');
    expect(text).toContain('第 1 张，共 2 张');
  });
});
