/**
 * `verify` says what it found in the person's language: each kind of problem in Chinese by default,
 * the trail's English with --lang en, and --json the same whatever the language (with the sizes and
 * hashes compared as values).
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openVaultParts } from '../src/wiring.js';
import { makeWorkspace, runCli } from './support/cli.js';
import { seedRecording } from './support/seed-recordings.js';

describe('verify in Chinese and in English', () => {
  const ws = makeWorkspace('ev-verify-lang-');
  afterAll(() => ws.cleanup());
  const paths: Record<string, string> = {};

  beforeAll(async () => {
    const v = openVaultParts({ configFile: ws.config, logLevel: 'silent' });
    for (const [name, hour] of [['gone', 9], ['longer', 10], ['changed', 11], ['writable', 12]] as const) {
      const id = seedRecording(v, '2026-05-10', '0001234', { hour, bytes: Buffer.from(`footage ${name} 0123456789`) });
      paths[name] = path.join(ws.vault, v.recordings.get(id)!.vaultPath);
    }
    await v.close();
    fs.rmSync(paths.gone!);
    fs.chmodSync(paths.longer!, 0o644);
    fs.appendFileSync(paths.longer!, 'more');
    fs.chmodSync(paths.longer!, 0o444);
    fs.chmodSync(paths.changed!, 0o644);
    fs.writeFileSync(paths.changed!, 'footage CHANGED 0123456789');
    fs.chmodSync(paths.changed!, 0o444);
    fs.chmodSync(paths.writable!, 0o644);
    fs.writeFileSync(path.join(path.dirname(paths.gone!), 'stray.MP4'), 'not catalogued');
  });

  it('names each problem in Chinese by default, in the trail’s English with --lang en, and --json is the same in both', () => {
    const zh = runCli(['--config', ws.config, '--lang', 'zh', 'verify']);
    expect(zh.status).toBe(1);
    const line = (out: string, kind: string) => out.split('\n').find((l) => l.trim().startsWith(`${kind} `)) ?? '';
    expect(line(zh.stdout, 'missing')).toContain('目录中有记录，文件已不存在');
    expect(line(zh.stdout, 'size-changed')).toMatch(/目录记载 \d+ 字节，文件为 \d+ 字节/);
    expect(line(zh.stdout, 'mismatch')).toMatch(/SHA-256 为 [0-9a-f]{64}，目录记载 [0-9a-f]{64}/);
    expect(line(zh.stdout, 'unsealed')).toContain('内容无误，但文件可被写入');
    expect(line(zh.stdout, 'unexpected')).toContain('在音像资料库中，但不在目录中');
    for (const kind of ['missing', 'size-changed', 'mismatch', 'unsealed', 'unexpected']) {
      // The kind and the path stay as they are (codes and names); the words about them are Chinese.
      expect(line(zh.stdout, kind).replace(/^\s*\S+\s+\S+/, ''), kind).not.toMatch(/\b(catalogue|file|bytes|vault|says|written)\b/);
    }

    const en = runCli(['--config', ws.config, '--lang', 'en', 'verify']);
    expect(line(en.stdout, 'size-changed')).toMatch(/catalogue says \d+ bytes, file has \d+/);
    expect(line(en.stdout, 'missing')).toContain('catalogued file is gone');

    // One finding a line, in the order the two workers found them.
    const json = (lang: string) =>
      runCli(['--config', ws.config, '--lang', lang, 'verify', '--json']).stdout.split('\n').filter((l) => l.includes('"kind"')).map((l) => l.replace(/,$/, '')).sort();
    expect(json('zh')).toEqual(json('en'));
    const sized = json('en').map((l) => JSON.parse(l) as { kind: string; expected?: number; found?: number }).find((p) => p.kind === 'size-changed')!;
    expect(sized.found! - sized.expected!).toBe(4);
  });
});
