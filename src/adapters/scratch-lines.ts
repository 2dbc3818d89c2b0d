/**
 * Scratch files of JSON lines in the vault's staging folder, for work too large to hold in memory (a
 * station's whole trail and metadata, read from the store before the catalogue takes them in one
 * transaction). Named by the process's pid like the staging area's folders, so a run that died leaves
 * nothing the next start does not clean. Read back synchronously: a transaction cannot wait on I/O.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { STAGING_FOLDER } from '../core/vault-layout.js';

const CHUNK = 1 << 20;

export class ScratchLines {
  readonly dir: string;

  constructor(vaultRoot: string) {
    this.dir = path.join(vaultRoot, STAGING_FOLDER, `${process.pid}-restore-${randomUUID().slice(0, 8)}`);
  }

  open(): void {
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
  }

  append(name: string, values: readonly unknown[]): void {
    if (values.length) fs.appendFileSync(path.join(this.dir, name), values.map((v) => `${JSON.stringify(v)}\n`).join(''), { mode: 0o600 });
  }

  /** Every value written to `name`, in order; none when nothing was. */
  *read<T>(name: string): Generator<T> {
    let fd: number;
    try {
      fd = fs.openSync(path.join(this.dir, name), 'r');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    try {
      const buf = Buffer.allocUnsafe(CHUNK);
      let rest = Buffer.alloc(0);
      for (;;) {
        const n = fs.readSync(fd, buf, 0, CHUNK, null);
        if (n === 0) break;
        let data = Buffer.concat([rest, buf.subarray(0, n)]);
        for (let nl = data.indexOf(0x0a); nl >= 0; nl = data.indexOf(0x0a)) {
          yield JSON.parse(data.toString('utf8', 0, nl)) as T;
          data = data.subarray(nl + 1);
        }
        rest = Buffer.from(data);
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  close(): void {
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
