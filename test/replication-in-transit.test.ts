/**
 * The store checks the bytes it is sent (issue 17): a recording's upload is signed with the catalogue's
 * SHA-256 as its payload hash, and the store refuses bytes that hash otherwise, storing nothing. Between
 * the station and a real Ceph RGW sits a proxy that changes one byte of the first upload of the
 * recording's size: the store refuses it, `replicate status` says the bytes changed on the way (the
 * vault's file being whole), and the next run sends the recording whole.
 */
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../src/core/audit-chain.js';
import { connectObjectStore } from '../src/adapters/object-store.js';
import { PROBE_SENT, PROBE_SIGNED } from '../src/adapters/store-signed-put.js';
import { payloadCheckKey } from '../src/core/replication.js';
import { failureKind } from '../src/core/replication-failure.js';
import { runCli, startCli, type RecordingJson } from './support/cli.js';
import type { Mounted } from './support/fat-volume.js';
import { startObjectStore, type ObjectStore, storeClient } from './support/object-store.js';
import { dockRecorder, ingestDocked, makeStation, type Workspace } from './support/station.js';
import { tamperCatalogue } from './support/tamper.js';
import { exitOf } from './support/wait.js';

const SIZE = 300_000;

/**
 * A TCP proxy to the gateway that changes byte 1000 of the body of the first PUT whose Content-Length
 * is `size` (HTTP/1.1 with keep-alive: requests are followed by their Content-Length).
 */
function flippingProxy(target: URL, size: number): Promise<{ url: string; flipped: () => number; close: () => void }> {
  let flips = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    let head = Buffer.alloc(0);
    let bodyLeft = 0;
    let flipAt = -1;
    client.on('data', (chunk: Buffer) => {
      let out = Buffer.from(chunk);
      let at = 0;
      while (at < out.length) {
        if (bodyLeft > 0) {
          const n = Math.min(bodyLeft, out.length - at);
          if (flipAt >= 0 && flipAt < n) {
            out[at + flipAt] = out[at + flipAt]! ^ 0xff;
            flips++;
            flipAt = -1;
          } else if (flipAt >= 0) flipAt -= n;
          bodyLeft -= n;
          at += n;
          continue;
        }
        head = Buffer.concat([head, out.subarray(at)]);
        const end = head.indexOf('\r\n\r\n');
        if (end < 0) break;
        const text = head.subarray(0, end).toString('latin1');
        const length = Number(/\r\ncontent-length: *(\d+)/i.exec(text)?.[1] ?? 0);
        const consumed = end + 4 - (head.length - (out.length - at));
        at += consumed;
        head = Buffer.alloc(0);
        bodyLeft = length;
        flipAt = text.startsWith('PUT ') && length === size && flips === 0 ? 1000 : -1;
      }
      upstream.write(out);
    });
    upstream.pipe(client);
    client.on('end', () => upstream.end());
    const drop = () => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop);
    upstream.on('error', drop);
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      resolve({ url: `http://127.0.0.1:${port}`, flipped: () => flips, close: () => server.close() });
    });
  });
}

/**
 * A TCP proxy to the gateway that puts `to` in place of `from` (the same length) in what the station
 * sends: the station's payload check then reaches the store as the bytes it was signed for, as if the
 * store took bytes without checking them.
 */
function rewritingProxy(target: URL, from: string, to: string): Promise<{ url: string; rewritten: () => number; close: () => void }> {
  let rewrites = 0;
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    client.on('data', (chunk: Buffer) => {
      const at = chunk.indexOf(from);
      if (at >= 0) {
        chunk.write(to, at);
        rewrites++;
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on('end', () => upstream.end());
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, rewritten: () => rewrites, close: () => server.close() }));
  });
}

