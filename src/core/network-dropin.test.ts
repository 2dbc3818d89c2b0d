import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { networkDropIn } from './network-dropin.js';

describe('the service network drop-in when replication is on', () => {
  it('denies every address but the store’s, lets the service use IP, and parses as a systemd drop-in', () => {
    const text = networkDropIn('https://s3.bureau.example:7480', ['10.1.2.3', '10.1.2.3', 'fd00::3']);
    expect(text).toContain('PrivateNetwork=no\n');
    expect(text).toContain('IPAddressDeny=any\n');
    expect(text).toContain('IPAddressAllow=10.1.2.3 fd00::3\n');
    expect(text).toContain('NODE_EXTRA_CA_CERTS');
    expect(networkDropIn('http://127.0.0.1:7480', ['127.0.0.1'])).not.toContain('NODE_EXTRA_CA_CERTS');
    // systemd reads it: the unit and the drop-in together verify without a complaint about these keys.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ev-unit-'));
    try {
      const unit = path.join(dir, 'evidence-vault.service');
      fs.copyFileSync(path.resolve('systemd/evidence-vault.service'), unit);
      fs.mkdirSync(`${unit}.d`);
      fs.writeFileSync(path.join(`${unit}.d`, 'replication.conf'), text);
      let out = '';
      try {
        out = execFileSync('systemd-analyze', ['verify', '--man=no', unit], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (e) {
        out = String((e as { stderr?: string }).stderr ?? e);
      }
      expect(out).not.toMatch(/IPAddress|PrivateNetwork|RestrictAddressFamilies|Unknown key|invalid/i);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
