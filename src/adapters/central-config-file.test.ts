import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import { loadCentralConfig, readPasswordFile, readStoreCredentials } from './central-config-file.js';

const dirs: string[] = [];
function dir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-central-config-'));
  dirs.push(d);
  return d;
}
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const good = {
  store: { endpoint: 'http://127.0.0.1:7480', bucket: 'evidence', credentialsFile: 's3.json' },
  postgres: { host: '/run/postgresql', database: 'central', user: 'central', passwordFile: 'secrets/pg' },
};

function write(d: string, value: unknown): string {
  const file = path.join(d, 'central.json');
  fs.writeFileSync(file, JSON.stringify(value));
  return file;
}

function refusal(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('not refused');
}

describe("the central catalogue's config", () => {
  it('fills the defaults and takes relative paths from its folder; a host without a slash is a host name', () => {
    const d = dir();
    const c = loadCentralConfig(write(d, good));
    expect(c).toMatchObject({ timezone: 'Asia/Shanghai', store: { region: 'us-east-1', forcePathStyle: true, credentialsFile: path.join(d, 's3.json') }, postgres: { port: 5432, host: '/run/postgresql', passwordFile: path.join(d, 'secrets/pg') } });
    expect(loadCentralConfig(write(d, { ...good, postgres: { ...good.postgres, host: 'db.bureau' } })).postgres.host).toBe('db.bureau');
    expect(loadCentralConfig(write(d, { ...good, postgres: { ...good.postgres, host: './sock' } })).postgres.host).toBe(path.join(d, 'sock'));
  });

  it('names an unknown or wrong key, in both languages', () => {
    const d = dir();
    const e = refusal(() => loadCentralConfig(write(d, { ...good, vaultRoot: '/srv/vault', store: { ...good.store, bucket: 'A' } })));
    expect(e.message).toContain('unknown key "vaultRoot"');
    expect(e.message).toContain('key "store.bucket": not an S3 bucket name');
    expect(e.said.zh).toContain('未知的键 "vaultRoot"');
    expect(refusal(() => loadCentralConfig(write(d, { ...good, timezone: 'Mars/Base' }))).said.zh).toContain('不是 IANA 时区名');
  });

  it('reads secrets only from files their owner alone can read, saying which file and how to fix it', () => {
    const d = dir();
    const creds = path.join(d, 's3.json');
    fs.writeFileSync(creds, JSON.stringify({ accessKeyId: 'K', secretAccessKey: 'S' }), { mode: 0o600 });
    expect(readStoreCredentials(creds)).toEqual({ accessKeyId: 'K', secretAccessKey: 'S' });
    fs.chmodSync(creds, 0o640);
    const open = refusal(() => readStoreCredentials(creds));
    expect(open.exitCode).toBe(77);
    expect(open.message).toBe(`refused: the object store credentials file ${creds} has mode 0640: its group or other accounts can read or change it`);
    expect(open.hint).toBe(`Make it readable by its owner only: chmod 600 ${creds}`);
    const pw = path.join(d, 'pg');
    fs.writeFileSync(pw, 'secret\nignored\n', { mode: 0o600 });
    expect(readPasswordFile(pw)).toBe('secret');
    fs.chmodSync(pw, 0o604);
    expect(refusal(() => readPasswordFile(pw)).said.zh).toContain('PostgreSQL 密码文件');
    fs.writeFileSync(creds, '{"accessKeyId": ""}', { mode: 0o600 });
    fs.chmodSync(creds, 0o600);
    expect(refusal(() => readStoreCredentials(creds)).message).toContain('is not JSON with accessKeyId and secretAccessKey');
    expect(refusal(() => readStoreCredentials(path.join(d, 'missing.json'))).message).toContain('cannot read the object store credentials file');
    // A link in its place is not followed; a folder is not a key file.
    fs.symlinkSync(creds, path.join(d, 'link.json'));
    expect(refusal(() => readStoreCredentials(path.join(d, 'link.json'))).message).toMatch(/cannot read the object store credentials file .*link\.json: ELOOP/);
    fs.mkdirSync(path.join(d, 'folder'), { mode: 0o700 });
    const folder = refusal(() => readPasswordFile(path.join(d, 'folder')));
    expect(folder.message).toBe(`refused: the PostgreSQL password file ${path.join(d, 'folder')} is not a regular file of this account (or root)`);
    expect(folder.exitCode).toBe(77);
  });
});
