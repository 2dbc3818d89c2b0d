/**
 * Issue 12, item 8: the edges of a quarter. An empty quarter writes nothing and uses no set id; a
 * quarter that has not ended is refused unless --before-end, which makes a provisional set marked so
 * in the catalogue, the bag, the receipt and the trail; the reminder keeps asking for the quarter, and
 * the final export after the quarter ends holds all its recordings again.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previousQuarter, quarterAt, quarterDates, quarterId, type Quarter } from '../src/core/quarter.js';
import { instantOf } from '../src/core/zoned-time.js';
import { openVaultParts } from '../src/wiring.js';
import type { ExportReceipt } from '../src/services/export-receipt.js';
import type { AuditEntry } from '../src/core/audit-chain.js';
import type { ExportStore } from '../src/adapters/catalog/export-store.js';
import { makeWorkspace, runCli, runJson, startCli } from './support/cli.js';
import { exitOf, waitFor } from './support/wait.js';

const ZONE = 'Asia/Shanghai';

/** Local midnight of a YYYY-MM-DD in the unit's zone, plus some days. */
function dayIn(date: string, plusDays = 0): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(instantOf({ year, month, day, hour: 0, minute: 0, second: 0 }, ZONE).getTime() + plusDays * 86_400_000 + 10 * 3600_000);
}

const stampOf = (date: string) => date.replace(/-/g, '');

function bagInfo(bag: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readFileSync(path.join(bag, 'bag-info.txt'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 2)]),
  );
}

