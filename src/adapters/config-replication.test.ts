/** The config's `replication` section: a slip an administrator can make is named before anything connects. */
import { describe, expect, it } from 'vitest';
import { parseConfig } from './config-file.js';

const base = { vaultRoot: 'v', catalogPath: 'cat/c' };
const replication = { endpoint: 'http://10.20.0.5:7480', bucket: 'bureau-evidence', station: 'st-01', credentialsFile: 'store-credentials.json' };

describe('replication config', () => {
  it('takes an http or https endpoint and resolves the credentials file against the config folder', () => {
    const c = parseConfig({ ...base, replication }, '/etc/ev', 'x.json');
    expect(c.replication).toMatchObject({ endpoint: 'http://10.20.0.5:7480', credentialsFile: '/etc/ev/store-credentials.json' });
    expect(parseConfig({ ...base, replication: { ...replication, endpoint: 'https://s3.bureau.example:7480' } }, '/', 'x.json').replication?.endpoint).toBe('https://s3.bureau.example:7480');
  });

  it('refuses keys written into the endpoint: the config is on the record (config.loaded), shipped to the store and shown by replicate status', () => {
    expect(() => parseConfig({ ...base, replication: { ...replication, endpoint: 'http://STATIONKEY:SECRET@10.20.0.5:7480' } }, '/', 'x.json')).toThrow(/key "replication.endpoint": .*credentialsFile/);
    expect(() => parseConfig({ ...base, replication: { ...replication, endpoint: 'https://STATIONKEY@10.20.0.5' } }, '/', 'x.json')).toThrow(/key "replication.endpoint"/);
  });

  it('refuses an endpoint that is not http or https', () => {
    expect(() => parseConfig({ ...base, replication: { ...replication, endpoint: 'file:///etc/evidence-vault' } }, '/', 'x.json')).toThrow(/key "replication.endpoint"/);
    expect(() => parseConfig({ ...base, replication: { ...replication, endpoint: 'ftp://10.20.0.5' } }, '/', 'x.json')).toThrow(/key "replication.endpoint"/);
  });
});