/** A TCP proxy to the gateway that drops the connection once `after` bytes have gone its way: a store going away mid-upload. */
function cuttingProxy(target: URL, after: number): Promise<{ url: string; close: () => void }> {
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port), target.hostname);
    let seen = 0;
    client.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > after) {
        client.destroy();
        upstream.destroy();
      } else upstream.write(chunk);
    });
    upstream.pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`, close: () => server.close() }));
  });
}

describe('the store refuses bytes that are not the catalogue’s (issue 17)', { timeout: 240_000 }, () => {
  let store: ObjectStore;
  let proxy: Awaited<ReturnType<typeof flippingProxy>>;
  let ws: Workspace;
  let volume: Mounted;
  let rec: RecordingJson;
  const args = (...rest: string[]) => ['--config', ws.config, '--lang', 'en', ...rest];
  // The proxies live in this process: the CLI runs as a child without blocking it.
  const cli = (...rest: string[]) => cliOf(args(...rest));
  const cliOf = async (argv: string[]) => {
    const child = startCli(argv);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    return { status: await exitOf(child), stdout, stderr };
  };

  beforeAll(async () => {
    store = startObjectStore();
    proxy = await flippingProxy(new URL(store.endpoint), SIZE);
    ws = makeStation({ ...store, endpoint: proxy.url }, 'ev-transit-', 'st-transit');
    volume = dockRecorder(ws, [{ stamp: '20260805090000', size: SIZE }]);
    ingestDocked(ws, volume);
    rec = (JSON.parse(runCli(args('recordings', 'list', '--json')).stdout) as RecordingJson[])[0]!;
  }, 240_000);

  afterAll(() => {
    proxy?.close();
    volume?.unmount();
    ws?.cleanup();
    store?.stop();
  }, 120_000);

  it('a byte changed on the way is refused by the store, nothing is stored, and the next run sends it whole', async () => {
    const refused = await cli('replicate', 'run');
    expect(refused.status).toBe(1);
    expect(proxy.flipped()).toBe(1);
    // The S3 client's own English line for a failed upload is not printed: the failure is told in the reader's language.
    expect(refused.stderr).not.toContain('non-retryable');
    const s3 = await storeClient(store);
    try {
      const stored = await s3.versions('');
      expect(stored.filter((v) => v.size === SIZE)).toEqual([]);
      const status = JSON.parse((await cli('replicate', 'status', '--json')).stdout) as { failing: number; lastErrorKind: string; lastError: string };
      expect(status).toMatchObject({ failing: 1, lastErrorKind: 'changed-in-transit' });
      expect(status.lastError).toContain('changed on the way');
      const failed = (JSON.parse((await cli('audit', 'log', '--action', 'replicate.put', '--json')).stdout) as AuditEntry[]).filter((e) => e.outcome === 'failed');
      expect(failed).toHaveLength(1);

      tamperCatalogue(ws.catalog, 'UPDATE replication_outbox SET next_try_ms = 0');
      expect((await cli('replicate', 'run')).status).toBe(0);
      const versions = (await s3.versions('')).filter((v) => v.size === SIZE);
      expect(versions).toHaveLength(1);
      const back = await s3.readBack(versions[0]!.key, versions[0]!.versionId);
      expect(back).toMatchObject({ sha256: rec.sha256, size: SIZE });
      expect((await cli('verify', '--remote')).status).toBe(0);
    } finally {
      s3.close();
    }
  });

  it('a store gone mid-upload is the store unreachable (retried), not an error of the vault file', async () => {
    const cut = await cuttingProxy(new URL(store.endpoint), 100_000);
    const s3 = await connectObjectStore({ endpoint: cut.url, bucket: 'evidence', region: 'us-east-1', forcePathStyle: true }, { accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey });
    try {
      const file = path.join(ws.vault, rec.vaultPath);
      const err = await s3.putFile('cut/test', file, SIZE, rec.sha256, new Date(Date.now() + 86_400_000), {}).then(
        (r) => new Error(`sent: ${JSON.stringify(r)}`),
        (e: unknown) => e,
      );
      expect(failureKind(err), String(err)).toBe('store-unreachable');
      const direct = await storeClient(store);
      try {
        expect(await direct.versions('cut/')).toEqual([]);
      } finally {
        direct.close();
      }
    } finally {
      s3.close();
      cut.close();
    }
  });

  it('a store that takes the connection and then says nothing fails as unreachable after the idle limit, not never', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as net.AddressInfo).port}`;
    const s3 = await connectObjectStore({ endpoint: url, bucket: 'evidence', region: 'us-east-1', forcePathStyle: true, idleTimeoutMs: 1_000 }, { accessKeyId: store.accessKeyId, secretAccessKey: store.secretAccessKey });
    try {
      const err = await s3.head('anything').then(
        (r) => new Error(`answered: ${JSON.stringify(r)}`),
        (e: unknown) => e,
      );
      expect(failureKind(err), String(err)).toBe('store-unreachable');
    } finally {
      s3.close();
      silent.close();
    }
  });

  it('a store that takes bytes other than those signed for is refused before anything is sent, on the record', async () => {
    const rewriting = await rewritingProxy(new URL(store.endpoint), PROBE_SENT, PROBE_SIGNED);
    const other = makeStation({ ...store, endpoint: rewriting.url }, 'ev-transit-unchecked-', 'st-unchecked');
    const otherVolume = dockRecorder(other, [{ stamp: '20260806090000', size: 100_000 }]);
    try {
      ingestDocked(other, otherVolume);
      const run = await cliOf(['--config', other.config, '--lang', 'en', 'replicate', 'run']);
      expect(rewriting.rewritten()).toBe(1);
      expect(run.status, run.stderr).toBe(77);
      expect(run.stderr).toContain('does not check what it receives');
      const zh = await cliOf(['--config', other.config, '--lang', 'zh', 'replicate', 'run']);
      expect(zh.stderr).toContain('不校验收到的数据');
      const refused = (JSON.parse(runCli(['--config', other.config, 'audit', 'log', '--action', 'replicate.store', '--json']).stdout) as AuditEntry[]).filter((e) => e.action === 'replicate.store');
      expect(refused[0]).toMatchObject({ outcome: 'refused', target: rewriting.url });
      const s3 = await storeClient(store);
      try {
        // Nothing of this station's recording went, and the payload check's version was taken away again.
        expect((await s3.versions('stations/st-unchecked/')).map((v) => v.key)).not.toContain(payloadCheckKey('st-unchecked'));
        expect((await s3.versions('')).filter((v) => v.size === 100_000)).toEqual([]);
      } finally {
        s3.close();
      }
    } finally {
      rewriting.close();
      otherVolume.unmount();
      other.cleanup();
    }
  });
});