describe('export at the edges of a quarter', () => {
  const ws = makeWorkspace('ev-export-edges-');
  const out = path.join(ws.dir, 'archive');
  const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
  const json = <T>(...args: string[]) => runJson<T>(['--config', ws.config, ...args]);
  const now = new Date();
  const current = quarterAt(now, ZONE); // has not ended
  const previous = previousQuarter(current); // has ended
  let empty: Quarter = current; // a year back: begun, ended, nothing in it (until a late card arrives)
  for (let i = 0; i < 4; i++) empty = previousQuarter(empty);
  const [C, P, E] = [current, previous, empty].map(quarterId) as [string, string, string];
  const nextQuarterStarts = quarterDates(current).until;
  let card = 0;

  /** Ingest a card reader folder with one random "video" per local date given. */
  function ingestDates(...dates: string[]): void {
    const dir = path.join(ws.dir, `card${++card}`, 'DCIM');
    fs.mkdirSync(dir, { recursive: true });
    dates.forEach((d, i) => fs.writeFileSync(path.join(dir, `0005555_330303_${stampOf(d)}100000_00${card}${i}.MP4`), randomBytes(64 * 1024)));
    expect(json<{ stored: { files: number } }>('ingest', path.dirname(dir)).stored.files).toBe(dates.length);
  }

  /** The vault in this process, on a clock of the test's choosing (the CLI always runs on the real one). */
  async function withVaultAt<T>(at: Date, fn: (v: ReturnType<typeof openVaultParts>) => Promise<T> | T): Promise<T> {
    const vault = openVaultParts({ configFile: ws.config, logLevel: 'error', clock: { now: () => at } });
    try {
      return await fn(vault);
    } finally {
      await vault.close();
    }
  }

  const exportEntries = () => withVaultAt(now, (v) => [...v.audit.store.iterate({ action: 'export' })] as AuditEntry[]);
  const setRow = (id: string) => {
    const db = new Database(ws.catalog, { readonly: true });
    try {
      return db.prepare('SELECT id, quarter, provisional, status FROM export_sets WHERE id = ?').get(id) as { quarter: string; provisional: number; status: string } | undefined;
    } finally {
      db.close();
    }
  };

  beforeAll(() => {
    cli('device', 'add', '--number', '0005555', '--brand', 'X', '--model', 'Y');
    const p = quarterDates(previous).from;
    ingestDates(quarterDates(current).from, p, dayIn(p, 40).toISOString().slice(0, 10));
  });

  afterAll(() => ws.cleanup());

  it('an empty quarter writes nothing, says so, is on the record, and its set id goes to the next real export', async () => {
    const text = cli('export', 'quarter', E, '--out', out);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain(`Quarter ${E} has no recordings: no archive set made, nothing written, no set id used.`);
    expect(text.stdout).not.toContain('complete and verified');
    const r = cli('export', 'quarter', E, '--out', out, '--json');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ setId: null, quarter: E, empty: true, provisional: false, recordings: 0, sets: [] });
    expect(fs.existsSync(out)).toBe(false);
    const entries = (await exportEntries()).filter((e) => e.target === E);
    expect(entries.map((e) => [e.outcome, e.details.event, e.details.recordings])).toEqual([
      ['ok', 'empty', 0],
      ['ok', 'empty', 0],
    ]);
    expect(setRow(E)).toBeUndefined();
    expect(cli('export', 'quarter', E, '--out', out, '--lang', 'zh').stdout).toContain(`季度 ${E} 没有影像资料：未制作归档集`);

    // A careless --before-end on a quarter long over is refused, and still writes nothing.
    const careless = cli('export', 'quarter', E, '--out', out, '--before-end');
    expect(careless.status).toBe(2);
    expect(careless.stderr).toContain(`quarter ${E} has ended`);
    expect(careless.stderr).toContain('without --before-end');
    expect(fs.existsSync(out)).toBe(false);

    // A late card with footage of that quarter: its first set is the quarter's own id, not a supplement.
    ingestDates(quarterDates(empty).from);
    const late = json<ExportReceipt>('export', 'quarter', E, '--out', out);
    expect(late).toMatchObject({ setId: E, supplement: 0, provisional: false, files: 1, complete: true });
    expect(fs.readdirSync(out)).toEqual([E]);
  });

  it('refuses a quarter that has not ended; with --before-end the set is provisional in the catalogue, the bag, the receipt and the trail', async () => {
    const refused = cli('export', 'quarter', C, '--out', out);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`quarter ${C} has not ended yet: its final archive set can be made from ${nextQuarterStarts}`);
    expect(refused.stderr).toContain('add --before-end');
    expect(refused.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(fs.readdirSync(out).filter((f) => f.startsWith(C))).toEqual([]);
    const refusal = (await exportEntries()).filter((e) => e.target === C);
    expect(refusal.map((e) => [e.outcome, e.details.finalExportFrom])).toEqual([['refused', nextQuarterStarts]]);

    const id = `${C}-provisional-1`;
    const r = json<ExportReceipt>('export', 'quarter', C, '--out', out, '--before-end');
    expect(r).toMatchObject({ setId: id, quarter: C, provisional: true, finalExportFrom: nextQuarterStarts, complete: true, files: 1 });
    const bag = path.join(out, id);
    expect(r.bags[0]!.dir).toBe(bag);
    const info = bagInfo(bag);
    expect(info['Archive-Set-Status']).toBe('临时归档');
    expect(info['Archive-Set-Note']).toContain('临时归档集');
    expect(info['Archive-Set-Note']).toContain(`${nextQuarterStarts} 起须再做正式归档`);
    expect(info['External-Identifier']).toBe(C);
    expect(info['Bag-Group-Identifier']).toBe(id);
    expect(cli('export', 'verify', bag).status).toBe(0);
    expect(setRow(id)).toMatchObject({ provisional: 1, status: 'complete' });
    const trail = (await exportEntries()).filter((e) => e.target === id);
    expect(trail.map((e) => [e.details.event, e.details.provisional])).toEqual([
      ['planned', true],
      ['bag-complete', true],
    ]);

    // Again before the end: nothing new, said to be in the provisional series; the text says what must follow.
    const again = cli('export', 'quarter', C, '--out', out, '--before-end');
    expect([again.status, again.stdout]).toEqual([0, expect.stringContaining(`provisional sets ${id}`)]);

    // The quarter's reminder, a week after it ends, still asks for its set and names the provisional one.
    const reminder = await withVaultAt(dayIn(nextQuarterStarts, 7), (v) => v.export.reminder());
    expect(reminder).toMatch(new RegExp(`^quarter ${C} has no archive set yet \\(1 recordings\\)`));
    expect(reminder).toContain(`provisional ${id} made before it ended does not count`);

    // Once it has ended (the clock moved on), the final set is allowed and holds the quarter's recording again.
    const final = await withVaultAt(dayIn(nextQuarterStarts, 7), (v) => v.export.exportQuarter({ quarter: C, outDir: out }));
    expect(final.kind).toBe('exported');
    if (final.kind === 'exported') expect(final.receipt).toMatchObject({ setId: C, provisional: false, finalExportFrom: null, files: 1 });
    expect(bagInfo(path.join(out, C))['Archive-Set-Status']).toBe('正式归档');
    expect(await withVaultAt(dayIn(nextQuarterStarts, 7), (v) => v.export.reminder())).toBeNull();
  });

  it('a provisional set of the quarter just ended does not satisfy the reminder; the final export by the CLI does, with every recording', async () => {
    const pFrom = quarterDates(previous).from;
    // Made while that quarter was running (the clock set inside it).
    const early = await withVaultAt(dayIn(pFrom, 45), (v) => v.export.exportQuarter({ quarter: P, outDir: out, beforeEnd: true }));
    expect(early.kind === 'exported' && early.receipt).toMatchObject({ setId: `${P}-provisional-1`, provisional: true, files: 2 });
    const reminder = await withVaultAt(now, (v) => v.export.reminder());
    expect(reminder).toContain(`quarter ${P} has no archive set yet (2 recordings)`);

    const final = json<ExportReceipt>('export', 'quarter', P, '--out', out);
    expect(final).toMatchObject({ setId: P, supplement: 0, provisional: false, finalExportFrom: null, files: 2, complete: true });
    expect(setRow(P)).toMatchObject({ quarter: P, provisional: 0, status: 'complete' });
    expect(await withVaultAt(now, (v) => v.export.reminder())).toBeNull();
    const text = cli('export', 'quarter', P, '--out', out);
    expect([text.status, text.stdout]).toEqual([0, `Quarter ${P} has nothing new to export: its recordings are in the sets ${P}.\n`]);
  });
});

describe('two exports of one quarter at once', () => {
  const ws = makeWorkspace('ev-export-twice-');
  const out = path.join(ws.dir, 'archive');
  const cli = (...args: string[]) => runCli(['--config', ws.config, ...args]);
  const previous = previousQuarter(quarterAt(new Date(), ZONE));
  const P = quarterId(previous);

  beforeAll(() => {
    // Big enough that the first export is still copying when it is paused (random bytes: nothing compresses).
    const dir = path.join(ws.dir, 'card', 'DCIM');
    fs.mkdirSync(dir, { recursive: true });
    const day = stampOf(quarterDates(previous).from);
    for (let i = 1; i <= 3; i++) fs.writeFileSync(path.join(dir, `0006666_440404_${day}0${i}0000_000${i}.MP4`), randomBytes(32 * 1024 * 1024));
    cli('device', 'add', '--number', '0006666', '--brand', 'X', '--model', 'Y');
    expect(runJson<{ stored: { files: number } }>(['--config', ws.config, 'ingest', path.join(ws.dir, 'card')]).stored.files).toBe(3);
  });

  afterAll(() => ws.cleanup());

  it('a provisional set left unfinished when its quarter ended is named when --before-end is refused, and blocks nothing', async () => {
    const during = new Date(dayIn(quarterDates(previous).from, 30).getTime());
    const vault = openVaultParts({ configFile: ws.config, logLevel: 'error', clock: { now: () => during } });
    try {
      const stop = new AbortController();
      stop.abort(); // planned, then interrupted before its first copy
      await expect(vault.export.exportQuarter({ quarter: P, outDir: out, beforeEnd: true, signal: stop.signal })).rejects.toThrow('export interrupted');
    } finally {
      await vault.close();
    }
    const r = cli('export', 'quarter', P, '--out', out, '--before-end');
    expect(r.status).toBe(2);
    expect(r.stderr).toContain(`quarter ${P} has ended`);
    expect(r.stderr).toContain(`The unfinished provisional set ${P}-provisional-1 stays unfinished and counts for nothing`);
    fs.rmSync(out, { recursive: true, force: true }); // as the hint allows: the final set below starts on a clean disk
  });

  it('the second is refused while the first builds the set, and the first finishes a valid bag', async () => {
    const exportsOfP = () => runJson<AuditEntry[]>(['--config', ws.config, 'audit', 'log', '--action', 'export']).filter((e) => e.target === P);
    const earlier = exportsOfP().length;
    const first = startCli(['--config', ws.config, 'export', 'quarter', P, '--out', out, '--json']);
    let stdout = '';
    first.stdout!.on('data', (b: Buffer) => (stdout += b.toString()));
    const exited = exitOf(first);
    try {
      await waitFor('the first export copying into its partial bag', () => fs.existsSync(path.join(out, `${P}.partial`, '.copying')), 20_000, 2);
      first.kill('SIGSTOP'); // alive, holding the set, doing nothing: the second meets it whatever the machine's speed
      const second = cli('export', 'quarter', P, '--out', out);
      expect(second.status).toBe(2);
      expect(second.stderr).toContain(`another export is building set ${P} right now (process ${first.pid})`);
      expect(second.stderr).not.toMatch(/unexpected failure|\n\s+at /);
    } finally {
      first.kill('SIGCONT');
    }
    expect(await exited).toBe(0);
    const receipt = JSON.parse(stdout) as ExportReceipt;
    expect(receipt).toMatchObject({ setId: P, complete: true, files: 3 });
    expect(fs.readdirSync(out)).toEqual([P]);
    expect(cli('export', 'verify', path.join(out, P)).status).toBe(0);
    const entries = exportsOfP().slice(earlier);
    expect(entries.map((e) => [e.outcome, e.details.event ?? null])).toEqual([
      ['ok', 'planned'],
      ['refused', null],
      ['ok', 'bag-complete'],
    ]);
  });

  it('two runs planning the same supplement at the same moment: one builds it, the other is refused, the trail stays whole', async () => {
    const dir = path.join(ws.dir, 'late', 'DCIM');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `0006666_440404_${stampOf(quarterDates(previous).from)}090000_0009.MP4`), randomBytes(64 * 1024));
    expect(runJson<{ stored: { files: number } }>(['--config', ws.config, 'ingest', path.dirname(dir)]).stored.files).toBe(1);
    const open = () => openVaultParts({ configFile: ws.config, logLevel: 'error' });
    const [one, two] = [open(), open()];
    try {
      // The second run has just listed what to export when the first plans the same set.
      const store = (two.export as unknown as { store: ExportStore }).store;
      const listed = store.unexported.bind(store);
      let first: Promise<unknown> | undefined;
      store.unexported = (...a) => {
        const r = listed(...a);
        first ??= one.export.exportQuarter({ quarter: P, outDir: out });
        return r;
      };
      await expect(two.export.exportQuarter({ quarter: P, outDir: out })).rejects.toThrow(`another export is building set ${P}-S1 right now`);
      await expect(first).resolves.toMatchObject({ kind: 'exported', receipt: { setId: `${P}-S1`, files: 1, complete: true } });
    } finally {
      await one.close();
      await two.close();
    }
    const entries = runJson<AuditEntry[]>(['--config', ws.config, 'audit', 'log', '--action', 'export']).filter((e) => e.target === `${P}-S1`);
    expect(entries.map((e) => [e.outcome, e.details.event])).toEqual([
      ['ok', 'planned'],
      ['refused', 'planned'],
      ['ok', 'bag-complete'],
    ]);
    expect(cli('audit', 'verify').status).toBe(0);
  });
});
